"""What a process finds when it starts a delivery, and how long it waits after a failure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class DeliveryState(StrEnum):
    """What a process finds when it starts one delivery."""

    NEW = "new"  # nobody tried: send it
    ALREADY_SENT = "already_sent"  # delivered before (the last owner died before finishing)
    IN_DOUBT = "in_doubt"  # an earlier attempt may have reached Slack: check before sending
    LEASE_LOST = "lease_lost"  # another process owns it now: leave it alone
    SUPERSEDED = "superseded"  # a later row makes this one pointless (a newer board redraw)


@dataclass(frozen=True)
class DeliveryStart:
    """The state found, and since when an in-doubt delivery was being attempted."""

    state: DeliveryState
    since: datetime | None = None


def retry_delay(attempts: int) -> timedelta:
    """Backoff after a failed delivery: 5 s, 10 s, 20 s, ... at most 10 minutes."""
    return timedelta(seconds=min(600, 5 * 2 ** max(0, attempts - 1)))
