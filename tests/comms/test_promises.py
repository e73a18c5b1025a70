"""A crisis's promises to customers, from the first update to the review document."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.comms.conftest import APPROVER, Comms
from tests.comms.telling import (
    click_on,
    draft_for_approval,
    open_tell_form,
    posted_since,
    text_of,
)
from tests.handlers.walking import (
    NEGATIVE,
    POSITIVE,
    UNKNOWN,
    board,
    channel_texts,
    declared_crisis,
    open_step,
    opened_view,
    submit,
)
from tests.harness import Harness

REVIEW = {
    "review_causes": "A retry job re-sent captured payments.",
    "review_discovery": "Support saw duplicate-charge tickets spike.",
    "review_response": "Disabled the job, refunded, told customers.",
    "review_prevention": "Idempotency keys on capture.",
    "review_processes": "Updates were late once.",
    "review_improvements": "Holding statements earlier.",
}


def at(hour: int, minute: int) -> datetime:
    return datetime(2026, 11, 25, hour, minute, tzinfo=UTC)


def move_to(harness: Harness, hour: int, minute: int) -> None:
    harness.clock.advance(at(hour, minute) - harness.clock())


def decide(harness: Harness, crisis: Any, text: str, direction: dict[str, str], user: str) -> None:
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.command(f"decide {text}", channel=crisis.channel_id, user=user)
    view = opened_view(harness, before)
    assert submit(harness, view, {"decision_text": text, **direction}, user=user) is None


def command_modal(harness: Harness, crisis: Any, text: str) -> dict[str, Any]:
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.command(text, channel=crisis.channel_id)
    return opened_view(harness, before)


def approve_latest(harness: Harness, crisis: Any, request: Any, user: str = "U001") -> None:
    click_on(harness, crisis, request, "crisis_customer_update_approve", user=user)


def test_promises_are_kept_late_broken_and_scored_in_the_review(comms: Comms):
    harness = comms.harness
    watch = harness.runtime.services.promises
    crisis = declared_crisis(harness)  # 09:00, SEV1: updates at least every 30 minutes
    decide(harness, crisis, "Reopen checkout with a capture guard", POSITIVE, user="U003")
    decide(harness, crisis, "Pause card payments for an hour", NEGATIVE, user="U002")

    # Update #1 tells customers what the positive decision asked for; it promises 09:30.
    form = open_tell_form(harness, crisis)
    [items] = [b for b in form["blocks"] if b.get("block_id") == "comms_items"]
    [option] = items["element"]["options"]
    assert "checkout works again" in option["text"]["text"]
    request = draft_for_approval(harness, crisis, view=form, comms_items=[option["value"]])
    approve_latest(harness, crisis, request)
    assert "next update promised by" in board(harness, crisis)

    move_to(harness, 9, 5)
    fix = open_step(harness, crisis, "fix")
    answers = {
        "fix_short_term": "Disable the retry job",
        "fix_customer_eta": int(at(11, 0).timestamp()),
        "fix_meanwhile": "Bank transfer",
        "fix_long_term": "Idempotent capture",
        **UNKNOWN,
    }
    assert submit(harness, fix, answers) is None

    # 15 minutes before 09:30: the update is due, and so is the mitigation (by that update).
    move_to(harness, 9, 16)
    said = len(channel_texts(harness, crisis))
    assert watch.run_once() == 2
    assert watch.run_once() == 0  # each reminder once
    harness.settle()  # the reminders were written with the watch's commit, then delivered
    new = channel_texts(harness, crisis)[said:]
    assert any("Publish an update, or a holding statement." in text for text in new)
    assert any(
        "<@U002>" in text and "Mitigate" in text and "Refund double charges" in text for text in new
    )

    # One click drafts a holding statement; it still goes through approval.
    reminder = [
        m
        for m in harness.fake.messages(crisis.channel_id)
        if "holding statement" in m.text or "owed an update" in m.text
    ][-1]
    before = len(harness.fake.messages(crisis.channel_id))
    click_on(harness, crisis, reminder, "crisis_holding_statement", user="U002")
    holding = posted_since(harness, crisis.channel_id, before, "Customer update")
    assert "Customer update #2 v1: waiting for approval" in text_of(holding)
    assert "We are still working on it." in text_of(holding)
    move_to(harness, 9, 20)
    approve_latest(harness, crisis, holding)  # keeps 09:30; promises 09:46 (drafted at 09:16)

    # Nobody tells customers by 09:46: the breach is recorded, said, and shown on the board.
    move_to(harness, 9, 51)
    said = len(channel_texts(harness, crisis))
    assert watch.run_once() == 1
    harness.settle()  # the breach said, and the board redrawn
    assert any("is overdue" in text for text in channel_texts(harness, crisis)[said:])
    assert "is overdue" in board(harness, crisis)

    # Update #3 at 10:01 keeps the 09:46 promise 15 minutes late; it promises 10:31.
    move_to(harness, 10, 1)
    request = draft_for_approval(harness, crisis)
    approve_latest(harness, crisis, request, user=APPROVER)
    assert "is overdue" not in board(harness, crisis)
    timeline = str(harness.sender.command("timeline", channel=crisis.channel_id).json()["blocks"])
    assert "The update promised to customers by" in timeline and "(15 min late)" in timeline

    # The mitigation's owner marks it done with a note.
    listing = harness.sender.command("promises", channel=crisis.channel_id, user="U002").json()
    edit = next(
        b["accessory"]
        for b in listing["blocks"]
        if b.get("accessory", {}).get("action_id") == "crisis_customer_item_edit"
    )
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.click(
        edit["action_id"], value=edit["value"], user="U002", channel=crisis.channel_id
    )
    item_form = opened_view(harness, before)
    refused = submit(harness, item_form, {"item_due": int(at(9, 0).timestamp())}, user="U002")
    assert refused["errors"] == {"item_due": "Choose a due time in the future."}
    assert (
        submit(harness, item_form, {"item_note": "Refunded all 212 merchants."}, user="U002")
        is None
    )

    listing = str(harness.sender.command("promises", channel=crisis.channel_id).json()["blocks"])
    assert listing.count(":white_check_mark: kept") == 1
    assert ":hourglass: kept late by 15 min" in listing
    assert listing.count("· open") == 2  # the 10:31 update and the 11:00 fix
    assert "done (told in an approved update)" in listing
    assert "done (Refunded all 212 merchants.)" in listing

    # Resolved at 11:25: the fix came 25 minutes after the time promised; 10:31 was never kept.
    move_to(harness, 11, 25)
    resolve = command_modal(harness, crisis, "resolve")
    assert (
        submit(
            harness,
            resolve,
            {"resolution_how": "Fixed", "resolution_compensation": "None", **UNKNOWN},
        )
        is None
    )
    review = command_modal(harness, crisis, "review")
    assert submit(harness, review, REVIEW) is None
    [document] = [
        f for f in harness.fake.files_in(crisis.channel_id) if f.filename.endswith("-review.md")
    ]
    section = document.content.decode().split("## Promises to customers\n\n")[1].split("\n\n")[0]
    assert section.splitlines() == [
        "- Kept on time: 1",
        "- Late: 2 (median 20 min, worst 25 min)",
        "- Broken: 1",
        "- Still open: 0",
        "- Fix time promised: 2026-11-25 11:00 UTC; resolved 25 min late",
        "- Highlights told to customers: 1 of 1",
        "- Mitigations done: 1 of 1",
    ]
