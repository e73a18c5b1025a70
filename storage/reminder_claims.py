"""Claiming due reminders with a lease, and recording deliveries exactly once per occurrence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Engine, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bot.clock import as_utc
from bot.delivery.state import DeliveryStart, DeliveryState
from bot.reminders.model import Reminder, ReminderStatus
from storage.leases import LeasedTable, free, holds, in_active_workspace
from storage.reminder_tables import ReminderDeliveryRow, ReminderRow
from storage.reminders import to_reminder

PENDING = ReminderStatus.PENDING.value
SENDING, SENT = "sending", "sent"


class SqlReminderClaims:
    """The poller's view of the reminder tables; every method is one short transaction."""

    def __init__(self, engine: Engine) -> None:
        self._table = LeasedTable(engine)
        self._sqlite = self._table.sqlite

    def renew(self, ids: Sequence[int], *, owner: str, now: datetime, lease: timedelta) -> None:
        """Extend the leases `owner` still holds."""
        self._table.renew(ReminderRow, ids, owner=owner, now=now, lease=lease)

    def release(self, ids: Sequence[int], *, owner: str) -> None:
        """Let go of the leases `owner` holds on reminders it claimed and did not start."""
        self._table.release(ReminderRow, ids, owner=owner)

    def claim_due(
        self, *, owner: str, now: datetime, lease: timedelta, limit: int
    ) -> list[Reminder]:
        """Lease up to `limit` due reminders that nobody holds a live lease on."""
        query = (
            select(ReminderRow)
            .where(
                ReminderRow.status == PENDING,
                col(ReminderRow.due_at) <= now,
                or_(col(ReminderRow.not_before).is_(None), col(ReminderRow.not_before) <= now),
                free(ReminderRow, now),
                # An uninstalled workspace's reminders wait (kept) until it installs the app again.
                in_active_workspace(col(ReminderRow.crisis_id)),
            )
            .order_by(col(ReminderRow.due_at), col(ReminderRow.id))
            .limit(limit)
        )
        with self._table.session() as session:
            rows = self._table.claim(session, query, owner=owner, until=now + lease)
            session.commit()
            return [to_reminder(row) for row in rows]

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
        with self._table.session() as session:
            # Locked, so a claimer in another process either sees the renewed lease or takes
            # the reminder before us (and we see that we lost it).
            reminder = session.get(ReminderRow, reminder_id, with_for_update=not self._sqlite)
            if reminder is None or not _held(reminder, owner, now):
                return DeliveryStart(DeliveryState.LEASE_LOST)
            if lease is not None:
                # The batch's lease counted from the claim; a delivery gets a whole lease.
                reminder.lease_until = now + lease
                session.add(reminder)
                session.flush()  # before the savepoint below, which may roll back
            row = ReminderDeliveryRow(
                reminder_id=reminder_id,
                occurrence=occurrence,
                state=SENDING,
                owner=owner,
                started_at=now,
            )
            try:
                with session.begin_nested():
                    session.add(row)
                    session.flush()
            except IntegrityError:
                existing = session.exec(
                    select(ReminderDeliveryRow).where(
                        ReminderDeliveryRow.reminder_id == reminder_id,
                        ReminderDeliveryRow.occurrence == occurrence,
                    )
                ).one()
                if existing.state == SENT:
                    session.commit()
                    return DeliveryStart(DeliveryState.ALREADY_SENT)
                # Keep the first attempt's start: Slack is searched from then on.
                existing.owner = owner
                session.add(existing)
                session.commit()
                return DeliveryStart(DeliveryState.IN_DOUBT, as_utc(existing.started_at))
            session.commit()
            return DeliveryStart(DeliveryState.NEW)

    def finish(
        self,
        reminder_id: int,
        occurrence: datetime,
        *,
        owner: str,
        now: datetime,
        next_due: datetime | None,
    ) -> bool:
        """Mark the occurrence sent; move the reminder on only while `owner` holds the lease."""
        with self._table.session() as session:
            session.execute(
                update(ReminderDeliveryRow)
                .where(
                    col(ReminderDeliveryRow.reminder_id) == reminder_id,
                    col(ReminderDeliveryRow.occurrence) == occurrence,
                )
                .values(state=SENT, sent_at=now)
            )
            values: dict[str, object] = {
                "lease_owner": None,
                "lease_until": None,
                "attempts": 0,
                "not_before": None,
            }
            if next_due is None:
                values["status"] = ReminderStatus.DONE.value
            else:
                values["due_at"] = next_due
            leased = _leased(reminder_id, owner, now)
            # Rescheduled or snoozed while we were posting: keep the new time, only let go.
            moved = session.execute(
                leased.where(col(ReminderRow.due_at) == occurrence).values(**values)
            )
            if not getattr(moved, "rowcount", 0):
                session.execute(leased.values(lease_owner=None, lease_until=None))
            session.commit()
            return bool(getattr(moved, "rowcount", 0))

    def fail(
        self, reminder_id: int, *, owner: str, now: datetime, attempts: int, retry_at: datetime
    ) -> None:
        """Keep the reminder pending and retry at `retry_at`, releasing the lease."""
        with self._table.session() as session:
            session.execute(
                _leased(reminder_id, owner, now).values(
                    attempts=attempts + 1,
                    not_before=retry_at,
                    lease_owner=None,
                    lease_until=None,
                )
            )
            session.commit()


def _leased(reminder_id: int, owner: str, now: datetime):  # type: ignore[no-untyped-def]
    return update(ReminderRow).where(
        col(ReminderRow.id) == reminder_id,
        col(ReminderRow.lease_owner) == owner,
        col(ReminderRow.lease_until) > now,
        col(ReminderRow.status) == PENDING,
    )


def _held(row: ReminderRow, owner: str, now: datetime) -> bool:
    return row.status == PENDING and holds(row, owner, now)
