"""The domain's view of the outside world: persistence and Slack, as small Protocols."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import Protocol, Self

from bot.crisis.decisions import Decision, DecisionDraft, DecisionKind, TimelineEvent
from bot.crisis.facts import PriorityDraft
from bot.crisis.model import Crisis, CrisisDraft, CrisisStatus, Severity, Step, StepKey
from bot.delivery.outbox import OutboxRepository
from bot.delivery.state import DeliveryStart
from bot.insight.model import Segment, SegmentDraft
from bot.reminders.model import Nudge, Reminder, ReminderKind, ReminderSpec


class ChannelNameTaken(Exception):
    """Slack already has a channel with that name."""


class SlackCallFailed(Exception):
    """A Slack call failed after its retries; `action` and `reason` read well to a person.

    `transient` failures (5xx, 429, network) are worth retrying later, no sooner than
    `retry_after` seconds when Slack said so.
    """

    def __init__(
        self,
        action: str,
        reason: str,
        *,
        transient: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{action}: {reason}")
        self.action = action
        self.reason = reason
        self.transient = transient
        self.retry_after = retry_after


class CrisisRepository(Protocol):
    """Crises as stored."""

    def add(
        self, draft: CrisisDraft, *, steps: Sequence[Step], declared_at: datetime, key: str
    ) -> Crisis:
        """Store a new crisis; raise DuplicateRequest if `key` was already used."""
        ...

    def get(self, crisis_id: int) -> Crisis | None:
        """The crisis with this id."""
        ...

    def by_channel(self, team_id: str, channel_id: str) -> Crisis | None:
        """The crisis whose channel this is."""
        ...

    def page(self, team_id: str, *, offset: int, limit: int) -> tuple[list[Crisis], int]:
        """The team's crises, newest first (without steps), and how many there are."""
        ...

    def set_channel(self, crisis_id: int, *, channel_id: str, channel_name: str) -> None:
        """Remember the crisis channel."""
        ...

    def set_board(self, crisis_id: int, *, board_ts: str) -> None:
        """Remember the board message."""
        ...

    def complete_step(
        self, crisis_id: int, key: StepKey, *, by: str, at: datetime, summary: str
    ) -> bool:
        """Mark a pending step done; False if someone completed it first."""
        ...

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
        ...

    def set_step_due(self, crisis_id: int, key: StepKey, *, due_at: datetime) -> None:
        """Set when a step is due."""
        ...

    def reassign_pending_steps(self, crisis_id: int, *, owner_id: str) -> list[StepKey]:
        """Give every step not yet done to `owner_id`; the keys of the steps that moved."""
        ...


class DecisionRepository(Protocol):
    """Decisions and priorities."""

    def add(self, draft: DecisionDraft, *, at: datetime, key: str) -> Decision:
        """Record a decision once per `key`; raise DuplicateRequest on a repeat."""
        ...

    def get(self, decision_id: int) -> Decision | None:
        """The decision with this id."""
        ...

    def page(
        self,
        crisis_id: int,
        *,
        offset: int,
        limit: int,
        exclude: Sequence[DecisionKind] = (),
    ) -> tuple[list[Decision], int]:
        """Decisions oldest first (but the kinds excluded), one page, and how many there are."""
        ...

    def add_priorities(
        self, crisis_id: int, priorities: Sequence[PriorityDraft], *, at: datetime
    ) -> None:
        """Add priorities after the existing ones."""
        ...

    def close_priorities(self, crisis_id: int) -> None:
        """Mark every priority of the crisis as no longer open."""
        ...


class TimelineRepository(Protocol):
    """What happened in a crisis, in order."""

    def record(self, crisis_id: int, event: TimelineEvent) -> None:
        """Append one event."""
        ...

    def page(self, crisis_id: int, *, offset: int, limit: int) -> tuple[list[TimelineEvent], int]:
        """One page of the timeline, oldest first, and the number of events in all."""
        ...


