"""The review in everyone's calendar: an .ics at resolution, and again each time it moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from sqlmodel import Session, select

from storage.reminder_tables import ReminderRow
from storage.tables import CrisisRow
from tests.handlers.test_closing import open_command_modal
from tests.handlers.walking import POSITIVE, board, declared_crisis, submit
from tests.harness import Harness

RESOLUTION = {"resolution_how": "Retry job removed.", "resolution_compensation": "None"}


def resolved_crisis(harness: Harness) -> CrisisRow:
    crisis = declared_crisis(harness)
    view = open_command_modal(harness, crisis, "resolve")
    assert submit(harness, view, {**RESOLUTION, **POSITIVE}) is None
    return crisis


def invites(harness: Harness, crisis: CrisisRow) -> list[Calendar]:
    """Every .ics shared in the crisis channel, parsed back, oldest first."""
    assert crisis.channel_id
    files = [f for f in harness.fake.files_in(crisis.channel_id) if f.filename.endswith(".ics")]
    assert all(f.filename == f"crisis-{crisis.id}-review.ics" for f in files)
    return [Calendar.from_ical(f.content) for f in files]


def event_of(calendar: Calendar) -> dict[str, object]:
    [event] = calendar.walk("VEVENT")
    return {
        "uid": str(event["UID"]),
        "sequence": event.decoded("SEQUENCE"),
        "start": event.decoded("DTSTART"),
        "end": event.decoded("DTEND"),
        "summary": str(event["SUMMARY"]),
    }


def move(harness: Harness, crisis: CrisisRow, when: str, *, user: str = "U001") -> str:
    assert crisis.channel_id
    answer = harness.sender.command(f"review move {when}", channel=crisis.channel_id, user=user)
    assert answer.status == 200
    harness.settle()
    return str(answer.json()["text"])


def review_nudge(harness: Harness) -> datetime:
    with Session(harness.runtime.engine) as session:
        row = session.exec(
            select(ReminderRow).where(
                ReminderRow.kind == "review_due", ReminderRow.status == "pending"
            )
        ).one()
    return row.due_at.replace(tzinfo=UTC) if row.due_at.tzinfo is None else row.due_at


def test_resolving_shares_an_invite_for_the_review_in_utc(harness: Harness):
    crisis = resolved_crisis(harness)
    review_at = harness.clock() + timedelta(days=3)

    [calendar] = invites(harness, crisis)
    assert str(calendar["METHOD"]) == "PUBLISH" and str(calendar["VERSION"]) == "2.0"
    assert event_of(calendar) == {
        "uid": f"crisis-T0001-{crisis.id}-review@crisis-desk",
        "sequence": 0,
        "start": review_at,
        "end": review_at + timedelta(hours=1),
        "summary": "Crisis review: Checkout is double-charging",
    }
    start = event_of(calendar)["start"]
    assert isinstance(start, datetime) and start.utcoffset() == timedelta(0)
    assert b"DTSTART:20261128T090000Z" in calendar.to_ical()


def test_the_lead_moves_the_review_its_nudges_and_its_invite(harness: Harness):
    crisis = resolved_crisis(harness)
    reply = move(harness, crisis, "2026-12-01 15:00")
    moved_to = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    assert reply.startswith(f"The review moves to <!date^{int(moved_to.timestamp())}^")

    first, second = (event_of(c) for c in invites(harness, crisis))
    assert second["uid"] == first["uid"]
    assert (first["sequence"], second["sequence"]) == (0, 1)
    assert second["start"] == moved_to
    assert review_nudge(harness) == moved_to
    assert f"due <!date^{int(moved_to.timestamp())}^" in board(harness, crisis)

    move(harness, crisis, "2d")
    third = event_of(invites(harness, crisis)[-1])
    assert (third["uid"], third["sequence"]) == (first["uid"], 2)
    assert third["start"] == harness.clock() + timedelta(days=2)


def test_moving_the_review_is_refused_with_the_reason(harness: Harness):
    crisis = declared_crisis(harness)
    assert "scheduled when the lead resolves the crisis" in move(harness, crisis, "2d")
    view = open_command_modal(harness, crisis, "resolve")
    assert submit(harness, view, {**RESOLUTION, **POSITIVE}) is None

    assert "Only the crisis lead" in move(harness, crisis, "2d", user="U002")
    assert "2026-12-02 15:00" in move(harness, crisis, "next tuesday")
    assert "a time ahead" in move(harness, crisis, "2026-11-01 10:00")
    assert "Say when the review moves to" in move(harness, crisis, "")
    assert len(invites(harness, crisis)) == 1  # only the one shared at resolution
