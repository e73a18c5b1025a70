"""Closing a crisis: resolution, the review, and the review document."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from bot.clock import Clock, utc_now
from bot.comms.promises import score
from bot.crisis.decisions import Decision, DecisionDraft, TimelineEvent, TimelineKind
from bot.crisis.facts import ReviewAnswers
from bot.crisis.model import Crisis, CrisisStatus, StepKey
from bot.crisis.playbook import Playbook
from bot.crisis.review_record import ReviewRecord
from bot.crisis.rules import Act
from bot.errors import AlreadyDone, DuplicateRequest, InvalidInput, NotFound
from bot.home.model import people_concerned
from bot.home.ports import HomeRefresh, NoHomeRefresh
from bot.insight.model import ExposureLookup
from bot.outbox.model import OutboxKind
from bot.reminders.policy import ReminderPolicy
from bot.response.ports import UnitOfWork, UnitOfWorkFactory
from bot.response.response import Recorded, publish
from bot.trust.record import TrustRecord

BATCH = 500
T = TypeVar("T")
TrustLookup = Callable[[int], TrustRecord]
# Called inside the resolution's transaction (e.g. to owe customers a "resolved" event).
ResolutionHook = Callable[[UnitOfWork, Crisis], None]


class CrisisClosing:
    """The use cases behind resolving a crisis and holding its review."""

    def __init__(
        self,
        *,
        units: UnitOfWorkFactory,
        playbook: Playbook,
        clock: Clock,
        reminders: ReminderPolicy,
        exposure: ExposureLookup,
        home: HomeRefresh | None = None,
        trust: TrustLookup | None = None,
        on_resolved: ResolutionHook | None = None,
    ) -> None:
        self._home = home or NoHomeRefresh()
        self._trust = trust
        self._units = units
        self._playbook = playbook
        self._clock = clock
        self._reminders = reminders
        self._exposure = exposure
        self._on_resolved = on_resolved

    def resolve(self, draft: DecisionDraft, *, key: str) -> Recorded | None:
        """Resolve the crisis (lead only) and schedule its review; None for a repeat."""
        now = self._clock()
        review_at = now + self._playbook.step(StepKey.REVIEW).due_after
        with self._units() as unit:
            crisis = self._crisis(unit, draft.crisis_id)
            crisis.require(draft.decided_by, Act.RESOLVE)
            try:
                decision = unit.decisions.add(draft, at=now, key=key)
            except DuplicateRequest:
                return None
            unit.crises.change(crisis.id, status=CrisisStatus.RESOLVED, resolved_at=now)
            unit.crises.set_step_due(crisis.id, StepKey.REVIEW, due_at=review_at)
            unit.decisions.close_priorities(crisis.id)
            self._reminders.crisis_resolved(unit, crisis, review_at, now)
            if self._on_resolved is not None:
                self._on_resolved(unit, crisis)
            unit.timeline.record(
                crisis.id,
                TimelineEvent(now, TimelineKind.RESOLVED, draft.decided_by, subject=draft.summary),
            )
            publish(unit, decision, now, OutboxKind.REVIEW_SCHEDULED, OutboxKind.REVIEW_INVITE)
            unit.commit()
            after = unit.crises.get(crisis.id)
        assert after is not None
        self._home.refresh(after.team_id, people_concerned(after))
        return Recorded(after, decision)

    def complete_review(self, draft: DecisionDraft, *, key: str) -> Recorded | None:
        """Record the review and its follow-up actions; None for a repeat."""
        now = self._clock()
        actions = draft.facts.actions if isinstance(draft.facts, ReviewAnswers) else ()
        with self._units() as unit:
            crisis = self._crisis(unit, draft.crisis_id)
            crisis.require(draft.decided_by, Act.REVIEW)
            try:
                decision = unit.decisions.add(draft, at=now, key=key)
            except DuplicateRequest:
                return None
            if not unit.crises.complete_step(
                crisis.id, StepKey.REVIEW, by=draft.decided_by, at=now, summary=draft.summary
            ):
                raise AlreadyDone("The review was already completed. The board shows it.")
            unit.crises.change(crisis.id, status=CrisisStatus.REVIEWED)
            self._reminders.crisis_reviewed(unit, crisis, actions)
            unit.timeline.record(
                crisis.id, TimelineEvent(now, TimelineKind.REVIEWED, draft.decided_by)
            )
            after_review = [OutboxKind.SHARE_REVIEW]
            if self._playbook.archive_channel_after_review:
                after_review.append(OutboxKind.ARCHIVE_CHANNEL)
            publish(unit, decision, now, *after_review)
            unit.commit()
            after = unit.crises.get(crisis.id)
        assert after is not None
        owners = (action.owner_id for action in actions)
        self._home.refresh(after.team_id, people_concerned(after, *owners))
        return Recorded(after, decision)

    def review_record(self, crisis_id: int) -> ReviewRecord:
        """Everything recorded about the crisis, for its review document."""
        return load_review_record(
            self._units, crisis_id, exposure=self._exposure, trust=self._trust, now=self._clock()
        )

    def move_review(self, crisis_id: int, *, actor: str, to: datetime) -> Crisis:
        """Reschedule the review and its nudges (lead only); the invite's SEQUENCE goes up."""
        now = self._clock()
        with self._units() as unit:
            crisis = unit.crises.get(crisis_id)
            if crisis is None:
                raise NotFound("That crisis no longer exists.")
            crisis.require(actor, Act.MOVE_REVIEW)
            if to <= now:
                raise InvalidInput("when", "The review can only move to a time ahead.")
            unit.crises.set_step_due(crisis.id, StepKey.REVIEW, due_at=to)
            unit.crises.change(crisis.id, review_sequence=crisis.review_sequence + 1)
            self._reminders.review_scheduled(unit, crisis, to)
            unit.timeline.record(
                crisis.id,
                TimelineEvent(now, TimelineKind.REVIEW_MOVED, actor, to_value=to.isoformat()),
            )
            # The board, the channel and everyone's calendar hear of it once it is saved.
            unit.outbox.add(crisis.id, OutboxKind.REDRAW_BOARD, at=now)
            unit.outbox.add(crisis.id, OutboxKind.REVIEW_SCHEDULED, at=now, moved="yes")
            unit.outbox.add(crisis.id, OutboxKind.REVIEW_INVITE, at=now)
            unit.commit()
            after = unit.crises.get(crisis.id)
        assert after is not None
        self._home.refresh(after.team_id, people_concerned(after))
        return after

    def _crisis(self, unit: UnitOfWork, crisis_id: int) -> Crisis:
        crisis = unit.crises.get(crisis_id)
        if crisis is None:
            raise NotFound("That crisis no longer exists.")
        return crisis


