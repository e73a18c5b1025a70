"""Customer segments, within the caller's session."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.clock import utc_now
from bot.insight.model import Segment, SegmentDraft, TouchPoint
from storage.insight_tables import SegmentRow


class SqlSegmentRepository:
    """Segments in the app's database."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def list(self, team_id: str) -> list[Segment]:
        """The team's segments, by name."""
        rows = self._session.exec(
            select(SegmentRow)
            .where(SegmentRow.team_id == team_id)
            .order_by(col(SegmentRow.name_key))
        ).all()
        return [to_segment(row) for row in rows]

    def get(self, segment_id: int) -> Segment | None:
        """The segment with this id."""
        row = self._session.get(SegmentRow, segment_id)
        return None if row is None else to_segment(row)

    def add(self, team_id: str, draft: SegmentDraft) -> Segment:
        """Store a new segment."""
        row = _apply(
            SegmentRow(
                team_id=team_id,
                name="",
                name_key="",
                customers=0,
                revenue_share=0.0,
                owner_id="",
                updated_at=utc_now(),
            ),
            draft,
        )
        self._session.add(row)
        self._session.flush()
        return to_segment(row)

    def update(self, segment_id: int, draft: SegmentDraft) -> Segment:
        """Replace a segment's fields."""
        row = self._session.get(SegmentRow, segment_id)
        if row is None:
            raise LookupError(f"segment {segment_id} does not exist")
        self._session.add(_apply(row, draft))
        self._session.flush()
        return to_segment(row)

    def remove(self, segment_id: int) -> None:
        """Delete a segment."""
        row = self._session.get(SegmentRow, segment_id)
        if row is not None:
            self._session.delete(row)


def _apply(row: SegmentRow, draft: SegmentDraft) -> SegmentRow:
    row.name = draft.name.strip()
    row.name_key = row.name.casefold()
    row.customers, row.revenue_share = draft.customers, draft.revenue_share
    row.touch_points = [tp.value for tp in draft.touch_points]
    row.owner_id, row.notes, row.updated_at = draft.owner_id, draft.notes, utc_now()
    return row


def to_segment(row: SegmentRow) -> Segment:
    """The domain view of a segment row."""
    assert row.id is not None
    return Segment(
        id=row.id,
        team_id=row.team_id,
        name=row.name,
        customers=row.customers,
        revenue_share=row.revenue_share,
        touch_points=tuple(
            TouchPoint(tp) for tp in row.touch_points if tp in TouchPoint.__members__.values()
        ),
        owner_id=row.owner_id,
        notes=row.notes,
    )
