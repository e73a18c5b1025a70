"""The rule book through Slack: forms offer only what a person may do, refusals land where
they belong, and the lead goes only to a human member of the workspace."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from storage.decision_tables import DecisionRow
from storage.tables import CrisisRow, CrisisStepRow
from tests.handlers.walking import UNKNOWN, board, declared_crisis, open_step, opened_view, submit
from tests.harness import Harness

RESET = {
    "reset_products": "Search is down.",
    "reset_outcomes": "No sales via search.",
    "reset_expectations": "Back within the hour.",
}


def block_ids(view: dict) -> set[str]:
    return {block.get("block_id", "") for block in view["blocks"]}


def stored(harness: Harness, crisis_id: int) -> tuple[CrisisRow, dict[str, CrisisStepRow]]:
    with Session(harness.runtime.engine) as session:
        row = session.get(CrisisRow, crisis_id)
        steps = session.exec(select(CrisisStepRow).where(CrisisStepRow.crisis_id == crisis_id))
        assert row is not None
        return row, {step.key: step for step in steps}


def decisions(harness: Harness) -> int:
    with Session(harness.runtime.engine) as session:
        return len(session.exec(select(DecisionRow)).all())


def told(harness: Harness, crisis: CrisisRow, user: str) -> list[str]:
    """What `user` was told ephemerally in the crisis channel."""
    harness.settle()
    return [e.text for e in harness.fake.ephemerals(crisis.channel_id) if e.user == user]


def test_only_the_leads_reset_form_offers_a_severity_picker(harness: Harness):
    crisis = declared_crisis(harness)
    assert "reset_severity" not in block_ids(open_step(harness, crisis, "reset", user="U002"))
    assert "reset_severity" in block_ids(open_step(harness, crisis, "reset", user="U001"))


def test_a_responder_completes_reset_without_touching_the_severity(harness: Harness):
    crisis = declared_crisis(harness)
    view = open_step(harness, crisis, "reset", user="U002")
    assert submit(harness, view, {**RESET, **UNKNOWN}, user="U002") is None
    row, steps = stored(harness, crisis.id)
    assert row.severity == "sev1" and steps["reset"].completed_by == "U002"


def test_a_forged_severity_change_is_refused_under_severity_and_nothing_is_saved(
    harness: Harness,
):
    crisis = declared_crisis(harness)
    leads_form = open_step(harness, crisis, "reset", user="U001")
    # A responder submits the lead's form (a forged payload): the service asks the rule book.
    refused = submit(
        harness, leads_form, {**RESET, "reset_severity": "sev3", **UNKNOWN}, user="U002"
    )
    assert refused is not None and refused["response_action"] == "errors"
    assert set(refused["errors"]) == {"reset_severity"}
    message = refused["errors"]["reset_severity"]
    assert message == "Only the crisis lead can change the severity."
    assert "<@" not in message and "`" not in message
    row, steps = stored(harness, crisis.id)
    assert (row.severity, steps["reset"].state, decisions(harness)) == ("sev1", "pending", 0)
    assert "SEV1" in board(harness, crisis)


def test_lead_only_buttons_and_commands_are_refused_to_a_responder_before_any_form(
    harness: Harness,
):
    crisis = declared_crisis(harness)
    opened = len(harness.fake.calls_to("views.open"))
    harness.sender.click(
        "crisis_open_step",
        value=f"{crisis.id}:fix",
        user="U002",
        channel=crisis.channel_id,
        message_ts=crisis.board_ts,
    )
    [fix] = told(harness, crisis, "U002")
    assert fix.startswith("Only the crisis lead can complete Fix.") and "<@U001>" in fix
    for text, sentence in (
        ("resolve", "Only the crisis lead can resolve the crisis."),
        ("lead <@U003|carol>", "Only the crisis lead can hand over the lead."),
    ):
        answer = harness.sender.command(text, channel=crisis.channel_id, user="U002").json()
        assert answer["response_type"] == "ephemeral"
        assert answer["text"].startswith(sentence) and "<@U001> leads this crisis" in answer["text"]
    assert len(harness.fake.calls_to("views.open")) == opened
    row, _ = stored(harness, crisis.id)
    assert row.lead_id == "U001" and row.status == "open"


def test_the_review_waits_for_the_resolution(harness: Harness):
    crisis = declared_crisis(harness)
    opened = len(harness.fake.calls_to("views.open"))
    answer = harness.sender.command("review", channel=crisis.channel_id, user="U002").json()
    assert answer["text"] == "The review is scheduled when the lead resolves the crisis."
    assert len(harness.fake.calls_to("views.open")) == opened


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("U0HELPER", "apps and bots can't lead"),
        ("UBOT", "apps and bots can't lead"),
        ("USLACKBOT", "apps and bots can't lead"),
        ("U0GONE", "deactivated"),
        ("U0NOBODY", "can't find that person"),
        ("U001", "already lead"),
    ],
)
def test_the_lead_goes_only_to_a_human_member_of_the_workspace(
    harness: Harness, target: str, reason: str
):
    harness.fake.add_user("U0HELPER", "helper-bot", is_bot=True)
    harness.fake.add_user("USLACKBOT", "Slackbot")  # Slack reports is_bot: false for Slackbot
    harness.fake.add_user("U0GONE", "Former Colleague", deleted=True)
    crisis = declared_crisis(harness)
    posted = len(harness.fake.messages(crisis.channel_id))
    answer = harness.sender.command(f"lead <@{target}>", channel=crisis.channel_id)
    assert (answer.status, answer.body) == (200, "")  # acknowledged before Slack is asked
    [refusal] = told(harness, crisis, "U001")
    assert reason in refusal
    assert harness.fake.response_urls.received == []
    row, steps = stored(harness, crisis.id)
    assert row.lead_id == "U001" and {s.owner_id for s in steps.values()} == {"U001"}
    assert len(harness.fake.messages(crisis.channel_id)) == posted


def test_a_hand_over_moves_the_steps_not_yet_done_and_their_nudges(harness: Harness):
    crisis = declared_crisis(harness)
    view = open_step(harness, crisis, "reset", user="U003")
    assert submit(harness, view, {**RESET, **UNKNOWN}, user="U003") is None
    harness.sender.command("lead <@U002|bob>", channel=crisis.channel_id)
    harness.settle()
    [confirmed] = harness.fake.response_urls.received
    assert (confirmed.text, confirmed.response_type) == (
        "<@U002> now leads this crisis.",
        "ephemeral",
    )
    _, steps = stored(harness, crisis.id)
    assert steps["reset"].owner_id == "U001"  # done before the hand-over: it stays
    assert {steps[key].owner_id for key in ("refocus", "fix", "review")} == {"U002"}
    shown = board(harness, crisis)
    for title in ("Refocus priorities", "Fix"):
        line = next(line for line in shown.splitlines() if f". {title}*" in line)
        assert "<@U002>" in line and "<@U001>" not in line

    harness.clock.advance(timedelta(hours=2, minutes=1))  # Refocus was due after 2h
    assert harness.runtime.deliveries.run_until_idle() >= 1
    assert any("Refocus" in dm.text for dm in harness.fake.dms("U002"))
    assert not any("Refocus" in dm.text for dm in harness.fake.dms("U001"))

    # The new lead may do what only the lead may: complete Fix (its form opens).
    opened = open_step(harness, crisis, "fix", user="U002")
    assert opened["callback_id"] == "crisis_step_fix"


def test_once_resolved_the_response_is_closed_and_the_review_open_to_anyone(harness: Harness):
    crisis = declared_crisis(harness)
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.command("resolve", channel=crisis.channel_id)
    resolution = {
        "resolution_how": "Fixed",
        "resolution_compensation": "None needed",
        "impact_direction": "unknown",
    }
    assert submit(harness, opened_view(harness, before), resolution) is None
    opened = len(harness.fake.calls_to("views.open"))
    for text, act in (("update", "post a status update"), ("resolve", "resolve the crisis")):
        answer = harness.sender.command(text, channel=crisis.channel_id).json()
        assert answer["text"] == f"This crisis is already resolved, so you can't {act} any more."
    harness.sender.click(
        "crisis_open_step",
        value=f"{crisis.id}:fix",
        channel=crisis.channel_id,
        message_ts=crisis.board_ts,
    )
    assert told(harness, crisis, "U001") == [
        "This crisis is already resolved, so you can't complete Fix any more."
    ]
    assert len(harness.fake.calls_to("views.open")) == opened
    # The review is anyone's to hold, not only the lead's.
    harness.sender.command("review", channel=crisis.channel_id, user="U002")
    assert opened_view(harness, opened)["callback_id"] == "crisis_review"
