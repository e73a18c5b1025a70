"""Who may do what in a crisis channel, and what bad or racing input gets instead of a 500."""

from __future__ import annotations

import json
import threading

from sqlmodel import Session, select

from storage.decision_tables import DecisionRow
from storage.tables import CrisisStepRow
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

RESET = {
    "reset_products": "Search is down.",
    "reset_outcomes": "No sales via search.",
    "reset_expectations": "Back within the hour.",
}


def count(harness: Harness, table: type) -> int:
    with Session(harness.runtime.engine) as session:
        return len(session.exec(select(table)).all())


def test_crisis_subcommands_outside_a_crisis_channel_say_so(harness: Harness):
    for text in (
        "decide Refund everyone",
        "decisions",
        "timeline",
        "update",
        "status",
        "lead <@U002|bob>",
    ):
        body = harness.sender.command(text, channel="C0NOTCRISIS").json()
        assert body["response_type"] == "ephemeral"
        assert "isn't a crisis channel" in body["text"] and "/crisis open" in body["text"]
    assert harness.fake.calls_to("views.open") == []


def test_help_lists_the_response_subcommands(harness: Harness):
    blocks = str(harness.sender.command("help").json()["blocks"])
    for usage in (
        "/crisis decide",
        "/crisis decisions",
        "/crisis timeline",
        "/crisis update",
        "/crisis status",
        "/crisis lead @person",
    ):
        assert usage in blocks


def test_a_negative_decision_needs_a_mitigation_and_a_positive_one_a_highlight(harness: Harness):
    crisis = declared_crisis(harness)
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.click("crisis_log_decision", value=str(crisis.id), channel=crisis.channel_id)
    view = opened_view(harness, before)
    refused = submit(
        harness, view, {"decision_text": "Turn off checkout", "impact_direction": "negative"}
    )
    assert refused["response_action"] == "errors" and "mitigate" in refused["errors"]["mitigation"]
    refused = submit(harness, view, {"decision_text": "Turn it on", "impact_direction": "positive"})
    assert "highlight" in refused["errors"]["highlight"]
    refused = submit(harness, view, {"decision_text": "Hmm"})
    assert "impact_direction" in refused["errors"]
    assert count(harness, DecisionRow) == 0
    assert submit(harness, view, {"decision_text": "Turn off checkout", **NEGATIVE}) is None
    assert count(harness, DecisionRow) == 1