def load_review_record(
    units: UnitOfWorkFactory,
    crisis_id: int,
    *,
    exposure: ExposureLookup,
    trust: TrustLookup | None = None,
    now: datetime | None = None,
) -> ReviewRecord:
    """Read everything recorded about a crisis, for its review document."""
    with units(write=False) as unit:
        crisis = unit.crises.get(crisis_id)
        if crisis is None:
            raise NotFound(f"There is no crisis #{crisis_id}.")
        decisions: list[Decision] = _all(
            lambda offset: unit.decisions.page(crisis_id, offset=offset, limit=BATCH)
        )
        timeline: list[TimelineEvent] = _all(
            lambda offset: unit.timeline.page(crisis_id, offset=offset, limit=BATCH)
        )
        promises = score(
            crisis,
            unit.promises.promises(crisis_id),
            unit.promises.items(crisis_id),
            now or utc_now(),
        )
    return ReviewRecord(
        crisis,
        tuple(decisions),
        tuple(timeline),
        exposure(crisis.team_id, crisis.segment_ids),
        trust(crisis_id) if trust is not None else None,
        promises,
    )


def _all(fetch: Callable[[int], tuple[list[T], int]]) -> list[T]:
    items: list[T] = []
    while True:
        page, total = fetch(len(items))
        items.extend(page)
        if not page or len(items) >= total:
            return items
