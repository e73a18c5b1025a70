"""Claiming owed comms side effects with a lease: the head of each queue, one owner at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Engine, exists, update
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from bot.clock import as_utc
from bot.comms.effects import Owed
from storage.comms import to_owed
from storage.comms_tables import CommsOutboxRow
from storage.leases import LeasedTable, free, holds, in_active_workspace

PENDING, FAILED = "pending", "failed"
ERROR_MAX = 500


class SqlEffectClaims:
    """The comms deliveries' view of the comms outbox; every method is one short transaction."""

    def __init__(self, engine: Engine) -> None:
        self._table = LeasedTable(engine)

    def claim(self, *, owner: str, now: datetime, lease: timedelta, limit: int) -> list[Owed]:
        """Lease the first due row of up to `limit` queues nobody is delivering."""
        earlier = aliased(CommsOutboxRow)
        query = (
            select(CommsOutboxRow)
            .where(
                CommsOutboxRow.status == PENDING,
                col(CommsOutboxRow.not_before) <= now,
                free(CommsOutboxRow, now),
                in_active_workspace(col(CommsOutboxRow.crisis_id)),
                # Only a queue's head: its rows go out in order, one at a time.
                ~exists().where(
                    col(earlier.queue) == col(CommsOutboxRow.queue),
                    col(earlier.status) == PENDING,
                    col(earlier.id) < col(CommsOutboxRow.id),
                ),
            )
            .order_by(col(CommsOutboxRow.id))
            .limit(limit)
        )
        with self._table.session() as session:
            rows = self._table.claim(session, query, owner=owner, until=now + lease)
            session.commit()
            return [to_owed(row) for row in rows]

    def begin(
        self, owed_id: int, *, owner: str, now: datetime, lease: timedelta
    ) -> tuple[bool, datetime | None]:
        """(still ours, since when an earlier attempt may have reached its target)."""
        with self._table.session() as session:
            row = session.get(CommsOutboxRow, owed_id, with_for_update=not self._table.sqlite)
            if row is None or row.status != PENDING or not holds(row, owner, now):
                return False, None
            since = None if row.started_at is None else as_utc(row.started_at)
            row.started_at = row.started_at or now
            row.lease_until = now + lease
            session.add(row)
            session.commit()
            return True, since

    def failed(
        self, owed_id: int, *, owner: str, now: datetime, error: str, retry_at: datetime | None
    ) -> None:
        """Retry at `retry_at`, or give it up for good (None); the lease is let go."""
        with self._table.session() as session:
            session.execute(
                update(CommsOutboxRow)
                .where(
                    col(CommsOutboxRow.id) == owed_id,
                    col(CommsOutboxRow.lease_owner) == owner,
                    col(CommsOutboxRow.status) == PENDING,
                )
                .values(
                    attempts=CommsOutboxRow.attempts + 1,
                    not_before=retry_at or now,
                    status=PENDING if retry_at else FAILED,
                    last_error=error[:ERROR_MAX],
                    lease_owner=None,
                    lease_until=None,
                )
            )
            session.commit()

    def renew(self, ids: Sequence[int], *, owner: str, now: datetime, lease: timedelta) -> None:
        """Extend the leases `owner` still holds."""
        self._table.renew(CommsOutboxRow, list(ids), owner=owner, now=now, lease=lease)

    def release(self, ids: Sequence[int], *, owner: str) -> None:
        """Let go of the leases `owner` holds on rows it claimed and did not start."""
        self._table.release(CommsOutboxRow, list(ids), owner=owner)
