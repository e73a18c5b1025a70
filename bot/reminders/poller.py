"""Delivers due reminders exactly once, whichever process gets there first."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.clock import Clock
from bot.ports import ReminderClaims, ReminderSender, SlackCallFailed
from bot.reminders.model import DeliveryState, Reminder, delivery_key, next_occurrence

logger = logging.getLogger(__name__)

DEFAULT_LEASE = timedelta(seconds=60)
DEFAULT_BATCH = 50


class ReminderPoller:
    """Claims due reminders with a lease, delivers each occurrence once, then moves it on."""

    def __init__(
        self,
        *,
        claims: ReminderClaims,
        sender: ReminderSender,
        clock: Clock,
        owner: str,
        lease: timedelta = DEFAULT_LEASE,
        batch: int = DEFAULT_BATCH,
    ) -> None:
        self._claims = claims
        self._sender = sender
        self._clock = clock
        self.owner = owner
        self._lease = lease
        self._batch = batch

    def run_once(self) -> int:
        """Deliver one batch of due reminders; how many occurrences were delivered."""
        claimed = self._claims.claim_due(
            owner=self.owner, now=self._clock(), lease=self._lease, limit=self._batch
        )
        return sum(self._deliver(reminder) for reminder in claimed)

    def run_until_idle(self, max_batches: int = 100) -> int:
        """Deliver batches until none is full (bounded, so a poll never runs forever)."""
        delivered = 0
        for _ in range(max_batches):
            count = self.run_once()
            delivered += count
            if count < self._batch:
                break
        return delivered

    def _deliver(self, reminder: Reminder) -> int:
        occurrence = reminder.due_at
        start = self._claims.begin_delivery(
            reminder.id, occurrence, owner=self.owner, now=self._clock(), lease=self._lease
        )
        if start.state is DeliveryState.LEASE_LOST:
            return 0
        if start.state is not DeliveryState.ALREADY_SENT:
            try:
                self._sender.deliver(
                    reminder,
                    key=delivery_key(reminder.id, occurrence),
                    in_doubt_since=start.since,
                )
            except SlackCallFailed as failure:
                logger.warning("reminder %s not delivered (%s); will retry", reminder.id, failure)
                self._claims.fail(
                    reminder.id, owner=self.owner, now=self._clock(), attempts=reminder.attempts
                )
                return 0
        now = self._clock()
        self._claims.finish(
            reminder.id,
            occurrence,
            owner=self.owner,
            now=now,
            next_due=next_occurrence(occurrence, reminder.spec.every, now),
        )
        return 1
