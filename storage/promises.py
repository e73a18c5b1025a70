"""Promises to customers and follow-up items: rows <-> the domain's records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.clock import as_utc
from bot.comms.promises import CustomerItem, ItemKind, Promise, PromiseKind
from storage.comms_tables import CustomerItemRow, CustomerPromiseRow
from storage.tables import CrisisRow

OPEN_CRISIS = "open"


class SqlPromiseRepository:
    """Promises and items, within the caller's session."""

    def __init__(self, session: Session) -> None:
        self._session = session

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
        row = CustomerPromiseRow(
            crisis_id=crisis_id,
            kind=kind.value,
            due_at=due_at,
            made_at=made_at,
            made_by=made_by,
            update_id=update_id,
        )
        self._session.add(row)
        self._session.flush()
        return to_promise(row)

    def promises(self, crisis_id: int) -> list[Promise]:
        """The crisis's promises, in the order they were made."""
        rows = self._session.exec(
            select(CustomerPromiseRow)
            .where(CustomerPromiseRow.crisis_id == crisis_id)
            .order_by(col(CustomerPromiseRow.id))
            .execution_options(populate_existing=True)
        ).all()
        return [to_promise(row) for row in rows]

    def keep(self, crisis_id: int, kind: PromiseKind, *, at: datetime) -> list[Promise]:
        """Mark the open promises of this kind kept at `at`; the ones this call kept."""
        open_ids = self._session.exec(
            select(CustomerPromiseRow.id).where(
                CustomerPromiseRow.crisis_id == crisis_id,
                CustomerPromiseRow.kind == kind.value,
                col(CustomerPromiseRow.kept_at).is_(None),
            )
        ).all()
        kept: list[Promise] = []
        for promise_id in open_ids:
            result = self._session.execute(
                update(CustomerPromiseRow)
                .where(
                    col(CustomerPromiseRow.id) == promise_id,
                    col(CustomerPromiseRow.kept_at).is_(None),
                )
                .values(kept_at=at)
            )
            if getattr(result, "rowcount", 0):
                row = self._session.get(CustomerPromiseRow, promise_id, populate_existing=True)
                assert row is not None
                kept.append(to_promise(row))
        return kept

    def mark_reminded(self, promise_id: int, *, at: datetime) -> bool:
        """Record the reminder before it falls due, once; False if already recorded."""
        result = self._session.execute(
            update(CustomerPromiseRow)
            .where(
                col(CustomerPromiseRow.id) == promise_id,
                col(CustomerPromiseRow.reminded_at).is_(None),
            )
            .values(reminded_at=at)
        )
        return bool(getattr(result, "rowcount", 0))

    def mark_breached(self, promise_id: int, *, at: datetime) -> bool:
        """Record that it fell due unkept, once; False if already recorded."""
        result = self._session.execute(
            update(CustomerPromiseRow)
            .where(
                col(CustomerPromiseRow.id) == promise_id,
                col(CustomerPromiseRow.breached_at).is_(None),
                col(CustomerPromiseRow.kept_at).is_(None),
            )
            .values(breached_at=at)
        )
        return bool(getattr(result, "rowcount", 0))

    def unreminded(self, *, due_before: datetime) -> list[Promise]:
        """Open promises of open crises due before `due_before` that nobody was reminded of."""
        return self._open_promises(
            col(CustomerPromiseRow.reminded_at).is_(None), due_before=due_before
        )

    def unbreached(self, *, due_before: datetime) -> list[Promise]:
        """Open next-update promises of open crises past due whose breach is not recorded."""
        return self._open_promises(
            col(CustomerPromiseRow.breached_at).is_(None),
            col(CustomerPromiseRow.kind) == PromiseKind.NEXT_UPDATE.value,
            due_before=due_before,
        )

    def _open_promises(
        self, *conditions: ColumnElement[bool], due_before: datetime
    ) -> list[Promise]:
        rows = self._session.exec(
            select(CustomerPromiseRow)
            .join(CrisisRow, col(CrisisRow.id) == col(CustomerPromiseRow.crisis_id))
            .where(
                col(CustomerPromiseRow.kept_at).is_(None),
                col(CustomerPromiseRow.due_at) <= due_before,
                CrisisRow.status == OPEN_CRISIS,
                *conditions,
            )
            .order_by(col(CustomerPromiseRow.due_at))
        ).all()
        return [to_promise(row) for row in rows]

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
        row = CustomerItemRow(
            crisis_id=crisis_id,
            kind=kind.value,
            decision_id=decision_id,
            text=text,
            owner_id=owner_id,
            created_at=at,
        )
        try:
            with self._session.begin_nested():
                self._session.add(row)
                self._session.flush()
        except IntegrityError:
            pass  # recorded already

    def items(self, crisis_id: int) -> list[CustomerItem]:
        """The crisis's items, oldest first."""
        rows = self._session.exec(
            select(CustomerItemRow)
            .where(CustomerItemRow.crisis_id == crisis_id)
            .order_by(col(CustomerItemRow.id))
            .execution_options(populate_existing=True)
        ).all()
        return [to_item(row) for row in rows]

    def open_items(self) -> list[CustomerItem]:
        """Open items of open crises nobody was reminded of."""
        rows = self._session.exec(
            select(CustomerItemRow)
            .join(CrisisRow, col(CrisisRow.id) == col(CustomerItemRow.crisis_id))
            .where(
                col(CustomerItemRow.done_at).is_(None),
                col(CustomerItemRow.reminded_at).is_(None),
                CrisisRow.status == OPEN_CRISIS,
            )
        ).all()
        return [to_item(row) for row in rows]

    def get_item(self, item_id: int) -> CustomerItem | None:
        """The item with this id."""
        row = self._session.get(CustomerItemRow, item_id, populate_existing=True)
        return None if row is None else to_item(row)

    def change_item(self, item_id: int, *, owner_id: str, due_at: datetime | None) -> None:
        """Give the item another owner or due time (it will be reminded of again)."""
        self._session.execute(
            update(CustomerItemRow)
            .where(col(CustomerItemRow.id) == item_id)
            .values(owner_id=owner_id, due_at=due_at, reminded_at=None)
        )

    def complete_item(
        self, item_id: int, *, at: datetime, by: str, note: str | None, update_id: int | None
    ) -> bool:
        """Mark it done, once; False if it already was."""
        result = self._session.execute(
            update(CustomerItemRow)
            .where(col(CustomerItemRow.id) == item_id, col(CustomerItemRow.done_at).is_(None))
            .values(done_at=at, done_by=by, done_note=note, done_update_id=update_id)
        )
        return bool(getattr(result, "rowcount", 0))

    def mark_item_reminded(self, item_id: int, *, at: datetime) -> bool:
        """Record the reminder before it falls due, once."""
        result = self._session.execute(
            update(CustomerItemRow)
            .where(col(CustomerItemRow.id) == item_id, col(CustomerItemRow.reminded_at).is_(None))
            .values(reminded_at=at)
        )
        return bool(getattr(result, "rowcount", 0))


def to_promise(row: CustomerPromiseRow) -> Promise:
    """The domain view of a promise row."""
    assert row.id is not None
    return Promise(
        id=row.id,
        crisis_id=row.crisis_id,
        kind=PromiseKind(row.kind),
        due_at=as_utc(row.due_at),
        made_at=as_utc(row.made_at),
        made_by=row.made_by,
        update_id=row.update_id,
        kept_at=None if row.kept_at is None else as_utc(row.kept_at),
        breached_at=None if row.breached_at is None else as_utc(row.breached_at),
    )


def to_item(row: CustomerItemRow) -> CustomerItem:
    """The domain view of an item row."""
    assert row.id is not None
    return CustomerItem(
        id=row.id,
        crisis_id=row.crisis_id,
        kind=ItemKind(row.kind),
        decision_id=row.decision_id,
        text=row.text,
        owner_id=row.owner_id,
        created_at=as_utc(row.created_at),
        due_at=None if row.due_at is None else as_utc(row.due_at),
        done_at=None if row.done_at is None else as_utc(row.done_at),
        done_by=row.done_by,
        done_note=row.done_note,
        done_update_id=row.done_update_id,
    )
