"""A whole crisis walked through Reset, Refocus and Fix, with decisions of each direction."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from storage.decision_tables import DecisionRow
from tests.handlers.walking import (
    MIXED,
    NEGATIVE,
    POSITIVE,
    UNKNOWN,
    board,
    channel_texts,
    declared_crisis,
    eta_in,
    open_step,
    opened_view,
    submit,
)
from tests.harness import Harness

RESET = {
    "reset_products": "Checkout charges cards twice.",
    "reset_outcomes": "Merchants face chargebacks and lost sales.",
    "reset_expectations": "They expect money back today.",
}


def decisions(harness: Harness) -> list[DecisionRow]:
    with Session(harness.runtime.engine) as session:
        return list(session.exec(select(DecisionRow).order_by(DecisionRow.id)).all())


def test_a_crisis_walked_through_the_playbook(harness: Harness):
    crisis = declared_crisis(harness)
    assert "Open Reset" in board(harness, crisis)

    # Reset, by a responder.
    view = open_step(harness, crisis, "reset", user="U002")
    assert view["callback_id"] == "crisis_step_reset"
    assert "How will this affect customers?" in str(view["blocks"])
    assert submit(harness, view, {**RESET, **NEGATIVE}, user="U002") is None
    text = board(harness, crisis)
    assert ":white_check_mark: *1. Reset*" in text and "Checkout charges cards twice." in text
    assert "Open Reset" not in text and "Open Refocus priorities" in text
    card = channel_texts(harness, crisis)[-1]
    assert "Reset completed" in card and "<@U002>" in card
    assert "Negative" in card and "Refund double charges within 24h." in card
    assert "Merchants face chargebacks" in card

    # Refocus priorities.
    view = open_step(harness, crisis, "refocus", user="U002")
    answers: dict[str, Any] = {
        "priority_1_text": "Stop duplicate captures",
        "priority_1_harm": "operations_financial",
        "priority_1_owner": "U003",
        "priority_2_text": "Refund affected orders",
        "priority_2_harm": "recovery_burden",
        "priority_2_owner": "U002",
        **POSITIVE,
    }
    assert submit(harness, view, answers, user="U002") is None
    text = board(harness, crisis)
    assert "*Priorities until resolved*" in text
    assert (
        "Stop duplicate captures · reduces ill effects on their operations: financial · <@U003>"
        in text
    )
    assert "Refund affected orders · reduces their burden to recover · <@U002>" in text
    assert "Highlight to customers:" in channel_texts(harness, crisis)[-1]

    # Fix: only the lead.
    view = open_step(harness, crisis, "fix", user="U001")
    answers = {
        "fix_short_term": "Disable the retry job",
        "fix_customer_eta": eta_in(harness, 6),
        "fix_meanwhile": "Status page updates hourly",
        "fix_long_term": "Idempotent capture",
        "fix_compensation": "One month free for affected merchants",
        **MIXED,
    }
    assert submit(harness, view, answers) is None
    text = board(harness, crisis)
    assert ":white_check_mark: *3. Fix*" in text and "Fix promised to customers by" in text
    fix_card = channel_texts(harness, crisis)[-1]
    assert "One month free for affected merchants" in fix_card and "Mixed" in fix_card

    # A decision of each direction through /crisis decide.
    for direction, note in (
        (NEGATIVE, "Refund"),
        (POSITIVE, "status page"),
        (MIXED, "Account"),
        (UNKNOWN, None),
    ):
        before = len(harness.fake.calls_to("views.open"))
        harness.sender.command(
            f"decide Pause marketing emails ({direction['impact_direction']})",
            channel=crisis.channel_id,
            user="U003",
        )
        view = opened_view(harness, before)
        assert (
            submit(harness, view, {"decision_text": view_text(view), **direction}, user="U003")
            is None
        )
        card = channel_texts(harness, crisis)[-1]
        assert "Pause marketing emails" in card
        if note:
            assert note in card

    kinds = [row.kind for row in decisions(harness)]
    assert kinds == ["reset", "refocus", "fix", "decision", "decision", "decision", "decision"]
    directions = [row.direction for row in decisions(harness)[3:]]
    assert directions == ["negative", "positive", "mixed", "unknown"]

    listing = harness.sender.command("decisions", channel=crisis.channel_id).json()
    assert listing["response_type"] == "ephemeral"
    assert "Decisions in Checkout is double-charging* (7)" in str(listing["blocks"])
    timeline = str(harness.sender.command("timeline", channel=crisis.channel_id).json()["blocks"])
    for event in (
        "Crisis declared",
        "Channel #crisis-20261125",
        "Reset:",
        "Refocus priorities:",
        "Fix:",
        "Decision: Pause marketing emails",
    ):
        assert event in timeline
    assert timeline.index("Crisis declared") < timeline.index("Reset:") < timeline.index("Fix:")


def view_text(view: dict) -> str:
    block = next(b for b in view["blocks"] if b.get("block_id") == "decision_text")
    return block["element"]["initial_value"]
