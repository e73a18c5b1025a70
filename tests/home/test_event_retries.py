"""Slack retries an event up to three times; the app handles each event_id once."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.event_tables import SlackEventRow
from tests.harness import Harness
from tests.home.homes import open_home

HOME_OPENED = {"type": "app_home_opened", "user": "U002", "channel": "DU002", "tab": "home"}


def test_an_event_and_its_three_retries_are_handled_once(harness: Harness):
    open_home(harness, "U002", event_id="Ev0HOME1")
    for retry in (1, 2, 3):
        answer = harness.sender.event(HOME_OPENED, event_id="Ev0HOME1", retry_num=retry)
        assert answer.status == 200 and answer.body == ""
    harness.settle()
    assert [call.args["user_id"] for call in harness.fake.calls_to("views.publish")] == ["U002"]

    open_home(harness, "U002", event_id="Ev0HOME2")  # a new visit is a new event
    assert len(harness.fake.calls_to("views.publish")) == 2
    with Session(harness.runtime.engine) as session:
        seen = session.exec(select(SlackEventRow.event_id, SlackEventRow.team_id)).all()
    assert sorted(seen) == [("Ev0HOME1", "T0001"), ("Ev0HOME2", "T0001")]


def test_the_messages_tab_draws_nothing(harness: Harness):
    answer = harness.sender.event({**HOME_OPENED, "tab": "messages"}, event_id="Ev0MSG")
    assert answer.status == 200
    harness.settle()
    assert harness.fake.calls_to("views.publish") == []
