"""What reminders need: their store, the poller's claims, a sender, and a unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from bot.crisis.ports import CrisisRepository
from bot.delivery.state import DeliveryStart
from bot.reminders.model import Nudge, Reminder, ReminderKind, ReminderSpec
from bot.transaction import Transaction


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

    def release(self, ids: Sequence[int], *, owner: str) -> None:
        """Let go of the leases `owner` holds on rows it claimed and did not start."""
        ...


class ReminderSender(Protocol):
    """Delivers a reminder to Slack, at most once per key."""

    def deliver(self, nudge: Nudge, *, key: str, in_doubt_since: datetime | None) -> str:
        """Post it (skipping targets that already show `key` when in doubt); where it went."""
        ...


class ReminderUnit(Transaction, Protocol):
    """The part of a unit of work the reminder policy and poller use."""

    @property
    def crises(self) -> CrisisRepository:
        """Crises in this transaction."""
        ...

    @property
    def reminders(self) -> ReminderRepository:
        """Reminders in this transaction."""
        ...


class ReminderUnitFactory(Protocol):
    """Opens a unit for reminders; `write=False` for one that only reads."""

    def __call__(self, *, write: bool = True) -> ReminderUnit: ...
