"""The review meeting as an iCalendar invite (RFC 5545): one UID per crisis, times in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from bot.crisis.facts import ReviewAnswers
from bot.crisis.model import Crisis, StepKey

REVIEW_LENGTH = timedelta(hours=1)
PRODUCT_ID = "-//Crisis Desk//Crisis review//EN"


def review_uid(crisis: Crisis) -> str:
    """The invite's UID: the same for every version of one crisis's review."""
    return f"crisis-{crisis.team_id}-{crisis.id}-review@crisis-desk"


def invite_filename(crisis: Crisis) -> str:
    """The name of the uploaded invite file."""
    return f"crisis-{crisis.id}-review.ics"


def review_invite(crisis: Crisis, *, now: datetime) -> str:
    """The review meeting as an iCalendar file; SEQUENCE counts the times it was moved."""
    start = crisis.step(StepKey.REVIEW).due_at
    if start is None:
        raise ValueError(f"crisis {crisis.id} has no review scheduled")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    # PUBLISH: a meeting each person adds to their own calendar (no organizer to reply to).
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", review_uid(crisis))
    event.add("sequence", crisis.review_sequence)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", (start + REVIEW_LENGTH).astimezone(UTC))
    event.add("summary", f"Crisis review: {crisis.title}")
    event.add("description", _agenda(crisis))
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return bytes(calendar.to_ical()).decode()


def _agenda(crisis: Crisis) -> str:
    questions = "\n".join(f"- {question}" for _, question in ReviewAnswers.QUESTIONS)
    return (
        f"The review of crisis #{crisis.id} ({crisis.severity.label}), "
        f"channel #{crisis.channel_name or crisis.channel_id or ''}.\n"
        f"How will this affect customers? We answer:\n{questions}"
    )
