"""Customer update repository: rows <-> the domain's CustomerUpdate versions."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.clock import as_utc
from bot.comms.effects import Effect, Owed, queue_of
from bot.comms.model import CustomerUpdate, Section, UpdateDraft, UpdateStatus
from bot.insight.model import TOUCH_POINT_VALUES, TouchPoint
from storage.comms_tables import CommsOutboxRow, CustomerUpdateRow

PENDING, DONE = "pending", "done"
SECTION_VALUES = frozenset(section.value for section in Section)


class SqlCommsRepository:
    """Customer updates and owed webhook events, within the caller's session."""

    def __init__(self, session: Session) -> None:
        self._session = session
        # Set when a side effect is owed, so the commit has the delivery engine kicked.
        self.written = False

    def add_draft(self, draft: UpdateDraft, *, at: datetime, number: int | None) -> CustomerUpdate:
        """Store a draft version (not yet numbered unless it revises an update)."""
        row = CustomerUpdateRow(
            crisis_id=draft.crisis_id,
            number=number,
            revises=draft.revises,
            status=UpdateStatus.DRAFT.value,
            author_id=draft.author_id,
            sections={section.value: text for section, text in draft.sections.items()},
            segment_ids=list(draft.segment_ids),
            touch_points=[point.value for point in draft.touch_points],
            item_ids=list(draft.item_ids),
            next_update_at=draft.next_update_at,
            created_at=at,
        )
        self._session.add(row)
        self._session.flush()
        return to_update(row)

    def get(self, update_id: int) -> CustomerUpdate | None:
        """The version with this id (as the database holds it now)."""
        row = self._session.get(CustomerUpdateRow, update_id, populate_existing=True)
        return None if row is None else to_update(row)

    def versions(self, crisis_id: int) -> list[CustomerUpdate]:
        """Every version sent for approval, oldest first."""
        rows = self._session.exec(
            select(CustomerUpdateRow)
            .where(
                CustomerUpdateRow.crisis_id == crisis_id,
                col(CustomerUpdateRow.status) != UpdateStatus.DRAFT.value,
            )
            .order_by(col(CustomerUpdateRow.id))
            .execution_options(populate_existing=True)
        ).all()
        return [to_update(row) for row in rows]

    def next_number(self, crisis_id: int) -> int:
        """The number the crisis's next new update gets."""
        highest = self._session.exec(
            select(func.max(CustomerUpdateRow.number)).where(
                CustomerUpdateRow.crisis_id == crisis_id
            )
        ).one()
        return int(highest or 0) + 1

    def next_version(self, crisis_id: int, number: int) -> int:
        """The version the update's next revision gets."""
        highest = self._session.exec(
            select(func.max(CustomerUpdateRow.version)).where(
                CustomerUpdateRow.crisis_id == crisis_id, CustomerUpdateRow.number == number
            )
        ).one()
        return int(highest or 0) + 1

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
        values: dict[str, object] = {"status": to_status.value}
        if by is not None:
            values |= {"decided_by": by, "decided_at": at, "reason": reason}
        if number is not None:
            values |= {"number": number, "version": version}
        result = self._session.execute(
            update(CustomerUpdateRow)
            .where(
                col(CustomerUpdateRow.id) == update_id,
                col(CustomerUpdateRow.status) == from_status.value,
            )
            .values(**values)
        )
        return bool(getattr(result, "rowcount", 0))

    def set_approval_message(self, update_id: int, *, channel_id: str, ts: str) -> None:
        """Remember where the approval request was posted."""
        self._session.execute(
            update(CustomerUpdateRow)
            .where(col(CustomerUpdateRow.id) == update_id)
            .values(approval_channel=channel_id, approval_ts=ts)
        )

    def owe(
        self,
        crisis_id: int,
        effect: Effect,
        subject_id: int,
        *,
        at: datetime,
        **params: str,
    ) -> None:
        """Owe a side effect, after the crisis's earlier ones in its queue (a webhook event is
        owed once per subject, however often this is called)."""
        once = f"{params['event']}:{subject_id}" if effect is Effect.WEBHOOK else None
        row = CommsOutboxRow(
            crisis_id=crisis_id,
            queue=queue_of(effect, crisis_id),
            effect=effect.value,
            subject_id=subject_id,
            params=dict(params),
            key=f"msg_{uuid.uuid4().hex}",
            once=once,
            status=PENDING,
            created_at=at,
            not_before=at,
        )
        try:
            with self._session.begin_nested():
                self._session.add(row)
                self._session.flush()
        except IntegrityError:
            return  # that event is owed already
        self.written = True

    def done(self, owed_id: int, *, at: datetime) -> None:
        """Mark a side effect done (in the transaction that records what it left behind)."""
        self._session.execute(
            update(CommsOutboxRow)
            .where(col(CommsOutboxRow.id) == owed_id)
            .values(status=DONE, done_at=at, lease_owner=None, lease_until=None)
        )


def to_update(row: CustomerUpdateRow) -> CustomerUpdate:
    """The domain view of a customer update row."""
    assert row.id is not None
    return CustomerUpdate(
        id=row.id,
        crisis_id=row.crisis_id,
        number=row.number,
        version=row.version,
        status=UpdateStatus(row.status),
        author_id=row.author_id,
        sections={
            Section(key): text for key, text in row.sections.items() if key in SECTION_VALUES
        },
        segment_ids=tuple(row.segment_ids),
        touch_points=tuple(TouchPoint(p) for p in row.touch_points if p in TOUCH_POINT_VALUES),
        next_update_at=as_utc(row.next_update_at),
        created_at=as_utc(row.created_at),
        revises=row.revises,
        decided_by=row.decided_by,
        decided_at=None if row.decided_at is None else as_utc(row.decided_at),
        reason=row.reason,
        approval_channel=row.approval_channel,
        approval_ts=row.approval_ts,
        item_ids=tuple(row.item_ids),
    )


def to_owed(row: CommsOutboxRow) -> Owed:
    """The domain view of a comms outbox row."""
    assert row.id is not None
    return Owed(
        id=row.id,
        crisis_id=row.crisis_id,
        effect=Effect(row.effect),
        subject_id=row.subject_id,
        key=row.key,
        created_at=as_utc(row.created_at),
        attempts=row.attempts,
        params=dict(row.params),
    )
