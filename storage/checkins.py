"""Trust check-ins, within the caller's session: per crisis, and per segment across crises."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from bot.clock import as_utc
from bot.trust.checkins import CheckIn, CheckInDraft, Scale, SegmentAction
from storage.trust_tables import CheckInRow


class SqlCheckInRepository:
    """Check-ins in the app's database."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        draft: CheckInDraft,
        *,
        team_id: str,
        crisis_id: int,
        segment_name: str,
        by: str,
        at: datetime,
    ) -> CheckIn:
        """Record a check-in (the unique key refuses a second one for the same segment)."""
        action = draft.action
        row = CheckInRow(
            team_id=team_id,
            crisis_id=crisis_id,
            segment_id=draft.segment_id,
            segment_name=segment_name,
            check_in=draft.check_in,
            complaints=draft.complaints,
            customers_lost=draft.customers_lost,
            scale=draft.scale.value,
            before_tenths=draft.before_tenths,
            after_tenths=draft.after_tenths,
            saying=draft.saying,
            change=draft.change,
            action_owner_id=action.owner_id if action else None,
            action_due_at=action.due_at if action else None,
            recorded_by=by,
            recorded_at=at,
        )
        self._session.add(row)
        self._session.flush()
        return to_check_in(row)

    def for_crisis(self, crisis_id: int) -> list[CheckIn]:
        """The crisis's check-ins, oldest first."""
        rows = self._session.exec(
            select(CheckInRow)
            .where(CheckInRow.crisis_id == crisis_id)
            .order_by(col(CheckInRow.recorded_at), col(CheckInRow.id))
        ).all()
        return [to_check_in(row) for row in rows]

    def recent_for_segments(
        self, team_id: str, segment_ids: Sequence[int], *, limit: int
    ) -> list[CheckIn]:
        """The segments' check-ins (of any crisis), newest first, at most `limit`."""
        if not segment_ids:
            return []
        rows = self._session.exec(
            select(CheckInRow)
            .where(CheckInRow.team_id == team_id, col(CheckInRow.segment_id).in_(segment_ids))
            .order_by(col(CheckInRow.id).desc())
            .limit(limit)
        ).all()
        return [to_check_in(row) for row in rows]


def to_check_in(row: CheckInRow) -> CheckIn:
    """The domain view of a check-in row."""
    assert row.id is not None
    action = None
    if row.action_owner_id and row.action_due_at:
        action = SegmentAction(row.action_owner_id, as_utc(row.action_due_at))
    return CheckIn(
        id=row.id,
        team_id=row.team_id,
        crisis_id=row.crisis_id,
        segment_name=row.segment_name,
        draft=CheckInDraft(
            check_in=row.check_in,
            segment_id=row.segment_id,
            complaints=row.complaints,
            customers_lost=row.customers_lost,
            scale=Scale(row.scale),
            before_tenths=row.before_tenths,
            after_tenths=row.after_tenths,
            saying=row.saying,
            change=row.change,
            action=action,
        ),
        recorded_by=row.recorded_by,
        recorded_at=as_utc(row.recorded_at),
    )
