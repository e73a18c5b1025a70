"""Reminders as the domain sees them: what is due, when, for whom, and how often it repeats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class ReminderKind(StrEnum):
    """Why a reminder exists."""

    STEP_OVERDUE = "step_overdue"
    STATUS_UPDATE_DUE = "status_update_due"
    CUSTOMER_ETA = "customer_eta"
    REVIEW_DUE = "review_due"
    TRUST_FOLLOW_UP = "trust_follow_up"
    ACTION_DUE = "action_due"


class ReminderStatus(StrEnum):
    """A pending reminder waits for its time; done and cancelled ones never fire again."""

    PENDING = "pending"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class ReminderSpec:
    """A reminder to schedule: (crisis, kind, subject) identifies it, so scheduling replaces."""

    crisis_id: int
    kind: ReminderKind
    subject: str
    due_at: datetime
    every: timedelta | None = None
    channel_id: str | None = None
    user_id: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Reminder:
    """A stored reminder."""

    id: int
    spec: ReminderSpec
    status: ReminderStatus
    attempts: int = 0

    @property
    def due_at(self) -> datetime:
        """When it is next due."""
        return self.spec.due_at


def next_occurrence(due_at: datetime, every: timedelta | None, now: datetime) -> datetime | None:
    """After firing at `now`, when a reminder due at `due_at` fires next (None: never).

    Missed periods are coalesced: a reminder ten periods late fires once, then at the first
    occurrence of its schedule that lies in the future.
    """
    if every is None:
        return None
    if due_at > now:
        return due_at
    missed = (now - due_at) // every + 1
    return due_at + missed * every


def retry_delay(attempts: int) -> timedelta:
    """Backoff after a failed delivery: 5 s, 10 s, 20 s, ... at most 10 minutes."""
    return timedelta(seconds=min(600, 5 * 2 ** max(0, attempts - 1)))


class DeliveryState(StrEnum):
    """What a process finds when it starts delivering one occurrence of a reminder."""

    NEW = "new"  # nobody tried: post it
    ALREADY_SENT = "already_sent"  # delivered before (the last owner died before finishing)
    IN_DOUBT = "in_doubt"  # a dead owner was posting: check Slack before posting again
    LEASE_LOST = "lease_lost"  # another process owns the reminder now: leave it alone


@dataclass(frozen=True)
class DeliveryStart:
    """The state found, and since when an in-doubt delivery was being attempted."""

    state: DeliveryState
    since: datetime | None = None


def delivery_key(reminder_id: int, occurrence: datetime) -> str:
    """The idempotency key of one occurrence, carried in the Slack message's metadata."""
    return f"{reminder_id}:{occurrence.isoformat()}"
