"""Call-centre scripts: drafted from the record, approved, pinned for agents, never stale."""

from __future__ import annotations

from datetime import timedelta

from storage.review_export import main as export
from tests.comms.conftest import APPROVER, Comms
from tests.comms.telling import click_on, draft_for_approval, posted_since, text_of
from tests.handlers.walking import board, opened_view, submit
from tests.handlers.walking import declared_crisis as declare
from tests.harness import Harness, eventually


def open_script_form(harness: Harness, crisis, user: str = "U002") -> dict:
    before = len(harness.fake.calls_to("views.open"))
    answer = harness.sender.command("script", channel=crisis.channel_id, user=user)
    assert answer.status == 200 and not answer.body, answer.body
    return opened_view(harness, before)


def scripts_in(harness: Harness, crisis) -> list:
    files = harness.fake.files_in(crisis.channel_id)
    return [f for f in files if "-call-script-" in f.filename]


def initial(view: dict, part: str) -> str:
    block = next(b for b in view["blocks"] if b.get("block_id") == f"script_{part}")
    return block["element"].get("initial_value", "")


def test_scripts_are_versioned_pinned_and_marked_stale(comms: Comms, tmp_path):
    harness, receiver = comms.harness, comms.receiver
    crisis = declare(harness)

    form = open_script_form(harness, crisis)
    assert initial(form, "what_happened") == "Cards are charged twice at checkout since 08:10 UTC."
    assert initial(form, "when_fixed") == "We don't know yet."
    assert initial(form, "compensation") == "Not decided: don't promise any."
    assert "no blame" in initial(form, "dont_say") and "“root cause”" in initial(form, "dont_say")
    refused = submit(harness, form, {"script_what_to_do": "  "})
    assert refused["errors"] == {
        "script_what_to_do": "Please fill in “What the customer should do now”: agents need it."
    }
    before = len(harness.fake.messages(crisis.channel_id))
    assert submit(harness, form, {"script_what_to_do": "Pay by bank transfer."}) is None
    request = posted_since(harness, crisis.channel_id, before, "Call-centre script")
    assert "Call-centre script draft: waiting for approval" in text_of(request)

    click_on(harness, crisis, request, "crisis_call_script_approve", user="U002")
    assert scripts_in(harness, crisis) == []  # its author may not approve it
    click_on(harness, crisis, request, "crisis_call_script_approve", user="U001")
    [v1_file] = scripts_in(harness, crisis)
    assert v1_file.content.decode().startswith(
        "# Call-centre script v1: Checkout is double-charging"
    )
    assert "Pay by bank transfer." in v1_file.content.decode()
    pins = harness.fake.channel(comms.support).pins
    assert len(pins) == 1
    assert "Call-centre script v1* · current" in board(harness, crisis)
    # The webhook event went out right after the approval, with the Slack messages.
    [event] = receiver.accepted()
    assert event.payload["type"] == "call_script.published"
    assert event.payload["data"]["script"]["version"] == 1

    # A customer update changes what agents must say: v1 is stale, a new draft waits.
    update_request = draft_for_approval(harness, crisis, user="U002")
    before = len(harness.fake.messages(crisis.channel_id))
    click_on(harness, crisis, update_request, "crisis_customer_update_approve", user="U001")
    auto = eventually(
        lambda: [
            m
            for m in harness.fake.messages(crisis.channel_id)[before:]
            if "Call-centre script draft" in m.text
        ]
    )[0]
    assert "Some card payments were charged twice" in text_of(auto)
    assert "stale: a new customer update was approved" in board(harness, crisis)
    scripts = harness.runtime.services.scripts
    assert scripts.nudge_stale() == 1
    harness.settle()
    assert "is stale: a new customer update was approved" in text_of(
        harness.fake.messages(crisis.channel_id)[-1]
    )
    assert scripts.nudge_stale() == 0  # not again within 30 minutes
    harness.clock.advance(timedelta(minutes=31))
    assert scripts.nudge_stale() == 1

    # The approver sends the new draft back; its author revises it from the DM; v2 is pinned.
    before_views = len(harness.fake.calls_to("views.open"))
    click_on(harness, crisis, auto, "crisis_call_script_request_changes", user=APPROVER)
    reason = opened_view(harness, before_views)
    assert (
        submit(harness, reason, {"comms_changes_reason": "Name the refund time."}, user=APPROVER)
        is None
    )
    dm = eventually(
        lambda: [m for m in harness.fake.dms("U002") if "call-centre script" in m.text]
    )[-1]
    assert "Name the refund time." in text_of(dm)
    revise = dm.blocks[-1]["elements"][0]
    before_views = len(harness.fake.calls_to("views.open"))
    harness.sender.click(
        revise["action_id"],
        value=revise["value"],
        user="U002",
        channel=dm.channel,
        message_ts=dm.ts,
    )
    form = opened_view(harness, before_views)
    assert "Some card payments were charged twice" in initial(form, "what_happened")
    before = len(harness.fake.messages(crisis.channel_id))
    assert submit(harness, form, {"script_what_to_do": "Refunds arrive within 3 days."}) is None
    request = posted_since(harness, crisis.channel_id, before, "Call-centre script")
    click_on(harness, crisis, request, "crisis_call_script_approve", user=APPROVER)
    pins = harness.fake.channel(comms.support).pins
    assert len(pins) == 1
    pinned = next(m for m in harness.fake.messages(comms.support) if m.ts == pins[0])
    assert "Call-centre script v2" in text_of(
        pinned
    ) and "Refunds arrive within 3 days." in text_of(pinned)
    assert "Call-centre script v2* · current" in board(harness, crisis)
    harness.clock.advance(timedelta(minutes=31))
    assert scripts.nudge_stale() == 0

    # Resolving changes what agents say: the script is stale until v3 is approved.
    before_views = len(harness.fake.calls_to("views.open"))
    harness.sender.command("resolve", channel=crisis.channel_id)
    resolve = opened_view(harness, before_views)
    answers = {
        "resolution_how": "Fixed",
        "resolution_compensation": "A month free",
        "impact_direction": "unknown",
    }
    assert submit(harness, resolve, answers) is None
    assert "stale: the compensation changed; the crisis was resolved" in board(harness, crisis)
    assert scripts.nudge_stale() == 1
    form = open_script_form(harness, crisis)
    assert (
        initial(form, "when_fixed") == "It is fixed. If the customer still has trouble, escalate."
    )
    assert initial(form, "compensation") == "A month free"

    out = tmp_path / "script.md"
    url = harness.runtime.settings.database_url
    assert export([str(crisis.id), "--script", "--database-url", url, "--out", str(out)]) == 0
    assert out.read_text().startswith("# Call-centre script v2: Checkout is double-charging")
    assert "## What not to say" in out.read_text()
