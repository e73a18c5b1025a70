"""What telling customers needs from storage: update versions and the side effects they owe."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from bot.comms.model import CustomerUpdate, UpdateDraft, UpdateStatus
from bot.comms.stores import PromiseRepository, ScriptRepository
from bot.insight.ports import InsightUnit
from bot.outbox.ports import OutboxUnit

if TYPE_CHECKING:
    from bot.comms.effects import Effect


class CommsRepository(Protocol):
    """Customer updates and the side effects they owe, in the caller's transaction."""

    def add_draft(self, draft: UpdateDraft, *, at: datetime, number: int | None) -> CustomerUpdate:
        """Store a draft version (not yet numbered unless it revises an update)."""
        ...

    def get(self, update_id: int) -> CustomerUpdate | None:
        """The version with this id."""
        ...

    def versions(self, crisis_id: int) -> list[CustomerUpdate]:
        """Every version sent for approval, oldest first."""
        ...

    def next_number(self, crisis_id: int) -> int:
        """The number the crisis's next new update gets."""
        ...

    def next_version(self, crisis_id: int, number: int) -> int:
        """The version the update's next revision gets."""
        ...

    def move(
        self,
        update_id: int,
        *,
        from_status: UpdateStatus,
        to_status: UpdateStatus,
        at: datetime,
        by: str | None = None,
        reason: str | None = None,
        number: int | None = None,
        version: int | None = None,
    ) -> bool:
        """Change the status only if it is still `from_status`; False if someone moved it first."""
        ...

    def set_approval_message(self, update_id: int, *, channel_id: str, ts: str) -> None:
        """Remember where the approval request was posted."""
        ...

    def owe(
        self,
        crisis_id: int,
        effect: Effect,
        subject_id: int,
        *,
        at: datetime,
        **params: str,
    ) -> None:
        """Owe a side effect, after the crisis's earlier ones (a webhook event once per subject)."""
        ...

    def done(self, owed_id: int, *, at: datetime) -> None:
        """Mark a side effect done (in the transaction that records what it left behind)."""
        ...


class CommsUnit(OutboxUnit, InsightUnit, Protocol):
    """The part of a unit of work telling customers uses."""

    @property
    def comms(self) -> CommsRepository:
        """Customer updates and the side effects they owe, in this transaction."""
        ...

    @property
    def promises(self) -> PromiseRepository:
        """Promises to customers and follow-up items in this transaction."""
        ...

    @property
    def scripts(self) -> ScriptRepository:
        """Call-centre scripts in this transaction."""
        ...


class CommsUnitFactory(Protocol):
    """Opens a unit for telling customers; `write=False` for one that only reads."""

    def __call__(self, *, write: bool = True) -> CommsUnit: ...


def latest(updates: Sequence[CustomerUpdate], status: UpdateStatus) -> CustomerUpdate | None:
    """The most recently decided version with this status."""
    chosen = [u for u in updates if u.status is status]
    return max(chosen, key=lambda u: (u.decided_at or u.created_at, u.id), default=None)
