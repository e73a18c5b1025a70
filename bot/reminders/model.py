"""Reminders as the domain sees them: what is due, when, for whom, and how often it repeats."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


class ReminderKind(StrEnum):
    """Why a reminder exists."""

    STEP_OVERDUE = "step_overdue"
    STATUS_UPDATE_DUE = "status_update_due"
    CUSTOMER_ETA = "customer_eta"
    REVIEW_DUE = "review_due"
    TRUST_FOLLOW_UP = "trust_follow_up"
    OUTREACH_DUE = "outreach_due"
    ACTION_DUE = "action_due"


class ReminderStatus(StrEnum):
    """A pending reminder waits for its time; done and cancelled ones never fire again."""

    PENDING = "pending"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class ReminderSpec:
    """A reminder to schedule: (crisis, kind, subject) identifies it, so scheduling replaces.

    It holds facts (`params`: e.g. the promised fix time, a follow-up action), never text:
    the message is rendered when it is sent, from the crisis as it stands then.
    """

    crisis_id: int
    kind: ReminderKind
    subject: str
    due_at: datetime
    every: timedelta | None = None
    channel_id: str | None = None
    user_id: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)


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


@dataclass(frozen=True)
class Nudge:
    """A reminder about to be sent, with the facts its message names: its crisis and step."""

    reminder: Reminder
    crisis_title: str
    crisis_channel_id: str | None
    step_title: str | None = None
    step_prompt: str | None = None


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


def delivery_key(reminder_id: int, occurrence: datetime) -> str:
    """The idempotency key of one occurrence, carried in the Slack message's metadata."""
    return f"{reminder_id}:{occurrence.isoformat()}"
