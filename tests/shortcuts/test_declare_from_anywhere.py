"""Declaring from the shortcuts menu, and from the message where the trouble was reported."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, col, select

from storage.tables import CrisisRow
from tests.handlers.declaring import DEFAULT_ANSWERS, ensure_origin_channel
from tests.handlers.walking import board, opened_view
from tests.harness import Harness
from tests.slack_requests import new_trigger_id

REPORT = "Checkout is double-charging\nSince 08:10 UTC cards are charged twice. Support is flooded."
ANSWERS = {k: v for k, v in DEFAULT_ANSWERS.items() if k not in ("title", "description")}


def latest_crisis(harness: Harness) -> CrisisRow:
    with Session(harness.runtime.engine) as session:
        row = session.exec(select(CrisisRow).order_by(col(CrisisRow.id).desc())).first()
    assert row is not None
    return row


def inputs(view: dict[str, Any]) -> dict[str, Any]:
    return {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}


def test_the_global_shortcut_opens_an_empty_declaration_form(harness: Harness):
    answer = harness.sender.interaction(
        {
            "type": "shortcut",
            "token": "verification_token",
            "action_ts": "111.111",
            "team": {"id": "T0001", "domain": "acme"},
            "user": {"id": "U002", "username": "u002", "team_id": "T0001"},
            "callback_id": "crisis_declare_shortcut",
            "trigger_id": new_trigger_id(),
        }
    )
    assert answer.status == 200
    view = opened_view(harness, 0)
    assert view["callback_id"] == "crisis_declare"
    assert "initial_value" not in inputs(view)["title"]
    assert inputs(view)["lead"]["initial_user"] == "U002"

    submitted = harness.sender.submit_view(view, DEFAULT_ANSWERS, user="U002")
    assert submitted.status == 200 and submitted.body == ""
    harness.settle()
    crisis = latest_crisis(harness)
    assert crisis.title == DEFAULT_ANSWERS["title"] and crisis.channel_id
    assert crisis.origin_channel_id is None and crisis.source_ts is None


def test_declaring_from_a_message_quotes_it_links_it_and_answers_in_its_thread(harness: Harness):
    origin = ensure_origin_channel(harness)
    reported = harness.fake.add_message(origin, "U003", REPORT)

    answer = harness.sender.message_shortcut(
        "crisis_declare_from_message", channel=origin, message_ts=reported, text=REPORT
    )
    assert answer.status == 200
    view = opened_view(harness, 0)
    permalink = f"https://acme.slack.com/archives/{origin}/p{reported.replace('.', '')}"
    assert inputs(view)["title"]["initial_value"] == "Checkout is double-charging"
    assert inputs(view)["description"]["initial_value"] == REPORT
    assert f"<{permalink}|this message> in <#{origin}>" in json.dumps(view["blocks"])

    submitted = harness.sender.submit_view(view, ANSWERS)
    assert submitted.status == 200 and submitted.body == ""
    harness.settle()

    crisis = latest_crisis(harness)
    assert (crisis.title, crisis.description) == ("Checkout is double-charging", REPORT)
    assert (crisis.source_channel_id, crisis.source_ts) == (origin, reported)
    assert f":link: Declared from <{permalink}|this message> in <#{origin}>" in board(
        harness, crisis
    )
    [reply] = [m for m in harness.fake.messages(origin) if m.thread_ts == reported]
    assert f"<#{crisis.channel_id}>" in reply.text and "*Checkout is double-charging*" in reply.text


def test_a_message_the_app_cannot_see_still_opens_the_form_without_a_link(harness: Harness):
    hidden = harness.fake.create_channel("private-ops", members=("U001",), is_private=True)
    answer = harness.sender.message_shortcut(
        "crisis_declare_from_message", channel=hidden, message_ts="1700000000.000100", text=REPORT
    )
    assert answer.status == 200
    view = opened_view(harness, 0)
    assert inputs(view)["title"]["initial_value"] == "Checkout is double-charging"
    assert f"a message in <#{hidden}>" in json.dumps(view["blocks"])


def test_a_forged_source_in_the_form_is_refused(harness: Harness):
    origin = ensure_origin_channel(harness)
    reported = harness.fake.add_message(origin, "U003", REPORT)
    harness.sender.message_shortcut(
        "crisis_declare_from_message", channel=origin, message_ts=reported, text=REPORT
    )
    view = opened_view(harness, 0)
    forged = json.dumps({"origin": origin, "source": {"channel": origin, "ts": "<!channel>"}})
    answer = harness.sender.submit_view({**view, "private_metadata": forged}, ANSWERS)
    assert answer.json()["errors"] == {
        "title": "This form is out of date. Close it and run `/crisis` again."
    }
    harness.settle()
    assert harness.fake.calls_to("conversations.create") == []


def test_declaring_from_a_reply_answers_in_its_thread_not_under_the_reply(harness: Harness):
    origin = ensure_origin_channel(harness)
    parent = harness.fake.add_message(origin, "U002", "Anyone else seeing double charges?")
    reply = harness.fake.add_message(origin, "U003", REPORT, thread_ts=parent)
    payload = {
        "type": "message_action",
        "token": "verification_token",
        "action_ts": "1.1",
        "team": {"id": "T0001", "domain": "acme"},
        "user": {"id": "U001", "name": "u001"},
        "channel": {"id": origin, "name": "general"},
        "callback_id": "crisis_declare_from_message",
        "trigger_id": new_trigger_id(),
        "message_ts": reply,
        "message": {"type": "message", "text": REPORT, "user": "U003", "ts": reply,
                    "thread_ts": parent},
        "response_url": "https://hooks.slack.com/app/T0001/1/x",
    }  # fmt: skip
    assert harness.sender.interaction(payload).status == 200
    view = opened_view(harness, 0)
    assert harness.sender.submit_view(view, ANSWERS).status == 200
    harness.settle()

    crisis = latest_crisis(harness)
    assert (crisis.source_ts, crisis.source_thread_ts) == (reply, parent)
    # The app's reply sits in the thread, and was posted to the thread's parent, as Slack asks.
    ours = [m for m in harness.fake.messages(origin) if m.user not in {"U002", "U003"}]
    assert [m.thread_ts for m in ours] == [parent]
    posts = harness.fake.calls_to("chat.postMessage")
    assert [c.args.get("thread_ts") for c in posts if c.args["channel"] == origin] == [parent]
