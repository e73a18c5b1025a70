"""The claim-with-lease machinery shared by every delivery table (reminders, outbox).

A row is held by `lease_owner` until `lease_until`; claiming takes rows nobody holds, renewing
extends the leases an owner still holds, and a database outage becomes DatabaseUnavailable.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from sqlalchemy import Engine, exists, or_, update
from sqlmodel import Session, col

from bot.clock import as_utc
from bot.errors import DatabaseUnavailable
from storage.db import OUTAGES, is_outage, is_sqlite, writer, writing
from storage.oauth_tables import WorkspaceRow
from storage.tables import CrisisRow


class Leased(Protocol):
    """A row with a lease."""

    id: int | None
    lease_owner: str | None
    lease_until: datetime | None


RowT = TypeVar("RowT", bound=Leased)


class LeasedTable:
    """Short write transactions on one engine, with outages turned into DatabaseUnavailable."""

    def __init__(self, engine: Engine) -> None:
        # SQLite: BEGIN IMMEDIATE serialises claimers; PostgreSQL: FOR UPDATE SKIP LOCKED.
        self.sqlite = is_sqlite(engine)
        self._engine = writer(engine)
        self._plain_engine = engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One write transaction (the caller commits)."""
        with (
            unavailable_as_domain_error(),
            writing(self._plain_engine),
            Session(self._engine, expire_on_commit=False) as session,
        ):
            yield session

    def claim(self, session: Session, query: Any, *, owner: str, until: datetime) -> list[Any]:
        """Lease the rows `query` finds (locked, skipping rows another claimer holds)."""
        if not self.sqlite:
            query = query.with_for_update(skip_locked=True)
        rows = list(session.exec(query).all())
        for row in rows:
            row.lease_owner, row.lease_until = owner, until
            session.add(row)
        return rows

    def renew(
        self, table: type[Any], ids: Sequence[int], *, owner: str, now: datetime, lease: timedelta
    ) -> None:
        """Extend the leases `owner` still holds on these rows."""
        if not ids:
            return
        with self.session() as session:
            session.execute(
                update(table)
                .where(col(table.id).in_(ids), *held_by(table, owner, now))
                .values(lease_until=now + lease)
            )
            session.commit()

    def release(self, table: type[Any], ids: Sequence[int], *, owner: str) -> None:
        """Let go of the leases `owner` holds on these rows (claimed, never started)."""
        if not ids:
            return
        with self.session() as session:
            session.execute(
                update(table)
                .where(col(table.id).in_(ids), col(table.lease_owner) == owner)
                .values(lease_owner=None, lease_until=None)
                .execution_options(synchronize_session=False)
            )
            session.commit()


def holds(row: Leased, owner: str, now: datetime) -> bool:
    """`owner` holds a live lease on this row."""
    return (
        row.lease_owner == owner and row.lease_until is not None and as_utc(row.lease_until) > now
    )


def in_active_workspace(crisis_id: Any) -> Any:
    """The crisis's workspace has not uninstalled the app (its work waits, kept, until then)."""
    return ~exists().where(
        col(CrisisRow.id) == crisis_id,
        col(WorkspaceRow.team_id) == col(CrisisRow.team_id),
        col(WorkspaceRow.active).is_(False),
    )


def free(table: type[Any], now: datetime) -> Any:
    """Nobody holds a live lease on the row."""
    return or_(col(table.lease_until).is_(None), col(table.lease_until) < now)


def held_by(table: type[Any], owner: str, now: datetime) -> tuple[Any, Any]:
    """`owner` holds a live lease on the row."""
    return col(table.lease_owner) == owner, col(table.lease_until) > now


@contextmanager
def unavailable_as_domain_error() -> Iterator[None]:
    """A lost or refused connection is an outage the domain can name, logged once per outage."""
    try:
        yield
    except Exception as error:
        if not is_outage(error):
            raise
        OUTAGES.failed(error)
        raise DatabaseUnavailable() from error
    OUTAGES.succeeded()
