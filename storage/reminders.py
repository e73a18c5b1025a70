"""Reminders inside a unit of work: scheduled and cancelled with the change that causes them."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.clock import as_utc
from bot.reminders.model import Reminder, ReminderKind, ReminderSpec, ReminderStatus
from storage.reminder_tables import ReminderRow

PENDING = ReminderStatus.PENDING.value


class SqlReminderRepository:
    """Reminders in the caller's session (the service commits)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def schedule(self, spec: ReminderSpec) -> None:
        """Create the reminder, or replace the pending one with the same (crisis, kind, subject)."""
        row = self._session.exec(
            select(ReminderRow).where(
                ReminderRow.crisis_id == spec.crisis_id,
                ReminderRow.kind == spec.kind.value,
                ReminderRow.subject == spec.subject,
                ReminderRow.status == PENDING,
            )
        ).first() or ReminderRow(
            crisis_id=spec.crisis_id,
            kind=spec.kind.value,
            subject=spec.subject,
            status=PENDING,
            due_at=as_utc(spec.due_at),
        )
        # Stored as UTC: SQLite keeps the wall-clock digits and drops the offset.
        row.due_at = as_utc(spec.due_at)
        row.every_seconds = None if spec.every is None else int(spec.every.total_seconds())
        row.channel_id, row.user_id, row.params = spec.channel_id, spec.user_id, dict(spec.params)
        row.attempts, row.not_before = 0, None
        self._session.add(row)
        self._session.flush()

    def cancel(self, crisis_id: int, kind: ReminderKind, subject: str | None = None) -> int:
        """Cancel pending reminders of this kind (and subject); how many were cancelled."""
        statement = update(ReminderRow).where(
            col(ReminderRow.crisis_id) == crisis_id,
            col(ReminderRow.kind) == kind.value,
            col(ReminderRow.status) == PENDING,
        )
        if subject is not None:
            statement = statement.where(col(ReminderRow.subject) == subject)
        result = self._session.execute(statement.values(status=ReminderStatus.CANCELLED.value))
        return int(getattr(result, "rowcount", 0))

    def snooze(self, reminder_id: int, until: datetime) -> bool:
        """Fire again at `until` (a one-shot that already fired comes back); False if cancelled,
        or if the same reminder was scheduled anew meanwhile."""
        row = self._session.get(ReminderRow, reminder_id)
        if row is None or row.status == ReminderStatus.CANCELLED.value:
            return False
        try:
            with self._session.begin_nested():
                row.status, row.due_at = PENDING, as_utc(until)
                row.not_before, row.attempts = None, 0
                self._session.add(row)
                self._session.flush()
        except IntegrityError:
            return False
        return True

    def get(self, reminder_id: int) -> Reminder | None:
        """The reminder with this id."""
        row = self._session.get(ReminderRow, reminder_id)
        return None if row is None else to_reminder(row)

    def pending(self, crisis_id: int) -> list[Reminder]:
        """The crisis's pending reminders, soonest first."""
        rows = self._session.exec(
            select(ReminderRow)
            .where(ReminderRow.crisis_id == crisis_id, ReminderRow.status == PENDING)
            .order_by(col(ReminderRow.due_at), col(ReminderRow.id))
        ).all()
        return [to_reminder(row) for row in rows]


def to_reminder(row: ReminderRow) -> Reminder:
    """The domain view of a reminder row."""
    assert row.id is not None
    return Reminder(
        id=row.id,
        spec=ReminderSpec(
            crisis_id=row.crisis_id,
            kind=ReminderKind(row.kind),
            subject=row.subject,
            due_at=as_utc(row.due_at),
            every=None if row.every_seconds is None else timedelta(seconds=row.every_seconds),
            channel_id=row.channel_id,
            user_id=row.user_id,
            params=dict(row.params),
        ),
        status=ReminderStatus(row.status),
        attempts=row.attempts,
    )
