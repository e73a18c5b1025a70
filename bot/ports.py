"""The domain's view of the outside world: persistence and Slack, as small Protocols."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import Protocol, Self

from bot.crisis.decisions import Decision, DecisionDraft, DecisionKind, TimelineEvent
from bot.crisis.facts import PriorityDraft
from bot.crisis.model import Crisis, CrisisDraft, CrisisStatus, Severity, Step, StepKey
from bot.insight.model import Segment, SegmentDraft
from bot.reminders.model import DeliveryStart, Reminder, ReminderKind, ReminderSpec
from bot.review.document import ReviewRecord


class ChannelNameTaken(Exception):
    """Slack already has a channel with that name."""


class SlackCallFailed(Exception):
    """A Slack call failed after its retries; `action` and `reason` read well to a person."""

    def __init__(self, action: str, reason: str) -> None:
        super().__init__(f"{action}: {reason}")
        self.action = action
        self.reason = reason


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


class DecisionRepository(Protocol):
    """Decisions and priorities."""

    def add(self, draft: DecisionDraft, *, at: datetime, key: str) -> Decision:
        """Record a decision once per `key`; raise DuplicateRequest on a repeat."""
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

    def fail(self, reminder_id: int, *, owner: str, now: datetime, attempts: int) -> None:
        """Keep the reminder pending and retry later."""
        ...


class ReminderSender(Protocol):
    """Delivers a reminder to Slack, at most once per key."""

    def deliver(self, reminder: Reminder, *, key: str, in_doubt_since: datetime | None) -> None:
        """Post it (skipping targets that already show `key` when in doubt)."""
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


class CrisisChannels(Protocol):
    """Slack, as the declaration needs it."""

    def create_channel(self, name: str) -> str:
        """Create a public channel and return its id; raise ChannelNameTaken on a clash."""
        ...

    def invite(self, channel_id: str, user_ids: Sequence[str]) -> None:
        """Bring people into the channel (people already in it are fine)."""
        ...

    def describe_channel(self, channel_id: str, *, topic: str, purpose: str) -> None:
        """Set the channel's topic and purpose."""
        ...

    def post_board(self, crisis: Crisis) -> str:
        """Post the crisis board in the crisis channel; return its message ts."""
        ...

    def update_board(self, crisis: Crisis) -> None:
        """Redraw the crisis board in place."""
        ...

    def post_decision(self, crisis: Crisis, decision: Decision) -> None:
        """Post a decision card (or step summary, or status update) in the crisis channel."""
        ...

    def post_lead_change(self, crisis: Crisis, *, previous: str) -> None:
        """Tell the crisis channel who handed the lead to whom."""
        ...

    def post_review_scheduled(self, crisis: Crisis, *, moved: bool = False) -> None:
        """Tell the crisis channel when the review is (now) and who will be reminded."""
        ...

    def share_review_invite(self, crisis: Crisis, *, at: datetime) -> None:
        """Share the review's calendar invite (as of `at`) in the crisis channel."""
        ...

    def share_review(self, record: ReviewRecord) -> None:
        """Share the review document in the crisis channel."""
        ...

    def archive(self, channel_id: str) -> None:
        """Archive the channel."""
        ...

    def pin(self, channel_id: str, ts: str) -> None:
        """Pin a message."""
        ...

    def announce(self, channel: str, crisis: Crisis) -> None:
        """Post a short announcement with a link to the crisis channel."""
        ...

    def reply_to_source(self, crisis: Crisis) -> None:
        """Link the crisis channel in the thread of the message it was declared from."""
        ...

    def tell(self, user_id: str, text: str, *, channel_id: str | None = None) -> None:
        """Tell one person something: ephemerally in `channel_id` if possible, else by DM."""
        ...

    def confirm_declaration(self, crisis: Crisis, problems: Sequence[str]) -> None:
        """Tell the declarer the crisis is open (and what did not work)."""
        ...

    def declaration_failed(self, crisis: Crisis, failure: SlackCallFailed) -> None:
        """Tell the declarer the crisis is saved but its channel could not be set up."""
        ...
