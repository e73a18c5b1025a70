"""A whole crisis, then everything Slack received: people by name, no raw keys, nothing twice."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import fields
from typing import Any

from bot.crisis.facts import FixPlan, ResetAnswers, Resolution, ReviewAnswers, StatusUpdate
from tests.handlers.declaring import block_text
from tests.handlers.test_closing import REVIEW, open_command_modal
from tests.handlers.walking import (
    MIXED,
    NEGATIVE,
    POSITIVE,
    UNKNOWN,
    declared_crisis,
    eta_in,
    open_step,
    opened_view,
    submit,
)
from tests.harness import Harness

RAW_KEYS = sorted(
    {
        f.name
        for record in (ResetAnswers, FixPlan, StatusUpdate, Resolution, ReviewAnswers)
        for f in fields(record)
    }
    | {"priorities", "next_update", "details"}
)
RESET = {
    "reset_products": "Checkout charges cards twice.",
    "reset_outcomes": "Merchants face chargebacks.",
    "reset_expectations": "Money back today.",
}
REFOCUS = {
    "priority_1_text": "Stop duplicate captures",
    "priority_1_harm": "operations_financial",
    "priority_1_owner": "U003",
}
FIX = {
    "fix_short_term": "Disable the retry job",
    "fix_meanwhile": "Status page updates hourly",
    "fix_long_term": "Idempotent capture",
    "fix_compensation": "One month free",
}
UPDATE = {
    "update_what_changed": "Duplicate captures stopped",
    "update_impact_now": "No new double charges",
    "update_next": "1h",
}


def walk_a_whole_crisis(harness: Harness) -> Any:
    """Declare, Reset, Refocus, Fix, two decisions, an update, hand-over, resolve, review."""
    crisis = declared_crisis(harness)
    submit(
        harness,
        open_step(harness, crisis, "reset", user="U002"),
        {**RESET, **NEGATIVE},
        user="U002",
    )
    submit(harness, open_step(harness, crisis, "refocus"), {**REFOCUS, **POSITIVE})
    fix = {**FIX, "fix_customer_eta": eta_in(harness, 6), **MIXED}
    assert submit(harness, open_step(harness, crisis, "fix"), fix) is None
    for text, direction in (("Pause marketing emails", UNKNOWN), ("Refund everyone", NEGATIVE)):
        view = open_command_modal(harness, crisis, f"decide {text}", user="U002")
        assert submit(harness, view, {"decision_text": text, **direction}, user="U002") is None
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.command("update", channel=crisis.channel_id)
    assert submit(harness, opened_view(harness, before), UPDATE) is None
    harness.sender.command("lead <@U003|person3>", channel=crisis.channel_id)
    harness.settle()
    assert "now leads" in harness.fake.response_urls.received[-1].text
    view = open_command_modal(harness, crisis, "resolve", user="U003")
    resolution = {
        "resolution_how": "Retry job removed; refunds sent.",
        "resolution_compensation": "One month free for every merchant",
        **POSITIVE,
    }
    assert submit(harness, view, resolution, user="U003") is None
    view = open_command_modal(harness, crisis, "review", user="U003")
    action = {
        "action_1_text": "Add capture alerts",
        "action_1_owner": "U002",
        "action_1_due": "2026-12-09",
    }
    assert submit(harness, view, {**REVIEW, **action}, user="U003") is None
    return crisis


def received_by_slack(harness: Harness, channel_id: str) -> list[str]:
    """Every message text and block text Slack was asked to show in the channel."""
    shown = []
    for call in harness.fake.calls_to("chat.postMessage") + harness.fake.calls_to("chat.update"):
        if call.args.get("channel") == channel_id:
            blocks = call.args.get("blocks")
            blocks = json.loads(blocks) if isinstance(blocks, str) else blocks or []
            shown.append(f"{call.args.get('text', '')}\n{block_text(blocks)}")
    return shown


def test_the_document_the_timeline_and_every_card_name_people_and_no_raw_keys(harness: Harness):
    crisis = walk_a_whole_crisis(harness)
    # The review's calendar invite (.ics) was shared too; the document is the Markdown file.
    [document] = [f for f in harness.fake.files_in(crisis.channel_id) if f.filename.endswith(".md")]
    text = document.content.decode()
    timeline = block_text(
        harness.sender.command("timeline", channel=crisis.channel_id).json()["blocks"]
    )
    cards = received_by_slack(harness, crisis.channel_id)

    assert "<@" not in text and "<!" not in text
    for shown in (text, timeline, *cards):
        assert "&lt;@" not in shown and "&lt;!" not in shown
        raw = [key for key in RAW_KEYS if f"*{key}*" in shown or f"**{key}**" in shown]
        assert raw == [], shown
    # People by display name in the document, with no ids where a name is known.
    assert "- **Lead** Person 3" in text
    assert "Lead handed over from Person 1 to Person 3 (Person 1)" in text
    assert "Add capture alerts · owner Person 2 · due 2026-12-09 09:00 UTC" in text
    assert "Reset: Checkout charges cards twice. (Person 2)" in text
    assert not re.search(r"\bU0\d\d\b", text)
    # Each person was looked up once for the document (and the new lead once before, when the
    # hand-over checked that they are a person).
    looked_up = [str(call.args.get("user")) for call in harness.fake.calls_to("users.info")]
    assert Counter(looked_up) - Counter(["U003"]) == Counter(set(looked_up))
    # The timeline in Slack: mentions the app chose, times in each reader's timezone.
    assert "Lead handed over from <@U001> to <@U003>" in timeline
    assert "<!date^" in timeline and "^{date_short_pretty} {time}|" in timeline


def test_a_card_shows_each_answer_once(harness: Harness):
    crisis = walk_a_whole_crisis(harness)
    cards = received_by_slack(harness, crisis.channel_id)
    answers = [*RESET.values(), *FIX.values(), "Retry job removed; refunds sent.", *REVIEW.values()]
    for card in cards:
        blocks_part = card.split("\n", 1)[1]
        for answer in answers:
            if answer in {"sev1"}:
                continue
            assert blocks_part.count(answer) <= 1, (answer, card)
    reset_card = next(c for c in cards if "Reset completed" in c)
    assert "*Customers' products or services*\nCheckout charges cards twice." in reset_card
    review_card = next(c for c in cards if "Review completed" in c)
    assert "*What led to the crisis?*" in review_card and "*causes*" not in review_card
    fix_card = next(c for c in cards if "Fix plan" in c)
    eta = eta_in(harness, 6)
    assert f"*Fix time promised to customers*\n<!date^{eta}^{{date_short_pretty}} {{time}}|" in (
        fix_card
    )
