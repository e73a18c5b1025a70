"""What promises and call-centre scripts need from storage, in the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.comms.model import UpdateStatus
from bot.comms.promises import CustomerItem, ItemKind, Promise, PromiseKind
from bot.comms.scripts import CallScript, ScriptBasis, ScriptPart


class PromiseRepository(Protocol):
    """Promises to customers and follow-up items, in the caller's transaction."""

    def add_promise(
        self,
        crisis_id: int,
        kind: PromiseKind,
        *,
        due_at: datetime,
        made_at: datetime,
        made_by: str,
        update_id: int | None = None,
    ) -> Promise:
        """Record a time told to customers."""
        ...

    def promises(self, crisis_id: int) -> list[Promise]:
        """The crisis's promises, in the order they were made."""
        ...

    def keep(self, crisis_id: int, kind: PromiseKind, *, at: datetime) -> list[Promise]:
        """Mark the open promises of this kind kept at `at`; the ones this call kept."""
        ...

    def mark_reminded(self, promise_id: int, *, at: datetime) -> bool:
        """Record the reminder before it falls due, once; False if already recorded."""
        ...

    def mark_breached(self, promise_id: int, *, at: datetime) -> bool:
        """Record that it fell due unkept, once; False if already recorded."""
        ...

    def unreminded(self, *, due_before: datetime) -> list[Promise]:
        """Open promises of open crises due before `due_before` that nobody was reminded of."""
        ...

    def unbreached(self, *, due_before: datetime) -> list[Promise]:
        """Open next-update promises of open crises past due whose breach is not recorded."""
        ...

    def add_item(
        self,
        crisis_id: int,
        kind: ItemKind,
        *,
        decision_id: int,
        text: str,
        owner_id: str,
        at: datetime,
    ) -> None:
        """Record what a decision owes customers (once per decision and kind)."""
        ...

    def items(self, crisis_id: int) -> list[CustomerItem]:
        """The crisis's items, oldest first."""
        ...

    def open_items(self) -> list[CustomerItem]:
        """Open items of open crises nobody was reminded of."""
        ...

    def get_item(self, item_id: int) -> CustomerItem | None:
        """The item with this id."""
        ...

    def change_item(self, item_id: int, *, owner_id: str, due_at: datetime | None) -> None:
        """Give the item another owner or due time (it will be reminded of again)."""
        ...

    def complete_item(
        self, item_id: int, *, at: datetime, by: str, note: str | None, update_id: int | None
    ) -> bool:
        """Mark it done, once; False if it already was."""
        ...

    def mark_item_reminded(self, item_id: int, *, at: datetime) -> bool:
        """Record the reminder before it falls due, once."""
        ...


class ScriptRepository(Protocol):
    """Call-centre scripts, in the caller's transaction."""

    def add(
        self,
        crisis_id: int,
        *,
        author_id: str,
        parts: dict[ScriptPart, str],
        basis: ScriptBasis,
        at: datetime,
    ) -> CallScript:
        """Store a script waiting for approval."""
        ...

    def get(self, script_id: int) -> CallScript | None:
        """The version with this id."""
        ...

    def versions(self, crisis_id: int) -> list[CallScript]:
        """Every script of the crisis, oldest first."""
        ...

    def next_version(self, crisis_id: int) -> int:
        """The version the crisis's next approved script gets."""
        ...

    def move(
        self,
        script_id: int,
        *,
        to_status: UpdateStatus,
        at: datetime,
        by: str,
        reason: str | None = None,
        version: int | None = None,
    ) -> bool:
        """Decide a pending script, once; False if someone decided it first."""
        ...

    def set_messages(
        self,
        script_id: int,
        *,
        approval: tuple[str, str] | None = None,
        support_ts: str | None = None,
    ) -> None:
        """Remember where the approval request (channel, ts) or the pinned copy was posted."""
        ...

    def approved_in_active_crises(self) -> list[CallScript]:
        """The latest approved script of every crisis not yet reviewed (agents still use it)."""
        ...

    def mark_nudged(self, script_id: int, *, at: datetime, unless_since: datetime) -> bool:
        """Record a nudge about this stale script, unless one was sent since `unless_since`."""
        ...
