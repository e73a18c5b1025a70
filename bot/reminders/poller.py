"""Reminders as a source of the delivery engine: each occurrence delivered exactly once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.crisis.model import Crisis, StepKey
from bot.crisis.playbook import Playbook
from bot.delivery.engine import Delivered, Job
from bot.delivery.state import DeliveryState
from bot.errors import SlackCallFailed
from bot.reminders.model import Nudge, Reminder, ReminderKind, delivery_key, next_occurrence
from bot.reminders.ports import ReminderClaims, ReminderSender, ReminderUnitFactory


class ReminderDeliveries:
    """Claims due reminders with a lease, delivers each occurrence once, then moves it on."""

    name = "reminders"
    max_attempts: int | None = None  # a reminder keeps trying (backing off to 10 minutes)

    def __init__(
        self,
        *,
        claims: ReminderClaims,
        sender: ReminderSender,
        clock: Clock,
        units: ReminderUnitFactory,
        playbook: Playbook,
    ) -> None:
        self._claims = claims
        self._sender = sender
        self._clock = clock
        self._units = units
        self._playbook = playbook

    def claim(self, *, owner: str, now: datetime, lease: timedelta, limit: int) -> list[Job]:
        """Lease up to `limit` due reminders, and read their crises in one go (the facts each
        nudge names, as the crises stand now)."""
        reminders = self._claims.claim_due(owner=owner, now=now, lease=lease, limit=limit)
        crises: dict[int, Crisis] = {}
        if reminders:
            with self._units(write=False) as unit:
                crises = unit.crises.get_many({r.spec.crisis_id for r in reminders})
        return [
            Job(
                self.name,
                r.id,
                f"reminder {r.spec.kind.value}",
                r.spec.crisis_id,
                r.due_at,
                r.attempts,
                ClaimedReminder(r, crises.get(r.spec.crisis_id)),
            )
            for r in reminders
        ]

    def deliver(self, job: Job, *, owner: str, lease: timedelta) -> Delivered | None:
        """Post this occurrence (unless a dead owner already did), then move the reminder on."""
        claimed: ClaimedReminder = job.item
        reminder = claimed.reminder
        occurrence = reminder.due_at
        start = self._claims.begin_delivery(
            reminder.id, occurrence, owner=owner, now=self._clock(), lease=lease
        )
        if start.state is DeliveryState.LEASE_LOST:
            return None
        where = "nowhere (already sent)"
        if start.state is not DeliveryState.ALREADY_SENT:
            where = self._sender.deliver(
                self._nudge(reminder, claimed.crisis),
                key=delivery_key(reminder.id, occurrence),
                in_doubt_since=start.since,
            )
        now = self._clock()
        self._claims.finish(
            reminder.id,
            occurrence,
            owner=owner,
            now=now,
            next_due=next_occurrence(occurrence, reminder.spec.every, now),
        )
        return Delivered(where, sent=start.state is not DeliveryState.ALREADY_SENT)

    def _nudge(self, reminder: Reminder, crisis: Crisis | None) -> Nudge:
        """The reminder with the facts its message names, as the crisis stood at the claim."""
        if crisis is None:
            raise SlackCallFailed("send a reminder", "its crisis no longer exists")
        step = None
        if reminder.spec.kind in (ReminderKind.STEP_OVERDUE, ReminderKind.REVIEW_DUE):
            keys = {key.value: key for key in StepKey}
            key = keys.get(reminder.spec.subject or StepKey.REVIEW.value)
            step = None if key is None else self._playbook.step(key)
        return Nudge(
            reminder=reminder,
            crisis_title=crisis.title,
            crisis_channel_id=crisis.channel_id,
            step_title=None if step is None else step.title,
            step_prompt=None if step is None else step.prompt,
        )

    def failed(
        self, job: Job, failure: SlackCallFailed, *, owner: str, retry_at: datetime | None
    ) -> None:
        """Keep the reminder pending and retry at `retry_at` (reminders never give up)."""
        reminder = job.item.reminder
        now = self._clock()
        self._claims.fail(
            reminder.id, owner=owner, now=now, attempts=reminder.attempts, retry_at=retry_at or now
        )

    def renew(self, ids: Sequence[int], *, owner: str, now: datetime, lease: timedelta) -> None:
        """Extend the leases this owner still holds."""
        self._claims.renew(ids, owner=owner, now=now, lease=lease)

    def release(self, jobs: Sequence[Job], *, owner: str) -> None:
        """Let go of reminders claimed and not started."""
        self._claims.release([job.id for job in jobs], owner=owner)


@dataclass(frozen=True)
class ClaimedReminder:
    """A claimed reminder and its crisis, read with the claim (None: the crisis is gone)."""

    reminder: Reminder
    crisis: Crisis | None
