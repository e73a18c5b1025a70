"""The Home acts within its workspace: its buttons open the right forms, its counts are the team's."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from bot.insight.model import SegmentDraft, TouchPoint
from storage.event_tables import SlackEventRow
from tests.handlers.walking import declared_crisis
from tests.harness import Harness
from tests.home.homes import open_home, shape
from tests.slack_requests import SlackSender


def test_the_task_buttons_on_the_home_open_the_right_forms(harness: Harness):
    crisis = declared_crisis(harness)
    open_home(harness, "U001")
    home = harness.fake.home_view("U001")
    assert home is not None
    for action, value, callback in (
        ("crisis_open_step", f"{crisis.id}:refocus", "crisis_step_refocus"),
        ("crisis_post_update", str(crisis.id), "crisis_update"),
    ):
        before = len(harness.fake.calls_to("views.open"))
        answer = harness.sender.click(action, value=value, user="U001", view=home)
        assert answer.status == 200
        harness.settle()
        [opened] = harness.fake.calls_to("views.open")[before:]
        assert opened.response["view"]["callback_id"] == callback


def test_the_insight_line_counts_the_team_s_segments_and_their_last_change(harness: Harness):
    insight = harness.runtime.services.insight
    for name in ("Enterprise", "Self-serve"):
        draft = SegmentDraft(name, 120, 30.0, (TouchPoint.EMAIL,), "U003")
        insight.save("T0001", draft)
    insight.save("T0002", SegmentDraft("Elsewhere", 5, 1.0, (), "U004"))

    kind, text, action, value = [shape(b) for b in open_home(harness, "U002")][-1]
    assert (kind, action, value) == ("section", "crisis_home_insight", "insight")
    # Segments are stamped by the database layer's own clock, not the test's: check the shape.
    assert text.startswith("*2* customer segments · last updated <!date^")


def test_a_home_in_another_workspace_shows_none_of_this_one(harness: Harness):
    declared_crisis(harness)
    other = SlackSender(harness.sender.url, "test-signing-secret", team_id="T0002")
    event = {"type": "app_home_opened", "user": "U001", "channel": "DU001", "tab": "home"}
    assert other.event(event, event_id="Ev0OTHER").status == 200
    harness.settle()
    view = harness.fake.home_view("U001")
    assert view is not None
    texts = [shape(b) for b in view["blocks"]]
    assert ("context", "Nothing needs you now.") in texts
    assert ("context", "No crisis is open.") in texts


def test_event_ids_are_forgotten_after_a_day(harness: Harness):
    open_home(harness, "U001", event_id="Ev0OLD")
    harness.clock.advance(timedelta(days=1, minutes=1))
    open_home(harness, "U001", event_id="Ev0NEW")
    with Session(harness.runtime.engine) as session:
        # Ev0OLD is gone: Slack stopped retrying it long ago.
        assert session.exec(select(SlackEventRow.event_id)).all() == ["Ev0NEW"]
