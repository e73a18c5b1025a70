"""What the Home needs from the outside world: a reader of facts, and a way to refresh."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from bot.home.model import HomeFacts


class HomeReader(Protocol):
    """Reads everything one person's Home shows, scoped to their workspace."""

    def facts(self, team_id: str, user_id: str, *, resolved_since: datetime) -> HomeFacts:
        """Open crises, those resolved since `resolved_since`, the person's follow-ups, insight."""
        ...


class HomeRefresh(Protocol):
    """Redraws people's Home tabs after a change that concerns them (never blocks the caller)."""

    def refresh(self, team_id: str, user_ids: Iterable[str]) -> None:
        """Schedule a redraw of these people's Homes; repeated requests are coalesced."""
        ...


class NoHomeRefresh:
    """For services built without a Home (scripts, tests of other capabilities)."""

    def refresh(self, team_id: str, user_ids: Iterable[str]) -> None:
        """Do nothing."""
