"""Crisis repository: rows <-> the domain's Crisis aggregate."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.clock import as_utc
from bot.crisis.decisions import Priority, TimelineEvent
from bot.crisis.model import (
    Crisis,
    CrisisDraft,
    CrisisStatus,
    CrisisType,
    Severity,
    SourceMessage,
    Step,
    StepKey,
    StepState,
)
from bot.errors import DuplicateRequest
from storage.decision_tables import PriorityRow
from storage.decisions import timeline_page, to_priority
from storage.tables import CrisisRow, CrisisStepRow, TimelineEventRow


class SqlCrisisRepository:
    """Crises in the app's database, within the caller's session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self, draft: CrisisDraft, *, steps: Sequence[Step], declared_at: datetime, key: str
    ) -> Crisis:
        """Store a new crisis; raise DuplicateRequest if `key` was already used."""
        row = CrisisRow(
            idempotency_key=key,
            team_id=draft.team_id,
            title=draft.title,
            description=draft.description,
            crisis_type=draft.crisis_type.value,
            severity=draft.severity.value,
            status=CrisisStatus.OPEN.value,
            lead_id=draft.lead_id,
            declared_by=draft.declared_by,
            responder_ids=list(draft.responder_ids),
            segment_ids=list(draft.segment_ids),
            origin_channel_id=draft.origin_channel_id,
            declared_at=declared_at,
            source_channel_id=draft.source.channel_id if draft.source else None,
            source_ts=draft.source.ts if draft.source else None,
            source_permalink=draft.source.permalink if draft.source else None,
            source_thread_ts=draft.source.thread_ts if draft.source else None,
        )
        try:
            with self._session.begin_nested():
                self._session.add(row)
                self._session.flush()
        except IntegrityError:
            raise DuplicateRequest(key) from None
        assert row.id is not None
        for position, step in enumerate(steps):
            self._session.add(_step_row(row.id, position, step))
        self._session.flush()
        return self._load(row)

    def get(self, crisis_id: int) -> Crisis | None:
        """The crisis with this id."""
        row = self._session.get(CrisisRow, crisis_id)
        return None if row is None else self._load(row)

    def get_many(self, crisis_ids: Collection[int]) -> dict[int, Crisis]:
        """The crises with these ids (those that exist), in three queries whatever their number."""
        if not crisis_ids:
            return {}
        rows = self._session.exec(
            select(CrisisRow).where(col(CrisisRow.id).in_(sorted(crisis_ids)))
        ).all()
        return self._load_all(rows)

    def by_channel(self, team_id: str, channel_id: str) -> Crisis | None:
        """The crisis whose channel this is."""
        row = self._session.exec(
            select(CrisisRow).where(
                CrisisRow.team_id == team_id, CrisisRow.channel_id == channel_id
            )
        ).first()
        return None if row is None else self._load(row)

    def team_of(self, crisis_id: int) -> str | None:
        """The workspace of the crisis with this id (None: no such crisis)."""
        return self._session.exec(
            select(CrisisRow.team_id).where(CrisisRow.id == crisis_id)
        ).first()

    def set_channel(self, crisis_id: int, *, channel_id: str, channel_name: str) -> None:
        """Remember the crisis channel."""
        row = self._row(crisis_id)
        row.channel_id, row.channel_name = channel_id, channel_name
        self._session.add(row)

    def page(self, team_id: str, *, offset: int, limit: int) -> tuple[list[Crisis], int]:
        """The team's crises, newest first (without steps), and how many there are."""
        rows = self._session.exec(
            select(CrisisRow)
            .where(CrisisRow.team_id == team_id)
            .order_by(col(CrisisRow.declared_at).desc(), col(CrisisRow.id).desc())
            .offset(offset)
            .limit(limit)
        ).all()
        total = self._session.exec(
            select(func.count()).select_from(CrisisRow).where(CrisisRow.team_id == team_id)
        ).one()
        return [to_crisis(row, []) for row in rows], int(total)

    def complete_step(
        self, crisis_id: int, key: StepKey, *, by: str, at: datetime, summary: str
    ) -> bool:
        """Mark a pending step done; False if someone completed it first."""
        result = self._session.execute(
            update(CrisisStepRow)
            .where(
                col(CrisisStepRow.crisis_id) == crisis_id,
                col(CrisisStepRow.key) == key.value,
                col(CrisisStepRow.state) == StepState.PENDING.value,
            )
            .values(state=StepState.DONE.value, completed_by=by, completed_at=at, summary=summary)
        )
        return bool(getattr(result, "rowcount", 0))

    def change(
        self,
        crisis_id: int,
        *,
        severity: Severity | None = None,
        lead_id: str | None = None,
        customer_eta: datetime | None = None,
        status: CrisisStatus | None = None,
        resolved_at: datetime | None = None,
        review_sequence: int | None = None,
    ) -> None:
        """Change what is given: severity, lead, customer ETA, status, resolution time."""
        row = self._row(crisis_id)
        if review_sequence is not None:
            row.review_sequence = review_sequence
        if status is not None:
            row.status = status.value
        if resolved_at is not None:
            row.resolved_at = resolved_at
        if severity is not None:
            row.severity = severity.value
        if lead_id is not None:
            row.lead_id = lead_id
        if customer_eta is not None:
            row.customer_eta = customer_eta
        self._session.add(row)

    def reassign_pending_steps(self, crisis_id: int, *, owner_id: str) -> list[StepKey]:
        """Give every step not yet done to `owner_id`; the keys of the steps that moved."""
        rows = self._session.exec(
            select(CrisisStepRow).where(
                CrisisStepRow.crisis_id == crisis_id,
                CrisisStepRow.state == StepState.PENDING.value,
                CrisisStepRow.owner_id != owner_id,
            )
        ).all()
        for row in rows:
            row.owner_id = owner_id
            self._session.add(row)
        return [StepKey(row.key) for row in rows]

    def set_step_due(self, crisis_id: int, key: StepKey, *, due_at: datetime) -> None:
        """Set when a step is due."""
        self._session.execute(
            update(CrisisStepRow)
            .where(col(CrisisStepRow.crisis_id) == crisis_id, col(CrisisStepRow.key) == key.value)
            .values(due_at=due_at)
        )

    def set_board(self, crisis_id: int, *, board_ts: str) -> None:
        """Remember the board message."""
        row = self._row(crisis_id)
        row.board_ts = board_ts
        self._session.add(row)

    def _row(self, crisis_id: int) -> CrisisRow:
        row = self._session.get(CrisisRow, crisis_id)
        if row is None:
            raise LookupError(f"crisis {crisis_id} does not exist")
        return row

    def _load(self, row: CrisisRow) -> Crisis:
        assert row.id is not None
        return self._load_all([row])[row.id]

    def _load_all(self, rows: Sequence[CrisisRow]) -> dict[int, Crisis]:
        """The crises of these rows with their steps and priorities (two more queries)."""
        ids = [row.id for row in rows if row.id is not None]
        steps: dict[int, list[CrisisStepRow]] = {}
        for step in self._session.exec(
            select(CrisisStepRow)
            .where(col(CrisisStepRow.crisis_id).in_(ids))
            .order_by(col(CrisisStepRow.position))
        ):
            steps.setdefault(step.crisis_id, []).append(step)
        priorities: dict[int, list[Priority]] = {}
        for priority in self._session.exec(
            select(PriorityRow)
            .where(col(PriorityRow.crisis_id).in_(ids))
            .order_by(col(PriorityRow.position))
        ):
            priorities.setdefault(priority.crisis_id, []).append(to_priority(priority))
        return {
            row.id: replace(
                to_crisis(row, steps.get(row.id, [])),
                priorities=tuple(priorities.get(row.id, [])),
            )
            for row in rows
            if row.id is not None
        }


