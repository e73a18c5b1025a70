"""The Home tab's read model: a few queries, all scoped to one workspace."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from bot.clock import as_utc
from bot.crisis.model import Crisis, CrisisStatus
from bot.home.model import FollowUp, HomeFacts, InsightSummary, OpenCrisis
from bot.reminders.model import ReminderKind, ReminderStatus
from storage.crises import to_crisis
from storage.insight_tables import SegmentRow
from storage.reminder_tables import ReminderRow
from storage.tables import CrisisRow, CrisisStepRow

# More than a Home tab can show (it cuts at 100 blocks); the total is counted separately.
OPEN_LIMIT = 100
RESOLVED_LIMIT = 50
FOLLOW_UP_LIMIT = 100
PENDING = ReminderStatus.PENDING.value


class SqlHomeReader:
    """Reads a person's Home facts in one read-only session."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def facts(self, team_id: str, user_id: str, *, resolved_since: datetime) -> HomeFacts:
        """Open crises (the newest, and those the person leads), those resolved since
        `resolved_since`, the person's follow-ups, and the workspace's insight."""
        with Session(self._engine) as session:
            open_rows = _open_rows(session, team_id)
            led_rows = _open_rows(session, team_id, lead_id=user_id)
            open_total = session.exec(
                select(func.count())
                .select_from(CrisisRow)
                .where(CrisisRow.team_id == team_id, CrisisRow.status == CrisisStatus.OPEN.value)
            ).one()
            resolved_rows = _resolved_rows(session, team_id, resolved_since)
            follow_ups = self._follow_ups(session, team_id, user_id)
            crises = _with_steps(
                session,
                [*open_rows, *led_rows, *resolved_rows, *(row for row, _ in follow_ups)],
            )
            updates = _next_updates(session, list({r.id for r in (*open_rows, *led_rows) if r.id}))

            def opened(rows: Sequence[CrisisRow]) -> list[OpenCrisis]:
                return [OpenCrisis(crises[r.id], updates.get(r.id)) for r in rows if r.id]

            return HomeFacts(
                open_crises=opened(open_rows),
                open_total=int(open_total),
                led=opened(led_rows),
                resolved=[crises[row.id] for row in resolved_rows if row.id],
                follow_ups=[
                    FollowUp(
                        crisis=crises[row.id],
                        owner_id=user_id,
                        text=reminder.params.get("action", ""),
                        due_at=as_utc(reminder.due_at),
                    )
                    for row, reminder in follow_ups
                    if row.id
                ],
                insight=_insight(session, team_id),
            )

    @staticmethod
    def _follow_ups(
        session: Session, team_id: str, user_id: str
    ) -> Sequence[tuple[CrisisRow, ReminderRow]]:
        return session.exec(
            select(CrisisRow, ReminderRow)
            .join(ReminderRow, col(ReminderRow.crisis_id) == col(CrisisRow.id))
            .where(
                CrisisRow.team_id == team_id,
                ReminderRow.kind == ReminderKind.ACTION_DUE.value,
                ReminderRow.status == PENDING,
                ReminderRow.user_id == user_id,
            )
            .order_by(col(ReminderRow.due_at), col(ReminderRow.id))
            .limit(FOLLOW_UP_LIMIT)
        ).all()


def _open_rows(
    session: Session, team_id: str, *, lead_id: str | None = None
) -> Sequence[CrisisRow]:
    query = select(CrisisRow).where(
        CrisisRow.team_id == team_id, CrisisRow.status == CrisisStatus.OPEN.value
    )
    if lead_id is not None:
        query = query.where(CrisisRow.lead_id == lead_id)
    return session.exec(
        query.order_by(col(CrisisRow.declared_at).desc(), col(CrisisRow.id).desc()).limit(
            OPEN_LIMIT
        )
    ).all()


def _resolved_rows(session: Session, team_id: str, since: datetime) -> Sequence[CrisisRow]:
    return session.exec(
        select(CrisisRow)
        .where(
            CrisisRow.team_id == team_id,
            CrisisRow.status != CrisisStatus.OPEN.value,
            col(CrisisRow.resolved_at) >= since,
        )
        .order_by(col(CrisisRow.resolved_at).desc(), col(CrisisRow.id).desc())
        .limit(RESOLVED_LIMIT)
    ).all()


def _with_steps(session: Session, rows: Sequence[CrisisRow]) -> dict[int, Crisis]:
    ids = {row.id for row in rows if row.id is not None}
    steps: dict[int, list[CrisisStepRow]] = defaultdict(list)
    for step in session.exec(
        select(CrisisStepRow)
        .where(col(CrisisStepRow.crisis_id).in_(ids))
        .order_by(col(CrisisStepRow.crisis_id), col(CrisisStepRow.position))
    ).all():
        steps[step.crisis_id].append(step)
    return {row.id: to_crisis(row, steps[row.id]) for row in rows if row.id is not None}


def _next_updates(session: Session, crisis_ids: list[int]) -> dict[int, datetime]:
    rows = session.exec(
        select(ReminderRow.crisis_id, func.min(ReminderRow.due_at))
        .where(
            col(ReminderRow.crisis_id).in_(crisis_ids),
            ReminderRow.kind == ReminderKind.STATUS_UPDATE_DUE.value,
            ReminderRow.status == PENDING,
        )
        .group_by(col(ReminderRow.crisis_id))
    ).all()
    return {crisis_id: as_utc(due) for crisis_id, due in rows if due is not None}


def _insight(session: Session, team_id: str) -> InsightSummary:
    count, updated = session.exec(
        select(func.count(), func.max(SegmentRow.updated_at)).where(SegmentRow.team_id == team_id)
    ).one()
    return InsightSummary(int(count), None if updated is None else as_utc(updated))
