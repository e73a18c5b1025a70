"""Decisions, priorities and timeline pages, within the caller's session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.clock import as_utc
from bot.crisis.decisions import (
    FACTS_BY_KIND,
    Decision,
    DecisionDraft,
    DecisionKind,
    Priority,
    TimelineEvent,
    TimelineKind,
)
from bot.crisis.facts import Facts, PriorityDraft, facts_from_json, facts_to_json
from bot.crisis.impact import Direction, Harm, ImpactAssessment
from bot.errors import DuplicateRequest
from storage.decision_tables import DecisionRow, PriorityRow
from storage.tables import TimelineEventRow


class SqlDecisionRepository:
    """Decisions and priorities in the app's database."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, draft: DecisionDraft, *, at: datetime, key: str) -> Decision:
        """Record a decision once per `key`; raise DuplicateRequest on a repeat."""
        assessment = draft.assessment
        row = DecisionRow(
            idempotency_key=key,
            crisis_id=draft.crisis_id,
            kind=draft.kind.value,
            summary=draft.summary,
            decided_by=draft.decided_by,
            decided_at=at,
            direction=assessment.direction.value,
            segment_ids=list(assessment.segment_ids),
            harms=[harm.value for harm in assessment.harms],
            mitigation=assessment.mitigation,
            highlight=assessment.highlight,
            facts=facts_to_json(draft.facts) if draft.facts is not None else None,
            source_ts=draft.source_ts,
        )
        try:
            with self._session.begin_nested():
                self._session.add(row)
                self._session.flush()
        except IntegrityError:
            raise DuplicateRequest(key) from None
        return to_decision(row)

    def get(self, decision_id: int) -> Decision | None:
        """The decision with this id."""
        row = self._session.get(DecisionRow, decision_id)
        return None if row is None else to_decision(row)

    def page(
        self,
        crisis_id: int,
        *,
        offset: int,
        limit: int,
        exclude: Sequence[DecisionKind] = (),
    ) -> tuple[list[Decision], int]:
        """Decisions in the order made (but the kinds excluded), one page, and how many."""
        skipped = [kind.value for kind in exclude]
        rows = self._session.exec(
            select(DecisionRow)
            .where(DecisionRow.crisis_id == crisis_id, col(DecisionRow.kind).not_in(skipped))
            .order_by(col(DecisionRow.decided_at), col(DecisionRow.id))
            .offset(offset)
            .limit(limit)
        ).all()
        total = self._session.exec(
            select(func.count())
            .select_from(DecisionRow)
            .where(DecisionRow.crisis_id == crisis_id, col(DecisionRow.kind).not_in(skipped))
        ).one()
        return [to_decision(row) for row in rows], int(total)

    def add_priorities(
        self, crisis_id: int, priorities: Sequence[PriorityDraft], *, at: datetime
    ) -> None:
        """Add priorities after the ones the crisis already has."""
        start = self._session.exec(
            select(func.count()).select_from(PriorityRow).where(PriorityRow.crisis_id == crisis_id)
        ).one()
        for position, priority in enumerate(priorities, int(start)):
            self._session.add(
                PriorityRow(
                    crisis_id=crisis_id,
                    position=position,
                    text=priority.text,
                    harm=priority.harm.value,
                    owner_id=priority.owner_id,
                    created_at=at,
                )
            )

    def close_priorities(self, crisis_id: int) -> None:
        """Mark every priority of the crisis as no longer open."""
        self._session.execute(
            update(PriorityRow).where(col(PriorityRow.crisis_id) == crisis_id).values(open=False)
        )


def to_priority(row: PriorityRow) -> Priority:
    """The domain view of a priority row."""
    return Priority(
        id=row.id or 0, text=row.text, harm=Harm(row.harm), owner_id=row.owner_id, open=row.open
    )


def to_decision(row: DecisionRow) -> Decision:
    """The domain view of a decision row."""
    return Decision(
        id=row.id or 0,
        crisis_id=row.crisis_id,
        kind=DecisionKind(row.kind),
        summary=row.summary,
        decided_by=row.decided_by,
        decided_at=as_utc(row.decided_at),
        assessment=ImpactAssessment(
            direction=Direction(row.direction),
            segment_ids=tuple(row.segment_ids),
            harms=tuple(Harm(harm) for harm in row.harms),
            mitigation=row.mitigation,
            highlight=row.highlight,
        ),
        facts=read_facts(DecisionKind(row.kind), row.facts),
        source_ts=row.source_ts,
    )


def read_facts(kind: DecisionKind, stored: object) -> Facts | None:
    """The kind's record from its stored JSON, checked by the record's type."""
    record_type = FACTS_BY_KIND.get(kind)
    if record_type is None or stored is None:
        return None
    return facts_from_json(record_type, stored)


def timeline_page(
    session: Session, crisis_id: int, *, offset: int, limit: int
) -> tuple[list[TimelineEvent], int]:
    """One page of the timeline, oldest first, and the number of events in all."""
    rows = session.exec(
        select(TimelineEventRow)
        .where(TimelineEventRow.crisis_id == crisis_id)
        .order_by(col(TimelineEventRow.at), col(TimelineEventRow.id))
        .offset(offset)
        .limit(limit)
    ).all()
    total = session.exec(
        select(func.count())
        .select_from(TimelineEventRow)
        .where(TimelineEventRow.crisis_id == crisis_id)
    ).one()
    events = [
        TimelineEvent(
            at=as_utc(r.at),
            kind=TimelineKind(r.kind),
            actor_id=r.actor_id,
            subject=r.subject,
            from_value=r.from_value,
            to_value=r.to_value,
        )
        for r in rows
    ]
    return events, int(total)
