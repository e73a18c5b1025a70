"""High-touch outreach programmes: account managers and the call centre contact a segment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.insight.model import SLACK_USER_ID, Segment, TouchPoint

HIGH_TOUCH = (TouchPoint.ACCOUNT_MANAGER, TouchPoint.CALL_CENTRE)
MESSAGE_MAX = 3000
NOTES_MAX = 2000


@dataclass(frozen=True)
class ProgrammeDraft:
    """A programme as entered; None and empty fields take the segment's defaults."""

    segment_id: int
    owner_id: str | None
    touch_points: tuple[TouchPoint, ...]
    target: int | None
    due_at: datetime
    message: str


@dataclass(frozen=True)
class OutreachReport:
    """One report of progress: how many more customers were contacted, and what they said."""

    contacted: int
    notes: str
    by: str
    at: datetime


@dataclass(frozen=True)
class Programme:
    """A stored outreach programme of one crisis to one segment."""

    id: int
    team_id: str
    crisis_id: int
    segment_id: int
    segment_name: str
    owner_id: str
    touch_points: tuple[TouchPoint, ...]
    target: int
    due_at: datetime
    message: str
    contacted: int
    reports: tuple[OutreachReport, ...] = ()

    @property
    def done(self) -> bool:
        """Every customer of the target has been contacted."""
        return self.contacted >= self.target

    def overdue(self, now: datetime) -> bool:
        """Past its due date and not done."""
        return not self.done and now > self.due_at


def high_touch(segment: Segment) -> tuple[TouchPoint, ...]:
    """The segment's touch points that a person works: account managers, the call centre."""
    return tuple(tp for tp in segment.touch_points if tp in HIGH_TOUCH)


def programme_problems(
    draft: ProgrammeDraft, segment: Segment | None, *, now: datetime
) -> dict[str, str]:
    """Field -> message for what is wrong with the programme for this segment."""
    problems: dict[str, str] = {}
    if segment is None:
        problems["segment"] = "Choose one of the segments this crisis affects."
    elif not high_touch(segment):
        problems["segment"] = (
            f"{segment.name} is not reached by account managers or the call centre: "
            "add one of those touch points to it first."
        )
    elif any(tp not in high_touch(segment) for tp in draft.touch_points):
        problems["touch_points"] = f"Choose touch points {segment.name} is reached through."
    if draft.owner_id is not None and not SLACK_USER_ID.match(draft.owner_id):
        problems["owner"] = "Choose who owns this programme."
    if draft.target is not None and draft.target < 1:
        problems["target"] = "Aim to contact at least one customer."
    elif draft.target is not None and segment is not None and draft.target > segment.customers:
        problems["target"] = (
            f"{segment.name} has {segment.customers:,} customers: aim at most that."
        )
    if draft.due_at <= now:
        problems["due"] = "Choose a due date ahead."
    if not draft.message.strip():
        problems["message"] = "Say what the programme tells customers."
    elif len(draft.message) > MESSAGE_MAX:
        problems["message"] = f"Keep the message to {MESSAGE_MAX} characters."
    return problems


def report_problems(programme: Programme, contacted: int, notes: str) -> dict[str, str]:
    """Field -> message for a progress report (never past the programme's target)."""
    problems: dict[str, str] = {}
    left = programme.target - programme.contacted
    if contacted < 1:
        problems["contacted"] = "Report at least one customer contacted."
    elif contacted > left:
        problems["contacted"] = (
            f"{programme.contacted:,} of {programme.target:,} are already contacted: "
            f"report at most {left:,} more."
            if left
            else f"All {programme.target:,} customers are already contacted."
        )
    if len(notes) > NOTES_MAX:
        problems["notes"] = f"Keep the notes to {NOTES_MAX} characters."
    return problems
