"""Homes redrawn after a hand-over, a resolution and a review, without anyone opening them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.handlers.test_closing import REVIEW, open_command_modal
from tests.handlers.walking import POSITIVE, declared_crisis, submit
from tests.harness import Harness
from tests.home.homes import date, home_blocks, shape

TITLE = "*Checkout is double-charging*"


def needs_you(harness: Harness, user: str) -> list[tuple[Any, ...]]:
    """The "Needs you" part of `user`'s Home, as Slack holds it."""
    blocks = [shape(b) for b in home_blocks(harness, user)]
    return blocks[2 : blocks.index(("divider",))]


def test_a_hand_over_moves_the_steps_to_the_new_lead(harness: Harness):
    crisis = declared_crisis(harness)
    assert crisis.channel_id
    answer = harness.sender.command("lead <@U002|bob>", channel=crisis.channel_id, user="U001")
    assert answer.status == 200
    harness.settle()

    assert needs_you(harness, "U001") == [("context", "Nothing needs you now.")]
    steps = [text.split(" · due")[0] for _, text, *_ in needs_you(harness, "U002")]
    assert steps == ["*Customer update*", "*Reset*", "*Refocus priorities*", "*Fix*"]


def test_resolution_and_review_show_on_the_homes_concerned(harness: Harness):
    crisis = declared_crisis(harness)
    view = open_command_modal(harness, crisis, "resolve")
    answers = {
        "resolution_how": "Retry job removed.",
        "resolution_compensation": "None",
        **POSITIVE,
    }
    assert submit(harness, view, answers) is None
    review_at = harness.clock() + timedelta(days=3)

    link = f"<#{crisis.channel_id}> {TITLE}"
    assert needs_you(harness, "U001") == [
        (
            "section",
            f"*Review* · due {date(review_at)}\nStep of {link}",
            "crisis_open_step",
            f"{crisis.id}:review",
        )
    ]
    resolved = [shape(b) for b in home_blocks(harness, "U002")]
    assert (
        "section",
        f"{link}\nresolved {date(harness.clock())} · review due {date(review_at)} · lead <@U001>",
        None,
        None,
    ) in resolved

    view = open_command_modal(harness, crisis, "review")
    action = {"action_1_text": "Add idempotency keys", "action_1_owner": "U003"}
    assert submit(harness, view, {**REVIEW, **action, "action_1_due": "2026-12-09"}) is None

    due = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)
    [follow_up] = needs_you(harness, "U003")
    assert follow_up[1:3] == (
        f"*Add idempotency keys* · due {date(due)}\nFollow-up of {link}",
        "crisis_home_open_channel",
    )
    assert needs_you(harness, "U001") == [("context", "Nothing needs you now.")]
    texts = str([shape(b) for b in home_blocks(harness, "U003")])
    assert f"review done {date(harness.clock())}" in texts
