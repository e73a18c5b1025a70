"""Workspace B can't read or change workspace A's crisis or reminders, whatever ids it sends."""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlmodel import Session, select

from bot.insight.model import SegmentDraft, TouchPoint
from storage.decision_tables import DecisionRow
from storage.reminder_tables import ReminderRow
from storage.tables import CrisisRow
from tests.handlers.declaring import DEFAULT_ANSWERS
from tests.harness import Harness
from tests.home.homes import shape
from tests.workspaces.installing import OTHER_TEAM, declare_in, sender_for
from tests.workspaces.test_many_workspaces import two_workspaces

GONE = "That crisis no longer exists."


def told(harness: Harness, user: str) -> list[str]:
    """What the app told `user` (ephemerally or by DM), newest last."""
    return [
        str(c.args.get("text"))
        for c in harness.fake.calls
        if c.method in ("chat.postEphemeral", "chat.postMessage")
        and user in (c.args.get("user"), c.args.get("channel"))
    ]


def test_forged_ids_from_another_workspace_are_refused(make_harness: Callable[..., Harness]):
    harness = two_workspaces(make_harness)
    general = harness.fake.channel_by_name("general")
    assert general is not None
    declare_in(harness, harness.sender, user="U001", channel=general.id, **DEFAULT_ANSWERS)
    with Session(harness.runtime.engine) as session:
        crisis = session.exec(select(CrisisRow)).one()
        reminder = session.exec(select(ReminderRow)).first()
    assert crisis.team_id == "T0001" and reminder is not None
    b = sender_for(harness, OTHER_TEAM)
    opened = len(harness.fake.calls_to("views.open"))

    # A board button with A's crisis id.
    assert b.click("crisis_open_step", value=f"{crisis.id}:reset", user="U201").status == 200
    # A form whose metadata names A's crisis.
    forged = {"id": "VFORGED1", "callback_id": "crisis_decision", "blocks": [],
              "private_metadata": json.dumps({"crisis": crisis.id})}  # fmt: skip
    refused = b.submit_view(forged, {}, user="U201").json()
    # A snooze button with A's reminder id.
    assert b.click("crisis_reminder_snooze_30m", value=str(reminder.id), user="U201").status == 200
    # /crisis in A's crisis channel id.
    status = b.command("status", user="U201", channel=str(crisis.channel_id)).json()
    harness.settle()

    assert refused["response_action"] == "errors" and GONE in str(refused["errors"])
    assert "isn't a crisis channel" in status["text"]
    assert harness.fake.calls_to("views.open")[opened:] == []
    messages = told(harness, "U201")
    assert any(GONE in m for m in messages)
    assert any("no longer active" in m for m in messages)
    with Session(harness.runtime.engine) as session:
        assert session.exec(select(DecisionRow)).all() == []
        after = session.get(ReminderRow, reminder.id)
    assert after is not None and after.due_at == reminder.due_at
    # Whatever reached B's people went out as B's bot.
    for call in harness.fake.calls:
        if "U201" in (call.args.get("user"), call.args.get("channel")):
            assert call.team == OTHER_TEAM


def test_a_home_shows_only_its_own_workspace(make_harness: Callable[..., Harness]):
    harness = two_workspaces(make_harness)
    general = harness.fake.channel_by_name("general")
    assert general is not None
    declare_in(harness, harness.sender, user="U001", channel=general.id, **DEFAULT_ANSWERS)
    event = {"type": "app_home_opened", "user": "U201", "channel": "DU201", "tab": "home"}
    assert sender_for(harness, OTHER_TEAM).event(event, event_id="Ev0B1").status == 200
    harness.settle()
    home = harness.fake.home_view("U201", team_id=OTHER_TEAM)
    assert home is not None
    blocks = [shape(b) for b in home["blocks"]]
    assert ("context", "No crisis is open.") in blocks
    assert ("context", "Nothing needs you now.") in blocks


def test_another_workspace_s_segment_cannot_be_opened_or_removed(
    make_harness: Callable[..., Harness],
):
    harness = two_workspaces(make_harness)
    insight = harness.runtime.services.insight
    draft = SegmentDraft("Enterprise", 120, 30.0, (TouchPoint.EMAIL,), "U003")
    segment = insight.save("T0001", draft)
    b = sender_for(harness, OTHER_TEAM)
    for action in ("crisis_segment_edit", "crisis_segment_remove"):
        assert b.click(action, value=str(segment.id), user="U201").status == 200
    harness.settle()
    assert harness.fake.calls_to("views.push") == []
    assert [s.name for s in insight.segments("T0001")] == ["Enterprise"]
    assert insight.segments(OTHER_TEAM) == []
