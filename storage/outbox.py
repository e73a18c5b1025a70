"""The outbox table: rows written in the change's transaction, claimed a queue head at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Engine, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, exists, select

from bot.clock import as_utc
from bot.delivery.state import DeliveryStart, DeliveryState
from bot.outbox.model import COALESCED, OutboxItem, OutboxKind, OutboxStatus, crisis_queue
from storage.leases import LeasedTable, free, holds, in_active_workspace
from storage.outbox_tables import OutboxRow

PENDING = OutboxStatus.PENDING.value


class SqlOutboxRepository:
    """Outbox rows in the caller's session (the service commits)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self.written = False

    def add(self, crisis_id: int, kind: OutboxKind, *, at: datetime, **params: str) -> None:
        """Queue one Slack side effect behind the crisis's earlier ones."""
        self._session.add(
            OutboxRow(
                crisis_id=crisis_id,
                queue=crisis_queue(crisis_id),
                kind=kind.value,
                params=dict(params),
                status=PENDING,
                created_at=at,
            )
        )
        self._session.flush()
        self.written = True

    def failures(self, crisis_id: int) -> list[tuple[str, str]]:
        """Why the crisis's given-up rows failed, (action, reason), oldest first."""
        rows = self._session.exec(
            select(OutboxRow)
            .where(
                OutboxRow.crisis_id == crisis_id,
                OutboxRow.status == OutboxStatus.FAILED.value,
            )
            .order_by(col(OutboxRow.id))
        ).all()
        # Stored as "action: reason" (SlackCallFailed's own words); actions hold no ": ".
        return [_split(row.error) for row in rows if row.error]

    def finish(self, item_id: int, *, now: datetime) -> None:
        """Mark the row delivered (whoever delivered it: Slack holds it once, by its key)."""
        self._session.execute(
            update(OutboxRow)
            .where(col(OutboxRow.id) == item_id)
            .values(status=OutboxStatus.DONE.value, done_at=now, lease_owner=None, lease_until=None)
        )


class SqlOutboxClaims:
    """The delivery engine's view of the outbox; every method is one short transaction."""

    def __init__(self, engine: Engine) -> None:
        self._table = LeasedTable(engine)

    def claim(self, *, owner: str, now: datetime, lease: timedelta, limit: int) -> list[OutboxItem]:
        """Lease the first pending row of up to `limit` queues nobody is delivering."""
        earlier = aliased(OutboxRow)
        query = (
            select(OutboxRow)
            .where(
                OutboxRow.status == PENDING,
                (col(OutboxRow.not_before).is_(None)) | (col(OutboxRow.not_before) <= now),
                free(OutboxRow, now),
                in_active_workspace(col(OutboxRow.crisis_id)),
                # Only a queue's head: its rows go out in order, one at a time.
                ~exists().where(
                    col(earlier.queue) == col(OutboxRow.queue),
                    col(earlier.status) == PENDING,
                    col(earlier.id) < col(OutboxRow.id),
                ),
            )
            .order_by(col(OutboxRow.id))
            .limit(limit)
        )
        with self._table.session() as session:
            rows = self._table.claim(session, query, owner=owner, until=now + lease)
            session.commit()
            return [to_item(row) for row in rows]

    def begin(self, item_id: int, *, owner: str, now: datetime, lease: timedelta) -> DeliveryStart:
        """Start a delivery: NEW, IN_DOUBT (since an earlier attempt), SUPERSEDED or LEASE_LOST."""
        with self._table.session() as session:
            row = session.get(OutboxRow, item_id, with_for_update=not self._table.sqlite)
            if row is None or not _held(row, owner, now):
                return DeliveryStart(DeliveryState.LEASE_LOST)
            if row.kind in COALESCED and self._superseded(session, row):
                row.status, row.done_at = OutboxStatus.SUPERSEDED.value, now
                row.lease_owner = row.lease_until = None
                session.add(row)
                session.commit()
                return DeliveryStart(DeliveryState.SUPERSEDED)
            since = row.sending_since
            row.lease_until = now + lease
            row.sending_since = since or now
            session.add(row)
            session.commit()
            if since is None:
                return DeliveryStart(DeliveryState.NEW)
            return DeliveryStart(DeliveryState.IN_DOUBT, as_utc(since))

    def failed(self, item_id: int, *, owner: str, error: str, retry_at: datetime | None) -> None:
        """Retry at `retry_at`, or mark the row failed for good (None)."""
        with self._table.session() as session:
            row = session.get(OutboxRow, item_id)
            if row is None or row.lease_owner != owner or row.status != PENDING:
                return
            row.attempts += 1
            row.error = error
            row.lease_owner = row.lease_until = None
            if retry_at is None:
                row.status = OutboxStatus.FAILED.value
            row.not_before = retry_at
            session.add(row)
            session.commit()

    def renew(self, ids: Sequence[int], *, owner: str, now: datetime, lease: timedelta) -> None:
        """Extend the leases `owner` still holds."""
        self._table.renew(OutboxRow, ids, owner=owner, now=now, lease=lease)

    def _superseded(self, session: Session, row: OutboxRow) -> bool:
        later = session.exec(
            select(OutboxRow.id).where(
                OutboxRow.queue == row.queue,
                OutboxRow.kind == row.kind,
                OutboxRow.status == PENDING,
                col(OutboxRow.id) > row.id,
            )
        ).first()
        return later is not None


def to_item(row: OutboxRow) -> OutboxItem:
    """The domain view of an outbox row."""
    assert row.id is not None
    return OutboxItem(
        id=row.id,
        crisis_id=row.crisis_id,
        kind=OutboxKind(row.kind),
        params=dict(row.params),
        created_at=as_utc(row.created_at),
        attempts=row.attempts,
    )


def _split(error: str) -> tuple[str, str]:
    action, _, reason = error.partition(": ")
    return action, reason


def _held(row: OutboxRow, owner: str, now: datetime) -> bool:
    return row.status == PENDING and holds(row, owner, now)
