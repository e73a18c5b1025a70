"""Events API retries handled once: Slack redelivers an event up to three times."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from slack_bolt.response import BoltResponse

from bot.clock import Clock

logger = logging.getLogger(__name__)


class EventLog(Protocol):
    """Where handled event ids are remembered (shared by every process of the app)."""

    def first_delivery(self, event_id: str, *, team_id: str, at: datetime) -> bool:
        """Record `event_id`; False if it was recorded before."""
        ...


def build_event_dedup(
    events: EventLog, clock: Clock
) -> Callable[[dict[str, Any], Callable[[], BoltResponse]], BoltResponse | None]:
    """A global Bolt middleware that answers a repeated `event_id` with 200 and goes no further."""

    def dedup_events(
        body: dict[str, Any], next_: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        event_id = body.get("event_id")
        if body.get("type") != "event_callback" or not isinstance(event_id, str):
            return next_()
        team_id = str(body.get("team_id") or "")
        if events.first_delivery(event_id, team_id=team_id, at=clock()):
            return next_()
        # Answer 200 so Slack stops retrying; the first delivery is (being) handled.
        logger.info("event %s from %s was already handled: a retry, ignored", event_id, team_id)
        return BoltResponse(status=200, body="")

    return dedup_events
