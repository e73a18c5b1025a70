"""`/crisis` end to end: signed requests in, what Slack received out, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlmodel import Session, select

from storage.tables import CrisisRow
from tests.handlers.declaring import (
    DEFAULT_ANSWERS,
    board_text,
    declare,
    ensure_origin_channel,
    open_form,
)
from tests.harness import Harness

CHANNEL = "crisis-20261125-checkout-is-double-charging"


def crises(harness: Harness) -> list[CrisisRow]:
    with Session(harness.runtime.engine) as session:
        return list(session.exec(select(CrisisRow)).all())


def test_help_lists_every_subcommand_ephemerally(harness: Harness):
    answer = harness.sender.command("help")
    assert answer.status == 200
    body = answer.json()
    assert body["response_type"] == "ephemeral"
    text = str(body["blocks"])
    for usage in ("/crisis open [title]", "/crisis help"):
        assert usage in text
    assert harness.fake.calls_to("views.open") == []


def test_unknown_subcommand_gets_help_and_a_hint(harness: Harness):
    answer = harness.sender.command("explode everything")
    body = answer.json()
    assert body["response_type"] == "ephemeral"
    assert "I don't know `/crisis explode`" in str(body["blocks"])
    assert "/crisis open explode everything" in str(body["blocks"])


def test_open_prefills_the_title_and_offers_every_field(harness: Harness):
    view = open_form(harness, "open Checkout is double-charging")
    title_block = next(b for b in view["blocks"] if b.get("block_id") == "title")
    assert title_block["element"]["initial_value"] == "Checkout is double-charging"
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert {"title", "description", "crisis_type", "severity", "lead", "responders"} <= set(blocks)
    types = [o["value"] for o in blocks["crisis_type"]["element"]["options"]]
    assert types == [
        "production_breakdown",
        "data_breach",
        "failed_product",
        "competitor_breakthrough",
        "other",
    ]
    severities = blocks["severity"]["element"]["options"]
    assert len(severities) >= 3 and all(o.get("description") for o in severities)
    assert blocks["lead"]["element"]["initial_user"] == "U001"


def test_a_form_that_cannot_open_is_explained_through_the_response_url(harness: Harness):
    origin = ensure_origin_channel(harness)
    harness.fake.expire_trigger("expired.1.1")
    answer = harness.sender.command("open Checkout down", channel=origin, trigger_id="expired.1.1")
    assert answer.status == 200
    harness.settle()
    [told] = harness.fake.response_urls.received
    assert told.response_type == "ephemeral"
    assert told.text.startswith("I couldn't open the crisis form")
    assert harness.fake.calls_to("views.open") == []


def test_declaring_opens_a_ready_crisis_channel(harness: Harness):
    origin = ensure_origin_channel(harness)
    declare(harness)
    channel = harness.fake.channel_by_name(CHANNEL)
    assert channel is not None and not channel.is_private
    assert channel.members == {"UBOT", "U001", "U002", "U003"}
    assert "SEV1" in channel.topic and "Checkout is double-charging" in channel.topic
    assert "customers" in channel.purpose
    board = board_text(harness, channel.id)
    for expected in (
        "Checkout is double-charging",
        "SEV1 · Critical",
        "<@U001>",
        "Reset",
        "Refocus priorities",
        "Fix",
        "Review",
        "How will this affect customers?",
    ):
        assert expected in board
    invites = harness.fake.calls_to("conversations.invite")
    assert all("UBOT" not in str(call.args["users"]) for call in invites)
    [confirmation] = harness.fake.ephemerals(origin)
    assert confirmation.user == "U001"
    assert f"<#{channel.id}>" in confirmation.text
    [row] = crises(harness)
    assert (row.channel_id, row.channel_name, row.severity) == (channel.id, CHANNEL, "sev1")
    assert row.board_ts == channel.pins[0]


def test_announcement_goes_to_the_configured_channel(make_harness, fake_slack):
    announce_id = fake_slack.create_channel("crisis-announcements", members=("UBOT",))
    harness = make_harness(announce_channel=announce_id)
    declare(harness)
    crisis_channel = harness.fake.channel_by_name(CHANNEL)
    [message] = harness.fake.messages(announce_id)
    assert (
        f"<#{crisis_channel.id}>" in message.text and "Checkout is double-charging" in message.text
    )


def test_bad_fields_keep_the_modal_open_and_save_nothing(harness: Harness):
    view = open_form(harness)
    cases = {
        "title": ({**DEFAULT_ANSWERS, "title": "   "}, "title"),
        "long": ({**DEFAULT_ANSWERS, "title": "x" * 500}, "150 characters"),
        "severity": ({k: v for k, v in DEFAULT_ANSWERS.items() if k != "severity"}, "severity"),
        "type": ({**DEFAULT_ANSWERS, "crisis_type": "alien_invasion"}, "type of crisis"),
    }
    for answers, message in cases.values():
        answer = harness.sender.submit_view(view, answers)
        assert answer.status == 200
        body = answer.json()
        assert body["response_action"] == "errors"
        assert message in " ".join(body["errors"].values())
    harness.settle()
    assert crises(harness) == []
    assert harness.fake.calls_to("conversations.create") == []


def test_forged_state_gets_field_errors_not_a_500(harness: Harness):
    view = open_form(harness)
    forged = {**view, "private_metadata": "{not json" * 500}
    answer = harness.sender.submit_view(forged, {})
    assert answer.status == 200
    assert set(answer.json()["errors"]) >= {"title", "description", "severity", "crisis_type"}
    harness.settle()
    assert crises(harness) == []


def test_titles_without_latin_letters_still_get_a_valid_channel(harness: Harness):
    declare(harness, title="🔥🔥 Сбой оплаты 🔥")
    [row] = crises(harness)
    assert row.channel_name == f"crisis-20261125-{row.id}"
    assert harness.fake.channel_by_name(row.channel_name) is not None


def test_a_taken_name_gets_the_next_number(harness: Harness):
    harness.fake.create_channel(CHANNEL, members=("U009",))
    harness.fake.create_channel(CHANNEL + "-2", members=("U009",))
    declare(harness)
    assert harness.fake.channel_by_name(CHANNEL + "-3") is not None
    [row] = crises(harness)
    assert row.channel_name == CHANNEL + "-3"


def test_lead_who_is_also_a_responder_is_invited_once(harness: Harness):
    declare(harness, lead="U002", responders=["U002", "U003"])
    invited = [
        u
        for call in harness.fake.calls_to("conversations.invite")
        for u in str(call.args["users"]).split(",")
    ]
    assert sorted(invited) == ["U002", "U003"]
    [row] = crises(harness)
    assert row.lead_id == "U002" and row.responder_ids == ["U003"]


def test_more_than_100_responders_are_invited_in_batches(harness: Harness):
    people = [f"U9{n:03d}" for n in range(150)]
    for person in people:
        harness.fake.add_user(person, f"person {person}")
    declare(harness, responders=people)
    batches = [
        str(call.args["users"]).split(",") for call in harness.fake.calls_to("conversations.invite")
    ]
    assert all(len(batch) <= 100 for batch in batches)
    channel = harness.fake.channel_by_name(CHANNEL)
    assert set(people) | {"U001"} <= channel.members


def test_double_submission_declares_once(harness: Harness):
    view = open_form(harness)
    answers = []
    threads = [
        threading.Thread(
            target=lambda: answers.append(harness.sender.submit_view(view, DEFAULT_ANSWERS))
        )
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    harness.settle()
    assert [a.status for a in answers] == [200, 200, 200]
    assert len(crises(harness)) == 1
    assert len(harness.fake.calls_to("conversations.create")) == 1


def test_a_refused_pin_keeps_the_crisis_and_tells_the_declarer(harness: Harness):
    origin = ensure_origin_channel(harness)
    harness.fake.fail_next("pins.add", error="too_many_pins")
    declare(harness)
    channel = harness.fake.channel_by_name(CHANNEL)
    assert channel is not None and channel.pins == []
    [row] = crises(harness)
    assert row.channel_id == channel.id and row.board_ts
    [confirmation] = harness.fake.ephemerals(origin)
    assert "couldn't pin the crisis board" in confirmation.text
    assert f"<#{channel.id}>" in confirmation.text


def test_a_failed_invite_is_reported_in_plain_words(harness: Harness):
    origin = ensure_origin_channel(harness)
    harness.fake.fail_next("conversations.invite", error="user_is_restricted")
    declare(harness)
    [confirmation] = harness.fake.ephemerals(origin)
    assert "couldn't invite the responders" in confirmation.text
    assert "guest" in confirmation.text
    assert harness.fake.channel_by_name(CHANNEL).pins  # the rest still happened


def test_rate_limited_channel_creation_is_retried_after_retry_after(harness: Harness):
    harness.fake.rate_limit_next("conversations.create", retry_after=1)
    declare(harness)
    attempts = harness.fake.calls_to("conversations.create", include_failed=True)
    assert [call.status for call in attempts] == [429, 200]
    assert len(crises(harness)) == 1 and harness.fake.channel_by_name(CHANNEL) is not None
    assert harness.sleep.waits == [1.0]  # Retry-After, waited through the injected sleep


def test_a_long_retry_after_is_not_waited_in_place_but_retried_later(harness: Harness):
    harness.fake.rate_limit_next("conversations.create", retry_after=30)
    declare(harness)
    assert harness.fake.channel_by_name(CHANNEL) is None and harness.sleep.waits == []
    harness.clock.advance(timedelta(seconds=31))
    harness.runtime.deliveries.run_until_idle()
    assert harness.fake.channel_by_name(CHANNEL) is not None


def test_when_slack_refuses_the_channel_the_crisis_is_kept_and_the_declarer_told(harness: Harness):
    origin = ensure_origin_channel(harness)
    harness.fake.fail_next("conversations.create", error="restricted_action")
    declare(harness)
    [row] = crises(harness)
    assert row.channel_id is None and row.title == "Checkout is double-charging"
    [message] = harness.fake.ephemerals(origin)
    assert "couldn't create the crisis channel" in message.text
    assert "settings" in message.text


def test_declarer_without_an_ephemeral_channel_gets_a_dm(harness: Harness):
    view = open_form(harness)
    view = {**view, "private_metadata": '{"origin": "C0GONE"}'}
    harness.sender.submit_view(view, DEFAULT_ANSWERS)
    harness.settle()
    [dm] = harness.fake.dms("U001")
    assert "is declared" in dm.text


def test_forged_signature_and_stale_timestamp_are_refused(harness: Harness):
    body = "command=%2Fcrisis&text=help&user_id=U001&team_id=T0001&channel_id=C1&trigger_id=1.2"
    forged = harness.sender.send(body, "application/x-www-form-urlencoded", signature="v0=deadbeef")
    stale = harness.sender.send(body, "application/x-www-form-urlencoded", timestamp=1_000_000)
    assert (forged.status, stale.status) == (401, 401)
    view = open_form(harness)
    from tests.slack_requests import state_values

    payload = {
        "type": "view_submission",
        "user": {"id": "U001"},
        "team": {"id": "T0001"},
        "view": {**view, "state": {"values": state_values(view, DEFAULT_ANSWERS)}},
    }
    import json
    from urllib.parse import urlencode

    answer = harness.sender.send(
        urlencode({"payload": json.dumps(payload)}),
        "application/x-www-form-urlencoded",
        signature="v0=00",
    )
    assert answer.status == 401
    harness.settle()
    assert crises(harness) == []


def test_the_crisis_list_shows_every_crisis_newest_first(harness: Harness):
    declare(harness, title="Payments outage")
    harness.clock.advance(timedelta(minutes=5))
    declare(harness, title="Data export leak", severity="sev2")
    body = harness.sender.command("list").json()
    assert body["response_type"] == "ephemeral"
    text = str(body["blocks"])
    assert "Crises in this workspace* (2)" in text
    assert text.index("Data export leak") < text.index("Payments outage")
    for row in crises(harness):
        assert f"<#{row.channel_id}>" in text
    bad_page = harness.sender.command("list two").json()
    assert "isn't a page number" in bad_page["text"]
