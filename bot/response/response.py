"""Running the response inside a crisis channel: steps, decisions, updates, the lead."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, Protocol, TypeVar

from bot.clock import Clock
from bot.crisis.decisions import Decision, DecisionDraft, DecisionKind, TimelineEvent, TimelineKind
from bot.crisis.facts import FixPlan, PriorityDraft
from bot.crisis.model import Crisis, Severity, StepKey
from bot.crisis.playbook import Playbook
from bot.crisis.rules import Act, Member, lead_candidate_refusal
from bot.errors import AlreadyDone, DuplicateRequest, NotACrisisChannel, NotFound
from bot.home.model import people_concerned
from bot.home.ports import HomeRefresh, NoHomeRefresh
from bot.outbox.model import OutboxKind
from bot.reminders.policy import ReminderPolicy
from bot.response.ports import UnitOfWork, UnitOfWorkFactory

PAGE_SIZE = 20
GONE_REMINDER = "That reminder is no longer active, so there is nothing to snooze."
T = TypeVar("T")


@dataclass(frozen=True)
class Recorded:
    """A decision that was just recorded, and the crisis as it stands after it."""

    crisis: Crisis
    decision: Decision


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a long list."""

    items: list[T]
    number: int
    total: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, -(-self.total // self.size))


StepChange = Callable[[UnitOfWork, Crisis], None]
# What the rule book is asked before recording each kind of decision in a crisis channel.
ACTS = {
    DecisionKind.DECISION: Act.LOG_DECISION,
    DecisionKind.RESET: Act.COMPLETE_STEP,
    DecisionKind.REFOCUS: Act.COMPLETE_STEP,
    DecisionKind.FIX: Act.COMPLETE_FIX,
    DecisionKind.UPDATE: Act.POST_UPDATE,
    DecisionKind.RESOLUTION: Act.RESOLVE,
    DecisionKind.REVIEW: Act.REVIEW,
}


class ResponseObserver(Protocol):
    """Told, inside the change's own transaction, of what other capabilities build on."""

    def decision_recorded(self, unit: UnitOfWork, crisis: Crisis, decision: Decision) -> None:
        """A decision (or step, or update) was recorded with its assessment."""
        ...

    def eta_promised(self, unit: UnitOfWork, crisis: Crisis, eta: datetime, by: str) -> None:
        """Fix promised customers a fix time."""
        ...


class CrisisResponse:
    """The use cases behind the board's buttons and the decide, update, status, lead commands."""

    def __init__(
        self,
        *,
        units: UnitOfWorkFactory,
        playbook: Playbook,
        clock: Clock,
        reminders: ReminderPolicy,
        home: HomeRefresh | None = None,
        observer: ResponseObserver | None = None,
    ) -> None:
        self._observer = observer
        self._reminders = reminders
        self._home = home or NoHomeRefresh()
        self._units = units
        self._playbook = playbook
        self._clock = clock

    def now(self) -> datetime:
        """The current time on the service's clock."""
        return self._clock()

    def crisis_in_channel(self, team_id: str, channel_id: str) -> Crisis:
        """The crisis this channel is for, or NotACrisisChannel."""
        with self._units(write=False) as unit:
            crisis = unit.crises.by_channel(team_id, channel_id)
        if crisis is None:
            raise NotACrisisChannel()
        return crisis

    def crisis_team(self, crisis_id: int) -> str:
        """The workspace of the crisis with this id (one column read), or NotFound."""
        with self._units(write=False) as unit:
            team_id = unit.crises.team_of(crisis_id)
        if team_id is None:
            raise NotFound("That crisis no longer exists.")
        return team_id

    def crisis(self, crisis_id: int) -> Crisis:
        """The crisis with this id, or NotFound."""
        with self._units(write=False) as unit:
            crisis = unit.crises.get(crisis_id)
        if crisis is None:
            raise NotFound("That crisis no longer exists.")
        return crisis

    def record_decision(self, draft: DecisionDraft, *, key: str) -> Recorded | None:
        """Record a decision with its assessment; None if this key was already recorded."""
        return self._record(draft, key=key, change=None)

    def complete_reset(
        self,
        draft: DecisionDraft,
        *,
        key: str,
        severity: Severity | None,
        segment_ids: Sequence[int],
    ) -> Recorded | None:
        """Complete Reset; only the lead may change the severity (None: it stays)."""

        def change(unit: UnitOfWork, crisis: Crisis) -> None:
            if severity is not None and severity is not crisis.severity:
                crisis.require(draft.decided_by, Act.CHANGE_SEVERITY)
                unit.crises.change(crisis.id, severity=severity)
                self._log(
                    unit,
                    crisis.id,
                    TimelineEvent(
                        self._clock(),
                        TimelineKind.SEVERITY_CHANGED,
                        draft.decided_by,
                        from_value=crisis.severity.value,
                        to_value=severity.value,
                    ),
                )
            self._complete_step(unit, crisis, StepKey.RESET, draft)

        return self._record(draft, key=key, change=change)

    def complete_refocus(
        self, draft: DecisionDraft, *, key: str, priorities: Sequence[PriorityDraft]
    ) -> Recorded | None:
        """Complete Refocus priorities: the priorities stay on the board until resolution."""

        def change(unit: UnitOfWork, crisis: Crisis) -> None:
            self._complete_step(unit, crisis, StepKey.REFOCUS, draft)
            unit.decisions.add_priorities(crisis.id, priorities, at=self._clock())

        return self._record(draft, key=key, change=change)

    def complete_fix(self, draft: DecisionDraft, *, key: str) -> Recorded | None:
        """Complete Fix (lead only); a fix time promised to customers is remembered and watched."""
        plan = draft.facts
        eta = plan.customer_eta if isinstance(plan, FixPlan) else None

        # The rule book (lead only, while open) is asked in _record, before anything is saved.
        def change(unit: UnitOfWork, crisis: Crisis) -> None:
            self._complete_step(unit, crisis, StepKey.FIX, draft)
            # No promise, no reminder: the lead sets one only when customers were told a time.
            if eta is not None:
                unit.crises.change(crisis.id, customer_eta=eta)
                self._reminders.eta_promised(unit, crisis, eta)
                if self._observer is not None:
                    self._observer.eta_promised(unit, crisis, eta, draft.decided_by)

        return self._record(draft, key=key, change=change)

    def post_update(
        self, draft: DecisionDraft, *, key: str, next_update_at: datetime
    ) -> Recorded | None:
        """Record a status update; the next one is asked for at `next_update_at`."""

        def change(unit: UnitOfWork, crisis: Crisis) -> None:
            self._reminders.update_posted(unit, crisis, next_update_at)
            self._reminders.update_near_eta(unit, crisis, self._clock())

        # An update changes reminders, not the crisis: it needs no second read.
        return self._record(draft, key=key, change=change, rereads=False)

    def hand_over(
        self, crisis: Crisis, *, actor: str, new_lead: str, member: Member | None
    ) -> Crisis:
        """Hand the lead to `new_lead` if `member` (None: unknown) is a person; lead only."""
        crisis.require(actor, Act.HAND_OVER)
        refused = lead_candidate_refusal(member, lead_id=crisis.lead_id)
        if refused is not None:
            raise refused
        with self._units() as unit:
            current = unit.crises.get(crisis.id) or crisis
            current.require(actor, Act.HAND_OVER)
            unit.crises.change(crisis.id, lead_id=new_lead)
            moved = unit.crises.reassign_pending_steps(crisis.id, owner_id=new_lead)
            self._reminders.lead_handed_over(unit, current, new_lead=new_lead, steps=moved)
            self._log(
                unit,
                crisis.id,
                TimelineEvent(
                    self._clock(),
                    TimelineKind.LEAD_HANDED_OVER,
                    actor,
                    from_value=current.lead_id,
                    to_value=new_lead,
                ),
            )
            now = self._clock()
            unit.outbox.add(
                crisis.id, OutboxKind.LEAD_CHANGED, at=now, previous=current.lead_id, lead=new_lead
            )
            unit.outbox.add(crisis.id, OutboxKind.REDRAW_BOARD, at=now)
            unit.commit()
            changed = unit.crises.get(crisis.id)
        assert changed is not None
        self._home.refresh(changed.team_id, people_concerned(changed, current.lead_id))
        return changed

    def snooze_reminder(
        self, reminder_id: int, *, by: str, delay: timedelta, team_id: str
    ) -> datetime:
        """Bring a reminder back after `delay`; NotFound if it was cancelled or superseded,
        or belongs to another workspace."""
        until = self._clock() + delay
        with self._units() as unit:
            reminder = unit.reminders.get(reminder_id)
            crisis = None if reminder is None else unit.crises.get(reminder.spec.crisis_id)
            # A reminder id from another workspace is as unknown as one that never existed.
            if crisis is None or crisis.team_id != team_id:
                raise NotFound(GONE_REMINDER)
            if not unit.reminders.snooze(reminder_id, until):
                raise NotFound(GONE_REMINDER)
            assert reminder is not None
            unit.timeline.record(
                crisis.id,
                TimelineEvent(
                    self._clock(),
                    TimelineKind.REMINDER_SNOOZED,
                    by,
                    subject=reminder.spec.kind.value,
                    to_value=until.isoformat(),
                ),
            )
            unit.commit()
        return until

    def crises(self, team_id: str, *, page: int) -> Page[Crisis]:
        """One page of the workspace's crises, newest first."""
        with self._units(write=False) as unit:
            items, total = unit.crises.page(team_id, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        return Page(items, page, total)

    def decisions(self, crisis: Crisis, *, page: int) -> Page[Decision]:
        """One page of the crisis's decisions, oldest first."""
        with self._units(write=False) as unit:
            # Status updates are on the timeline; the decision list holds what was decided.
            items, total = unit.decisions.page(
                crisis.id,
                offset=(page - 1) * PAGE_SIZE,
                limit=PAGE_SIZE,
                exclude=(DecisionKind.UPDATE,),
            )
        return Page(items, page, total)

    def timeline(self, crisis: Crisis, *, page: int) -> Page[TimelineEvent]:
        """One page of the timeline, oldest first."""
        with self._units(write=False) as unit:
            items, total = unit.timeline.page(
                crisis.id, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
            )
        return Page(items, page, total)

    def _record(
        self,
        draft: DecisionDraft,
        *,
        key: str,
        change: StepChange | None,
        rereads: bool = True,
    ) -> Recorded | None:
        """Record the decision and `change` in one transaction; the crisis is read again after
        the commit only when `change` may have changed it (`rereads`)."""
        with self._units() as unit:
            crisis = unit.crises.get(draft.crisis_id)
            if crisis is None:
                raise NotFound("That crisis no longer exists.")
            crisis.require(draft.decided_by, ACTS[draft.kind])
            try:
                decision = unit.decisions.add(draft, at=self._clock(), key=key)
            except DuplicateRequest:
                return None
            if change is not None:
                change(unit, crisis)
            if self._observer is not None:
                self._observer.decision_recorded(unit, crisis, decision)
            self._log(
                unit,
                crisis.id,
                TimelineEvent(
                    self._clock(),
                    TimelineKind.of_decision(draft.kind),
                    draft.decided_by,
                    subject=draft.summary,
                ),
            )
            publish(unit, decision, self._clock())
            unit.commit()
            # A plain decision leaves the crisis as it was read: no second read.
            after = unit.crises.get(crisis.id) if change and rereads else crisis
        assert after is not None
        self._home.refresh(after.team_id, people_concerned(after))
        return Recorded(after, decision)

    def _complete_step(
        self, unit: UnitOfWork, crisis: Crisis, key: StepKey, draft: DecisionDraft
    ) -> None:
        step = crisis.step(key)
        done = unit.crises.complete_step(
            crisis.id, key, by=draft.decided_by, at=self._clock(), summary=draft.summary
        )
        if not done:
            raise AlreadyDone(f"{step.title} was already completed. The board shows who did it.")
        self._reminders.step_completed(unit, crisis, key)

    def _log(self, unit: UnitOfWork, crisis_id: int, event: TimelineEvent) -> None:
        unit.timeline.record(crisis_id, event)


def publish(unit: UnitOfWork, decision: Decision, now: datetime, *then: OutboxKind) -> None:
    """Queue the decision's card and a board redraw (then `then`) with the change itself."""
    unit.outbox.add(decision.crisis_id, OutboxKind.POST_CARD, at=now, decision=str(decision.id))
    unit.outbox.add(decision.crisis_id, OutboxKind.REDRAW_BOARD, at=now)
    for kind in then:
        unit.outbox.add(decision.crisis_id, kind, at=now)
