"""What customer insight needs stored: segments, in a unit of work of its own."""

from __future__ import annotations

from typing import Protocol

from bot.insight.model import Segment, SegmentDraft
from bot.transaction import Transaction


class SegmentRepository(Protocol):
    """Customer segments per workspace."""

    def list(self, team_id: str) -> list[Segment]:
        """The team's segments, by name."""
        ...

    def get(self, segment_id: int) -> Segment | None:
        """The segment with this id."""
        ...

    def add(self, team_id: str, draft: SegmentDraft) -> Segment:
        """Store a new segment."""
        ...

    def update(self, segment_id: int, draft: SegmentDraft) -> Segment:
        """Replace a segment's fields."""
        ...

    def remove(self, segment_id: int) -> None:
        """Delete a segment."""
        ...


class InsightUnit(Transaction, Protocol):
    """The part of a unit of work customer insight uses."""

    @property
    def segments(self) -> SegmentRepository:
        """Customer segments in this transaction."""
        ...


class InsightUnitFactory(Protocol):
    """Opens a unit for insight; `write=False` for one that only reads."""

    def __call__(self, *, write: bool = True) -> InsightUnit: ...
