"""What a segment learned from the crises that touched it: the lessons later assessments show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.crisis.model import Crisis
from bot.trust.checkins import CheckIn
from bot.trust.compensation import Offer


@dataclass(frozen=True)
class SegmentLesson:
    """One crisis in a segment's history: its dates, severity, promise, compensation, check-in."""

    segment_id: int
    crisis: Crisis
    check_in: CheckIn
    offers: tuple[Offer, ...] = ()

    @property
    def segment_name(self) -> str:
        """The segment's name when the check-in was recorded."""
        return self.check_in.segment_name

    @property
    def promised_at(self) -> datetime | None:
        """The fix time promised to customers, if one was."""
        return self.crisis.customer_eta

    @property
    def delivered_at(self) -> datetime | None:
        """When the crisis was resolved: the promise delivered."""
        return self.crisis.resolved_at

    @property
    def promise_kept(self) -> bool | None:
        """Whether the fix came by the promised time (None when nothing was promised)."""
        if self.promised_at is None or self.delivered_at is None:
            return None
        return self.delivered_at <= self.promised_at
