"""Trust check-ins: how each affected segment is doing some time after the crisis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from bot.insight.model import SLACK_USER_ID, Segment

TEXT_MAX = 2000
COUNT_MAX = 2_000_000_000


class Scale(StrEnum):
    """The satisfaction scale a segment is measured on."""

    ONE_TO_FIVE = "1-5"
    ZERO_TO_TEN = "0-10"
    ZERO_TO_HUNDRED = "0-100"

    @property
    def bounds(self) -> tuple[int, int]:
        """Lowest and highest score."""
        low, high = self.value.split("-")
        return int(low), int(high)


def parse_score(text: str, scale: Scale) -> int:
    """A score such as '7.5' on `scale`, in tenths (75); ValueError with a sentence."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"Enter a score from {scale.value}, such as 7 or 7.5.") from None
    low, high = scale.bounds
    if not value.is_finite() or not low <= value <= high:
        raise ValueError(f"A score on the {scale.value} scale is from {low} to {high}.")
    tenths = value * 10
    if tenths != tenths.to_integral_value():
        raise ValueError("Enter a score with at most one decimal.")
    return int(tenths)


@dataclass(frozen=True)
class SegmentAction:
    """A change the check-in commits to for the segment, with an owner and a due date."""

    owner_id: str
    due_at: datetime


@dataclass(frozen=True)
class CheckInDraft:
    """A check-in for one segment as entered (scores in tenths)."""

    check_in: str
    segment_id: int
    complaints: int
    customers_lost: int
    scale: Scale
    before_tenths: int
    after_tenths: int
    saying: str
    change: str
    action: SegmentAction | None = None


@dataclass(frozen=True)
class CheckIn:
    """A recorded check-in of one crisis and segment."""

    id: int
    team_id: str
    crisis_id: int
    segment_name: str
    draft: CheckInDraft
    recorded_by: str
    recorded_at: datetime


def check_in_problems(
    draft: CheckInDraft, segment: Segment | None, *, labels: tuple[str, ...], now: datetime
) -> dict[str, str]:
    """Field -> message for what is wrong with the check-in."""
    problems: dict[str, str] = {}
    if draft.check_in not in labels:
        problems["check_in"] = f"Choose one of the playbook's check-ins: {', '.join(labels)}."
    if segment is None:
        problems["segment"] = "Choose one of the segments this crisis affects."
    if not 0 <= draft.complaints <= COUNT_MAX:
        problems["complaints"] = "Enter how many complaints came in (0 or more)."
    if draft.customers_lost < 0:
        problems["customers_lost"] = "The number of customers lost can't be negative."
    elif segment is not None and draft.customers_lost > segment.customers:
        problems["customers_lost"] = (
            f"{segment.name} has {segment.customers:,} customers: at most that many were lost."
        )
    for field, text in (("saying", draft.saying), ("change", draft.change)):
        if len(text) > TEXT_MAX:
            problems[field] = f"Keep this to {TEXT_MAX} characters."
    action = draft.action
    if action is not None and not draft.change.strip():
        problems["change"] = "Say what we change: the follow-up action is about it."
    if action is not None and not SLACK_USER_ID.match(action.owner_id):
        problems["action_owner"] = "Choose who owns the follow-up action."
    if action is not None and action.due_at.date() < now.date():
        problems["action_due"] = "Choose a due date from today on."
    return problems
