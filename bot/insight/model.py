"""Customer insight gathered before a crisis: segments, their size, revenue and touch points."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

NAME_MAX = 80
NOTES_MAX = 2000
# More customers than people on Earth is a typo, and more than a 32-bit column holds.
CUSTOMERS_MAX = 2_000_000_000
REVENUE_TOTAL_MAX = 100.0
# A Slack user id (U... or, in Enterprise Grid, W...).
SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


class TouchPoint(StrEnum):
    """Where the company meets the customer; where crisis communication lands."""

    SUPPORT_LINE = "support_line"
    IN_APP_BANNER = "in_app_banner"
    ACCOUNT_MANAGER = "account_manager"
    STATUS_PAGE = "status_page"
    EMAIL = "email"
    SOCIAL_MEDIA = "social_media"
    CALL_CENTRE = "call_centre"

    @property
    def label(self) -> str:
        """How the touch point reads to a person."""
        return self.value.replace("_", " ")


TOUCH_POINT_VALUES = frozenset(tp.value for tp in TouchPoint)


@dataclass(frozen=True)
class SegmentDraft:
    """A segment as entered (in Slack or a CSV row), before validation."""

    name: str
    customers: int
    revenue_share: float
    touch_points: tuple[TouchPoint, ...]
    owner_id: str
    notes: str = ""


@dataclass(frozen=True)
class Segment:
    """A stored customer segment."""

    id: int
    team_id: str
    name: str
    customers: int
    revenue_share: float
    touch_points: tuple[TouchPoint, ...]
    owner_id: str
    notes: str = ""


def segment_problems(draft: SegmentDraft, others: Sequence[Segment]) -> dict[str, str]:
    """Field -> message for what is wrong with `draft` next to the team's other segments."""
    problems: dict[str, str] = {}
    if not draft.name.strip():
        problems["name"] = "Give the segment a name."
    elif len(draft.name) > NAME_MAX:
        problems["name"] = f"Keep the name to {NAME_MAX} characters."
    elif any(s.name.casefold() == draft.name.strip().casefold() for s in others):
        problems["name"] = f"There is already a segment called {draft.name.strip()!r}."
    if draft.customers < 0:
        problems["customers"] = "The number of customers can't be negative."
    elif draft.customers > CUSTOMERS_MAX:
        problems["customers"] = f"The number of customers can be at most {CUSTOMERS_MAX:,}."
    if not 0 <= draft.revenue_share <= REVENUE_TOTAL_MAX:
        problems["revenue_share"] = "The share of revenue is a percentage from 0 to 100."
    else:
        total = sum(s.revenue_share for s in others) + draft.revenue_share
        if total > REVENUE_TOTAL_MAX + 1e-9:
            problems["revenue_share"] = (
                f"With this segment the shares of revenue add up to {total:.1f}%, over 100%."
            )
    if not draft.owner_id:
        problems["owner"] = "Choose who owns this segment's insight."
    elif not SLACK_USER_ID.match(draft.owner_id):
        problems["owner"] = f"{draft.owner_id!r} is not a Slack user id (like U0123ABCD)."
    if len(draft.notes) > NOTES_MAX:
        problems["notes"] = f"Keep the notes to {NOTES_MAX} characters."
    return problems


@dataclass(frozen=True)
class Exposure:
    """What the chosen customer segments add up to."""

    customers: int
    revenue_share: float
    touch_points: tuple[str, ...]
    segment_names: tuple[str, ...]


ExposureLookup = Callable[[str, Sequence[int]], "Exposure | None"]


def exposure(segments: Sequence[Segment]) -> Exposure:
    """What the segments add up to: customers, revenue share, and their touch points."""
    points = dict.fromkeys(tp.label for s in segments for tp in s.touch_points)
    return Exposure(
        customers=sum(s.customers for s in segments),
        revenue_share=round(sum(s.revenue_share for s in segments), 2),
        touch_points=tuple(points),
        segment_names=tuple(s.name for s in segments),
    )