def test_two_responders_completing_the_same_step_at_once_complete_it_once(harness: Harness):
    crisis = declared_crisis(harness)
    views = [open_step(harness, crisis, "reset", user=user) for user in ("U002", "U003")]
    answers: list = []

    def complete(view: dict, user: str) -> None:
        answers.append(harness.sender.submit_view(view, {**RESET, **POSITIVE}, user=user))

    threads = [
        threading.Thread(target=complete, args=(v, u))
        for v, u in zip(views, ("U002", "U003"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    harness.settle()
    bodies = sorted((a.body for a in answers), key=len)
    assert bodies[0] == ""
    assert json.loads(bodies[1])["response_action"] == "errors"
    assert "already completed" in bodies[1]
    assert count(harness, DecisionRow) == 1
    with Session(harness.runtime.engine) as session:
        step = session.exec(select(CrisisStepRow).where(CrisisStepRow.key == "reset")).one()
    assert step.state == "done"


def test_a_double_submitted_decision_is_recorded_once(harness: Harness):
    crisis = declared_crisis(harness)
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.command("decide Refund all", channel=crisis.channel_id)
    view = opened_view(harness, before)
    for _ in range(3):
        submit(harness, view, {"decision_text": "Refund all", **POSITIVE})
    assert count(harness, DecisionRow) == 1
    assert sum("Refund all" in text for text in channel_texts(harness, crisis)) == 1


def test_forged_or_stale_modals_get_a_message_not_a_500(harness: Harness):
    crisis = declared_crisis(harness)
    view = open_step(harness, crisis, "reset")
    for metadata in (
        "",
        "{",
        json.dumps({"crisis": "1; drop table"}),
        json.dumps({"crisis": 99999}),
        "x" * 4000,
    ):
        answer = harness.sender.submit_view(
            {**view, "private_metadata": metadata}, {**RESET, **UNKNOWN}
        )
        assert answer.status == 200
        errors = answer.json()["errors"]
        assert any("crisis" in message for message in errors.values())
    forged = harness.sender.submit_view(view, {**RESET, "impact_direction": "sideways"})
    assert forged.status == 200
    assert "impact_direction" in forged.json()["errors"]
    harness.settle()
    assert count(harness, DecisionRow) == 0
    assert "Open Reset" in board(harness, crisis)


def test_forged_buttons_are_refused_politely(harness: Harness):
    crisis = declared_crisis(harness)
    for value in ("", "abc", f"{crisis.id}:launch", "99999:reset"):
        answer = harness.sender.click(
            "crisis_open_step", value=value, channel=crisis.channel_id, message_ts=crisis.board_ts
        )
        assert answer.status == 200
    harness.settle()
    assert len(harness.fake.ephemerals(crisis.channel_id)) == 4
    assert harness.fake.calls_to("views.open")[-1].args["view"]["callback_id"] == "crisis_declare"


def test_the_message_shortcut_logs_a_message_as_a_decision(harness: Harness):
    crisis = declared_crisis(harness)
    before = len(harness.fake.calls_to("views.open"))
    answer = harness.sender.message_shortcut(
        "crisis_log_decision_shortcut",
        channel=crisis.channel_id,
        message_ts="1700000000.000200",
        text="Let's offer a 20% credit to affected merchants",
    )
    assert answer.status == 200
    view = opened_view(harness, before)
    assert "20% credit" in json.dumps(view["blocks"])
    text = next(b for b in view["blocks"] if b.get("block_id") == "decision_text")["element"][
        "initial_value"
    ]
    assert submit(harness, view, {"decision_text": text, **POSITIVE}) is None
    with Session(harness.runtime.engine) as session:
        row = session.exec(select(DecisionRow)).one()
    assert row.source_ts == "1700000000.000200" and "20% credit" in row.summary


def test_the_message_shortcut_outside_a_crisis_channel_explains(harness: Harness):
    harness.fake.create_channel("random", members=("UBOT", "U001"))
    random_id = harness.fake.channel_by_name("random").id
    answer = harness.sender.message_shortcut(
        "crisis_log_decision_shortcut", channel=random_id, message_ts="1.2", text="hello"
    )
    assert answer.status == 200
    harness.settle()
    [told] = harness.fake.ephemerals(random_id)
    assert "isn't a crisis channel" in told.text


def test_status_shows_the_board_only_to_the_caller(harness: Harness):
    crisis = declared_crisis(harness)
    body = harness.sender.command("status", channel=crisis.channel_id).json()
    assert body["response_type"] == "ephemeral"
    assert "Checkout is double-charging" in str(body["blocks"]) and "Open Reset" in str(
        body["blocks"]
    )


def test_a_status_update_is_posted(harness: Harness):
    crisis = declared_crisis(harness)
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.command("update", channel=crisis.channel_id)
    view = opened_view(harness, before)
    refused = submit(harness, view, {"update_what_changed": "Rolled back"})
    assert set(refused["errors"]) == {"update_impact_now"}
    assert (
        submit(
            harness,
            view,
            {
                "update_what_changed": "Rolled back the release",
                "update_impact_now": "New orders are fine; refunds pending",
                "update_next": "30m",
            },
        )
        is None
    )
    card = channel_texts(harness, crisis)[-1]
    assert "Status update" in card and "refunds pending" in card and "2026-11-25 09:30 UTC" in card


def test_status_updates_are_on_the_timeline_not_in_the_decision_list(harness: Harness):
    crisis = declared_crisis(harness)
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.command("update", channel=crisis.channel_id)
    view = opened_view(harness, before)
    submit(harness, view, {"update_what_changed": "Rolled back", "update_impact_now": "Fine"})
    decisions = str(harness.sender.command("decisions", channel=crisis.channel_id).json()["blocks"])
    assert "(0)" in decisions and "Rolled back" not in decisions
    timeline = str(harness.sender.command("timeline", channel=crisis.channel_id).json()["blocks"])
    assert "Status update: Rolled back" in timeline
