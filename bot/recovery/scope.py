"""What the trust work may touch: the team's crisis, and the segments that crisis affects."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.crisis.model import Crisis
from bot.errors import NotFound
from bot.insight.model import Segment
from bot.outbox.model import OutboxKind
from bot.recovery.ports import RecoveryUnitOfWork


def team_crisis(unit: RecoveryUnitOfWork, team_id: str, crisis_id: int) -> Crisis:
    """The team's crisis, or NotFound (another workspace's crisis is as good as gone)."""
    crisis = unit.crises.get(crisis_id)
    if crisis is None or crisis.team_id != team_id:
        raise NotFound("That crisis no longer exists.")
    return crisis


def affected_segment(unit: RecoveryUnitOfWork, crisis: Crisis, segment_id: int) -> Segment | None:
    """The segment if the crisis may act on it (one of its segments; any when it named none)."""
    found = unit.segments.get(segment_id)
    if found is None or found.team_id != crisis.team_id:
        return None
    allowed = set(crisis.segment_ids)
    return found if not allowed or found.id in allowed else None


def redraw_board(unit: RecoveryUnitOfWork, crisis: Crisis, now: datetime) -> None:
    """Queue a redraw of the crisis board, in the change's own transaction (once it has one)."""
    if crisis.board_ts:
        unit.outbox.add(crisis.id, OutboxKind.REDRAW_BOARD, at=now)


def affected_segments(crisis: Crisis, all_segments: Sequence[Segment]) -> list[Segment]:
    """The segments offered in the crisis's trust forms: its own, or any when it named none."""
    chosen = [s for s in all_segments if s.id in set(crisis.segment_ids)]
    return chosen or list(all_segments)
