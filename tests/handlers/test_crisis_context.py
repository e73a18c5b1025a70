"""The crisis middleware: every listener gets its crisis from the channel, the button or the
form, and never another workspace's."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, select

from storage.decision_tables import DecisionRow
from tests.handlers.walking import NEGATIVE, declared_crisis, open_step, opened_view
from tests.harness import SIGNING_SECRET, Harness
from tests.slack_requests import Answer, SlackSender


def outsider(harness: Harness) -> SlackSender:
    """Signed requests that come from another workspace."""
    return SlackSender(harness.sender.url, SIGNING_SECRET, team_id="T0OTHER")


def test_each_way_of_naming_a_crisis_finds_it(harness: Harness):
    crisis = declared_crisis(harness)
    ways: list[Callable[[], Answer]] = [
        lambda: harness.sender.command("decide Refund everyone", channel=crisis.channel_id),
        lambda: harness.sender.click(
            "crisis_log_decision", value=str(crisis.id), channel=crisis.channel_id
        ),
        lambda: harness.sender.message_shortcut(
            "crisis_log_decision_shortcut",
            channel=crisis.channel_id,
            message_ts="1.5",
            text="Refund everyone",
        ),
    ]
    for open_form in ways:
        before = len(harness.fake.calls_to("views.open"))
        assert open_form().status == 200
        view = opened_view(harness, before)
        assert view["callback_id"] == "crisis_decision"
        assert crisis.title in str(view["blocks"])


def test_another_workspace_cannot_reach_a_crisis(harness: Harness):
    crisis = declared_crisis(harness)
    view = open_step(harness, crisis, "reset")
    other = outsider(harness)
    before = len(harness.fake.calls_to("views.open"))

    status = other.command("status", channel=crisis.channel_id).json()
    assert "isn't a crisis channel" in status["text"]
    other.click("crisis_log_decision", value=str(crisis.id), channel=crisis.channel_id)
    harness.settle()
    assert any("no longer exists" in e.text for e in harness.fake.ephemerals(crisis.channel_id))
    answers = {
        "reset_products": "Checkout charges twice.",
        "reset_outcomes": "Chargebacks.",
        "reset_expectations": "Money back today.",
        **NEGATIVE,
    }
    refused = other.submit_view(view, answers).json()
    assert refused["response_action"] == "errors"
    assert any("no longer exists" in message for message in refused["errors"].values())

    assert len(harness.fake.calls_to("views.open")) == before
    with Session(harness.runtime.engine) as session:
        assert session.exec(select(DecisionRow)).all() == []
