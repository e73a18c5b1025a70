"""What the outbox needs: Slack to send to, its table, and a unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from bot.crisis.ports import DecisionRepository, TimelineRepository
from bot.outbox.model import NextRow, OutboxItem, OutboxKind, OutboxMessage, Sent
from bot.reminders.ports import ReminderUnit


class OutboxSlack(Protocol):
    """Slack, as the outbox needs it (handlers render each kind)."""

    def send(self, message: OutboxMessage) -> Sent:
        """Say it in Slack once (when in doubt, look for the key first); raise SlackCallFailed."""
        ...


class OutboxRepository(Protocol):
    """Outbox rows inside a unit of work: written with the change that causes them."""

    def add(self, crisis_id: int, kind: OutboxKind, *, at: datetime, **params: str) -> None:
        """Queue one Slack side effect behind the crisis's earlier ones."""
        ...

    def failures(self, crisis_id: int) -> list[tuple[str, str]]:
        """Why the crisis's given-up rows failed, (action, reason), oldest first."""
        ...

    def finish(self, item_id: int, *, now: datetime, then: NextRow | None = None) -> bool:
        """Mark the row delivered; with `then`, start the run's next row in the same
        transaction: False when its lease is no longer `then.owner`'s (the run stops)."""
        ...


class OutboxClaims(Protocol):
    """What the delivery engine needs from the outbox table; each call is its own transaction."""

    def claim(self, *, owner: str, now: datetime, lease: timedelta, limit: int) -> list[OutboxItem]:
        """Lease the due rows of up to `limit` queues nobody is delivering, each queue's in
        order, and start each queue's first one (see SqlOutboxClaims.claim)."""
        ...

    def failed(self, item_id: int, *, owner: str, error: str, retry_at: datetime | None) -> None:
        """Retry at `retry_at`, or mark the row failed for good (None)."""
        ...

    def renew(self, ids: Sequence[int], *, owner: str, now: datetime, lease: timedelta) -> None:
        """Extend the leases `owner` still holds."""
        ...

    def finish(self, item_id: int, *, now: datetime, then: NextRow | None = None) -> bool:
        """OutboxRepository.finish in a transaction of its own (a row that changed nothing)."""
        ...

    def release(self, ids: Sequence[int], *, owner: str) -> None:
        """Let go of the leases `owner` holds on rows it claimed and did not start."""
        ...


class OutboxUnit(ReminderUnit, Protocol):
    """The part of a unit of work the outbox deliveries use."""

    @property
    def decisions(self) -> DecisionRepository:
        """Decisions and priorities in this transaction."""
        ...

    @property
    def timeline(self) -> TimelineRepository:
        """The timeline in this transaction."""
        ...

    @property
    def outbox(self) -> OutboxRepository:
        """What to say in Slack once this transaction commits."""
        ...


class OutboxUnitFactory(Protocol):
    """Opens a unit for the outbox; `write=False` for one that only reads."""

    def __call__(self, *, write: bool = True) -> OutboxUnit: ...
