"""The outbox table: rows written in the change's transaction, claimed a queue's run at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Table, func, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, exists, select

from bot.clock import as_utc
from bot.outbox.model import (
    COALESCED,
    NextRow,
    OutboxItem,
    OutboxKind,
    OutboxStatus,
    crisis_queue,
)
from storage.leases import LeasedTable, free, in_active_workspace
from storage.outbox_tables import OutboxRow

PENDING = OutboxStatus.PENDING.value
SUPERSEDED = OutboxStatus.SUPERSEDED.value
# The table itself: Core UPDATEs skip the ORM's bookkeeping on the delivery path.
OUTBOX: Table = OutboxRow.__table__  # type: ignore[attr-defined]
QUEUE_RUN = 20  # rows of one queue claimed together (a declaration's set-up is 9)


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

    def finish(self, item_id: int, *, now: datetime, then: NextRow | None = None) -> bool:
        """Mark the row delivered (whoever delivered it: Slack holds it once, by its key); with
        `then`, start the run's next row in this transaction, if `then.owner` still holds it
        (False: another process took it over, and the run stops)."""
        return finish(self._session, item_id, now=now, then=then)


class SqlOutboxClaims:
    """The delivery engine's view of the outbox; every method is one short transaction."""

    def __init__(self, engine: Engine) -> None:
        self._table = LeasedTable(engine)

    def claim(self, *, owner: str, now: datetime, lease: timedelta, limit: int) -> list[OutboxItem]:
        """Lease the due rows of up to `limit` queues nobody is delivering, in one transaction.

        Each queue's run is its head and the rows behind it that are due and free, in order
        (at most QUEUE_RUN): one worker delivers them one after another, reading the crisis
        once. The run's first row is started here (`sending_since`): should this process die,
        the next owner looks for its key in Slack first. The others are started one by one as
        the row before them is finished (SqlOutboxRepository.finish), so a run that stops early
        leaves them new. A board redraw followed by another pending redraw is superseded here,
        since only the latest state of the board matters.
        """
        earlier = aliased(OutboxRow)
        heads = (
            select(OutboxRow.id, OutboxRow.queue)
            .where(
                OutboxRow.status == PENDING,
                due(now),
                free(OutboxRow, now),
                in_active_workspace(col(OutboxRow.crisis_id)),
                # Only a queue's head: its rows go out in order.
                ~exists().where(
                    col(earlier.queue) == col(OutboxRow.queue),
                    col(earlier.status) == PENDING,
                    col(earlier.id) < col(OutboxRow.id),
                ),
            )
            .order_by(col(OutboxRow.id))
            .limit(limit)
        )
        if not self._table.sqlite:
            heads = heads.with_for_update(skip_locked=True)
        with self._table.session() as session:
            queues = [queue for _id, queue in session.exec(heads).all()]
            if not queues:
                return []
            pending = session.exec(
                select(OutboxRow)
                .where(col(OutboxRow.queue).in_(queues), OutboxRow.status == PENDING)
                .order_by(col(OutboxRow.id))
            ).all()
            leased, superseded = queue_runs(pending, queues, now)
            items = [to_item(row) for row in leased]  # as they were, before this claim
            _set(session, [row.id for row in superseded], **_finished(SUPERSEDED, now))
            _set(session, [row.id for row in leased], lease_owner=owner, lease_until=now + lease)
            firsts = {row.queue: row.id for row in reversed(leased)}
            _set(
                session,
                list(firsts.values()),
                sending_since=func.coalesce(OUTBOX.c.sending_since, now),
            )
            session.commit()
            return items

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

    def finish(self, item_id: int, *, now: datetime, then: NextRow | None = None) -> bool:
        """SqlOutboxRepository.finish in a transaction of its own (a row that changed nothing)."""
        with self._table.session() as session:
            started = finish(session, item_id, now=now, then=then)
            session.commit()
            return started

    def release(self, ids: Sequence[int], *, owner: str) -> None:
        """Let go of the leases `owner` holds on rows it claimed and did not start."""
        self._table.release(OutboxRow, ids, owner=owner)


def finish(session: Session, item_id: int, *, now: datetime, then: NextRow | None) -> bool:
    """Mark the row delivered and start `then` while its owner holds it (two short UPDATEs on
    the table, no ORM bookkeeping); False when `then` was taken over."""
    _set(session, [item_id], **_finished(OutboxStatus.DONE.value, now))
    if then is None:
        return True
    table = OUTBOX
    started = session.execute(
        update(table)
        .where(
            table.c.id == then.id,
            table.c.status == PENDING,
            table.c.lease_owner == then.owner,
            table.c.lease_until > now,
        )
        .values(
            sending_since=func.coalesce(table.c.sending_since, now), lease_until=then.lease_until
        )
    )
    return bool(getattr(started, "rowcount", 0))


def queue_runs(
    pending: Sequence[OutboxRow], queues: Sequence[str], now: datetime
) -> tuple[list[OutboxRow], list[OutboxRow]]:
    """Of the pending rows of these queues (in id order): the rows to lease, queue by queue in
    the order of `queues`, and the superseded redraws among them."""
    by_queue: dict[str, list[OutboxRow]] = {queue: [] for queue in queues}
    for row in pending:
        by_queue[row.queue].append(row)
    leased: list[OutboxRow] = []
    superseded: list[OutboxRow] = []
    for rows in by_queue.values():
        for n, row in enumerate(rows):
            if n == QUEUE_RUN or not _ready(row, now):
                break
            later = (other.kind == row.kind for other in rows[n + 1 :])
            if row.kind in COALESCED and any(later):
                superseded.append(row)
            else:
                leased.append(row)
    return leased, superseded


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
        in_doubt_since=None if row.sending_since is None else as_utc(row.sending_since),
    )


def _split(error: str) -> tuple[str, str]:
    action, _, reason = error.partition(": ")
    return action, reason


def due(now: datetime) -> Any:
    """The row may be tried now (it is not waiting for a retry)."""
    return (col(OutboxRow.not_before).is_(None)) | (col(OutboxRow.not_before) <= now)


def _ready(row: OutboxRow, now: datetime) -> bool:
    """Due, and nobody holds a live lease on it (a dead owner's may still run)."""
    waiting = row.not_before is not None and as_utc(row.not_before) > now
    held = row.lease_until is not None and as_utc(row.lease_until) >= now
    return not waiting and not held


def _finished(status: str, now: datetime) -> dict[str, Any]:
    return {"status": status, "done_at": now, "lease_owner": None, "lease_until": None}


def _set(session: Session, ids: Sequence[int | None], **values: Any) -> None:
    """One UPDATE of these rows (nothing when there are none)."""
    if ids:
        table = OUTBOX
        session.execute(update(table).where(table.c.id.in_(ids)).values(**values))