class SegmentRepository(Protocol):
    """Customer segments per workspace."""

    def list(self, team_id: str) -> list[Segment]:
        """The team's segments, by name."""
        ...

    def get(self, segment_id: int) -> Segment | None:
        """The segment with this id."""
        ...

    def add(self, team_id: str, draft: SegmentDraft) -> Segment:
        """Store a new segment."""
        ...

    def update(self, segment_id: int, draft: SegmentDraft) -> Segment:
        """Replace a segment's fields."""
        ...

    def remove(self, segment_id: int) -> None:
        """Delete a segment."""
        ...


class ReminderRepository(Protocol):
    """Reminders, changed in the same transaction as what causes them."""

    def schedule(self, spec: ReminderSpec) -> None:
        """Create it, or replace the pending one with the same (crisis, kind, subject)."""
        ...

    def cancel(self, crisis_id: int, kind: ReminderKind, subject: str | None = None) -> int:
        """Cancel pending reminders of this kind (and subject)."""
        ...

    def snooze(self, reminder_id: int, until: datetime) -> bool:
        """Move a pending reminder to `until`; False if it is not pending."""
        ...

    def get(self, reminder_id: int) -> Reminder | None:
        """The reminder with this id."""
        ...

    def pending(self, crisis_id: int) -> list[Reminder]:
        """The crisis's pending reminders, soonest first."""
        ...


class ReminderClaims(Protocol):
    """What the reminder poller needs from storage; each call is its own transaction."""

    def claim_due(
        self, *, owner: str, now: datetime, lease: timedelta, limit: int
    ) -> list[Reminder]:
        """Lease up to `limit` due reminders nobody holds a live lease on."""
        ...

    def begin_delivery(
        self,
        reminder_id: int,
        occurrence: datetime,
        *,
        owner: str,
        now: datetime,
        lease: timedelta | None = None,
    ) -> DeliveryStart:
        """Record that `owner` is delivering this occurrence (renewing its lease for `lease`),
        or say why it must not."""
        ...

    def finish(
        self,
        reminder_id: int,
        occurrence: datetime,
        *,
        owner: str,
        now: datetime,
        next_due: datetime | None,
    ) -> bool:
        """Mark the occurrence sent; move the reminder on while the lease is held."""
        ...

    def fail(
        self, reminder_id: int, *, owner: str, now: datetime, attempts: int, retry_at: datetime
    ) -> None:
        """Keep the reminder pending and retry at `retry_at`."""
        ...

    def renew(self, ids: Sequence[int], *, owner: str, now: datetime, lease: timedelta) -> None:
        """Extend the leases `owner` still holds."""
        ...


class ReminderSender(Protocol):
    """Delivers a reminder to Slack, at most once per key."""

    def deliver(self, nudge: Nudge, *, key: str, in_doubt_since: datetime | None) -> str:
        """Post it (skipping targets that already show `key` when in doubt); where it went."""
        ...


class UnitOfWork(Protocol):
    """One transaction; the service that opens it decides when to commit."""

    @property
    def crises(self) -> CrisisRepository:
        """Crises in this transaction."""
        ...

    @property
    def timeline(self) -> TimelineRepository:
        """The timeline in this transaction."""
        ...

    @property
    def decisions(self) -> DecisionRepository:
        """Decisions and priorities in this transaction."""
        ...

    @property
    def reminders(self) -> ReminderRepository:
        """Reminders in this transaction."""
        ...

    @property
    def segments(self) -> SegmentRepository:
        """Customer segments in this transaction."""
        ...

    @property
    def outbox(self) -> OutboxRepository:
        """What to say in Slack once this transaction commits."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None:
        """Make everything done in this unit permanent."""
        ...


class UnitOfWorkFactory(Protocol):
    """Opens a new unit of work; `write=False` for one that only reads (never blocks writers)."""

    def __call__(self, *, write: bool = True) -> UnitOfWork: ...