def to_crisis(row: CrisisRow, steps: Sequence[CrisisStepRow]) -> Crisis:
    """The domain view of a crisis row and its step rows."""
    assert row.id is not None
    return Crisis(
        id=row.id,
        team_id=row.team_id,
        title=row.title,
        description=row.description,
        crisis_type=CrisisType(row.crisis_type),
        severity=Severity(row.severity),
        status=CrisisStatus(row.status),
        lead_id=row.lead_id,
        declared_by=row.declared_by,
        responder_ids=tuple(row.responder_ids),
        declared_at=as_utc(row.declared_at),
        origin_channel_id=row.origin_channel_id,
        channel_id=row.channel_id,
        channel_name=row.channel_name,
        board_ts=row.board_ts,
        segment_ids=tuple(row.segment_ids),
        steps=tuple(to_step(step) for step in steps),
        customer_eta=None if row.customer_eta is None else as_utc(row.customer_eta),
        resolved_at=None if row.resolved_at is None else as_utc(row.resolved_at),
        source=_source(row),
        review_sequence=row.review_sequence,
    )


def _source(row: CrisisRow) -> SourceMessage | None:
    if not (row.source_channel_id and row.source_ts):
        return None
    return SourceMessage(
        row.source_channel_id, row.source_ts, row.source_permalink, row.source_thread_ts
    )


def to_step(row: CrisisStepRow) -> Step:
    """The domain view of a step row."""
    return Step(
        key=StepKey(row.key),
        title=row.title,
        state=StepState(row.state),
        owner_id=row.owner_id,
        due_at=None if row.due_at is None else as_utc(row.due_at),
        completed_at=None if row.completed_at is None else as_utc(row.completed_at),
        completed_by=row.completed_by,
        summary=row.summary,
    )


def _step_row(crisis_id: int, position: int, step: Step) -> CrisisStepRow:
    return CrisisStepRow(
        crisis_id=crisis_id,
        position=position,
        key=step.key.value,
        title=step.title,
        state=step.state.value,
        owner_id=step.owner_id,
        due_at=step.due_at,
    )


class SqlTimelineRepository:
    """The timeline, within the caller's session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, crisis_id: int, event: TimelineEvent) -> None:
        """Append one event."""
        self._session.add(
            TimelineEventRow(
                crisis_id=crisis_id,
                at=event.at,
                actor_id=event.actor_id,
                kind=event.kind.value,
                subject=event.subject,
                from_value=event.from_value,
                to_value=event.to_value,
            )
        )

    def page(self, crisis_id: int, *, offset: int, limit: int) -> tuple[list[TimelineEvent], int]:
        """One page of the timeline, oldest first, and the number of events in all."""
        return timeline_page(self._session, crisis_id, offset=offset, limit=limit)
