"""Outreach programmes and their progress reports, within the caller's session."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.clock import as_utc
from bot.insight.model import TouchPoint
from bot.trust.outreach import OutreachReport, Programme, ProgrammeDraft
from storage.trust_tables import OutreachReportRow, ProgrammeRow


class SqlProgrammeRepository:
    """Outreach programmes in the app's database."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def list(self, crisis_id: int) -> list[Programme]:
        """The crisis's programmes (with their reports), by segment name."""
        rows = self._session.exec(
            select(ProgrammeRow)
            .where(ProgrammeRow.crisis_id == crisis_id)
            .order_by(col(ProgrammeRow.segment_name), col(ProgrammeRow.id))
        ).all()
        return [self._load(row) for row in rows]

    def get(self, programme_id: int) -> Programme | None:
        """The programme with this id."""
        row = self._session.get(ProgrammeRow, programme_id)
        return None if row is None else self._load(row)

    def save(
        self,
        draft: ProgrammeDraft,
        *,
        team_id: str,
        crisis_id: int,
        segment_name: str,
        by: str,
        at: datetime,
        programme_id: int | None = None,
    ) -> Programme:
        """Add a programme, or change one (its progress is kept); the draft is complete."""
        row = None if programme_id is None else self._session.get(ProgrammeRow, programme_id)
        if row is None:
            row = ProgrammeRow(
                team_id=team_id,
                crisis_id=crisis_id,
                segment_id=draft.segment_id,
                segment_name="",
                owner_id="",
                target=0,
                due_at=at,
                message="",
                contacted=0,
                created_by=by,
                created_at=at,
            )
        row.segment_id, row.segment_name = draft.segment_id, segment_name
        row.owner_id = draft.owner_id or ""
        row.touch_points = [tp.value for tp in draft.touch_points]
        row.target, row.due_at, row.message = draft.target or 0, draft.due_at, draft.message
        self._session.add(row)
        self._session.flush()
        return self._load(row)

    def report(self, programme_id: int, report: OutreachReport) -> bool:
        """Add a report unless it would pass the target (checked in the same statement)."""
        total = col(ProgrammeRow.contacted) + report.contacted
        result = self._session.execute(
            update(ProgrammeRow)
            .where(col(ProgrammeRow.id) == programme_id, total <= col(ProgrammeRow.target))
            .values(contacted=total)
        )
        if not getattr(result, "rowcount", 0):
            return False
        self._session.add(
            OutreachReportRow(
                programme_id=programme_id,
                contacted=report.contacted,
                notes=report.notes,
                reported_by=report.by,
                reported_at=report.at,
            )
        )
        self._session.flush()
        self._session.expire_all()
        return True

    def _load(self, row: ProgrammeRow) -> Programme:
        assert row.id is not None
        reports = self._session.exec(
            select(OutreachReportRow)
            .where(OutreachReportRow.programme_id == row.id)
            .order_by(col(OutreachReportRow.id))
        ).all()
        return Programme(
            id=row.id,
            team_id=row.team_id,
            crisis_id=row.crisis_id,
            segment_id=row.segment_id,
            segment_name=row.segment_name,
            owner_id=row.owner_id,
            touch_points=tuple(
                TouchPoint(tp) for tp in row.touch_points if tp in TouchPoint.__members__.values()
            ),
            target=row.target,
            due_at=as_utc(row.due_at),
            message=row.message,
            contacted=row.contacted,
            reports=tuple(
                OutreachReport(r.contacted, r.notes, r.reported_by, as_utc(r.reported_at))
                for r in reports
            ),
        )
