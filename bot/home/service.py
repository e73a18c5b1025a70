"""Assembles a person's Home from what storage knows and what time it is."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import Clock
from bot.home.model import Home, tasks_for
from bot.home.ports import HomeReader

# Resolved crises stay on the Home this long: their reviews and follow-ups happen in that time.
RESOLVED_WINDOW = timedelta(days=30)


class PersonalHomes:
    """The use case behind the Home tab."""

    def __init__(self, *, reader: HomeReader, clock: Clock) -> None:
        self._reader = reader
        self._clock = clock

    def home_for(self, team_id: str, user_id: str) -> Home:
        """The Home of `user_id` in workspace `team_id`, as it stands now."""
        now = self._clock()
        facts = self._reader.facts(team_id, user_id, resolved_since=now - RESOLVED_WINDOW)
        return Home(
            team_id=team_id,
            user_id=user_id,
            now=now,
            needs_you=tasks_for(user_id, facts, now),
            open_crises=tuple(facts.open_crises),
            open_total=facts.open_total,
            recently_resolved=tuple(facts.resolved),
            insight=facts.insight,
        )
