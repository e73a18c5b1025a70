"""Hostile and malformed requests: 401 before parsing, 400 for bad signed bodies, never a 500."""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlencode

import pytest

from handlers.http_gate import signature_for
from tests.handlers.declaring import ensure_origin_channel
from tests.handlers.walking import declared_crisis
from tests.harness import SIGNING_SECRET, Harness, eventually


def post(
    harness: Harness, body: bytes, content_type: str, *, signed: bool, age: int = 0
) -> tuple[int, str]:
    """POST raw bytes to the app, signed `age` seconds ago with the app's secret or a wrong one."""
    timestamp = str(int(time.time()) - age)
    secret = SIGNING_SECRET if signed else "not-the-secret"
    signature = signature_for(secret.encode(), timestamp, body)
    request = urllib.request.Request(
        harness.sender.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": str(signature),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def no_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    assert not [r for r in caplog.records if r.exc_info], caplog.text
    assert "Traceback" not in caplog.text


FORM = "application/x-www-form-urlencoded"
JUNK = [
    (b"\xff\xfe\x00payload=\x80\x81", FORM),
    (b"payload=%7Bnot+json", FORM),
    (b"[1, 2, 3]", "application/json"),
    (b"x" * 1_000_000, FORM),
]


@pytest.mark.parametrize(("body", "content_type"), JUNK, ids=["bytes", "json", "array", "1MB"])
def test_unsigned_junk_is_refused_before_it_is_read(harness, caplog, body, content_type):
    caplog.set_level(logging.INFO)
    before = len(harness.fake.calls)
    status, _ = post(harness, body, content_type, signed=False)
    assert status == 401
    no_tracebacks(caplog)
    assert len(harness.fake.calls) == before


HELP = urlencode(
    {
        "command": "/crisis",
        "text": "help",
        "user_id": "U001",
        "channel_id": "C00000001",
        "team_id": "T0001",
        "trigger_id": "1.2.3",
        "response_url": "https://hooks.slack.com/x",
    }
).encode()


@pytest.mark.parametrize(("signed", "age"), [(False, 0), (True, 600)], ids=["forged", "stale"])
def test_a_well_formed_request_without_a_valid_signature_is_refused(harness, signed, age):
    # Only the gate checks signatures (Bolt's own check is off): a perfect body gains nothing.
    before = len(harness.fake.calls)
    status, _ = post(harness, HELP, FORM, signed=signed, age=age)
    assert status == 401
    assert len(harness.fake.calls) == before
    status, answer = post(harness, HELP, FORM, signed=True)
    assert status == 200
    assert "/crisis decide" in answer


def interaction(**payload: Any) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


CLICK = {
    "type": "block_actions",
    "user": {"id": "U001", "team_id": "T0001"},
    "team": {"id": "T0001"},
    "trigger_id": "1.2.3",
}
SIGNED_MALFORMED = {
    "actions_null": (interaction(**CLICK, actions=None), FORM),
    "form_labelled_json": (interaction(**CLICK, actions=[]), "application/json"),
    "json_string_payload": (urlencode({"payload": '"hello"'}).encode(), FORM),
    "array": (b"[1, 2, 3]", "application/json"),
    "not_utf8": (b"payload=\xff\xfe", FORM),
    "action_without_id": (interaction(**CLICK, actions=[{"value": "1"}]), FORM),
    "no_team": (
        interaction(
            type="block_actions",
            user={"id": "U001", "team_id": "T0001"},
            actions=[{"action_id": "crisis_log_decision", "value": "1"}],
        ),
        FORM,
    ),
}


@pytest.mark.parametrize("case", list(SIGNED_MALFORMED))
def test_a_malformed_signed_body_gets_400_without_a_traceback(harness, caplog, case):
    body, content_type = SIGNED_MALFORMED[case]
    before = len(harness.fake.calls)
    status, _ = post(harness, body, content_type, signed=True)
    assert status == 400
    no_tracebacks(caplog)
    assert len(harness.fake.calls) == before


def test_a_failure_after_ack_keeps_the_ack_and_tells_the_person(harness, caplog):
    crisis = declared_crisis(harness)
    harness.fake.fail_next("views.open", error="internal_error")
    answer = harness.sender.click(
        "crisis_log_decision", value=str(crisis.id), channel=crisis.channel_id
    )
    assert answer.status == 200
    told = eventually(lambda: harness.fake.ephemerals(crisis.channel_id))
    assert "Slack had an internal error" in told[-1].text
    assert "Something went wrong" not in told[-1].text
    no_tracebacks(caplog)


def test_a_forged_command_without_a_user_is_answered_not_timed_out(harness, caplog):
    origin = ensure_origin_channel(harness)
    answer = harness.sender.command("list", channel=origin, user_id="")
    assert answer.status == 200
    no_tracebacks(caplog)


def test_a_huge_page_number_gets_a_clear_answer(harness, caplog):
    crisis = declared_crisis(harness)
    answer = harness.sender.command("decisions 99999999999999999999", channel=crisis.channel_id)
    assert answer.status == 200
    assert "There is no page 99999999999999999999" in answer.json()["text"]
    no_tracebacks(caplog)


def test_thirty_digit_ids_in_buttons_and_forms_are_unknown_ids(harness, caplog):
    crisis = declared_crisis(harness)
    huge = "9" * 30
    answer = harness.sender.click("crisis_log_decision", value=huge, channel=crisis.channel_id)
    assert answer.status == 200
    told = eventually(lambda: harness.fake.ephemerals(crisis.channel_id))
    assert "That button no longer works" in told[-1].text
    view = {
        "id": "V0FORGED",
        "callback_id": "crisis_decision",
        "private_metadata": json.dumps({"crisis": int(huge)}),
        "blocks": [
            {
                "type": "input",
                "block_id": "decision_text",
                "element": {"type": "plain_text_input", "action_id": "decision_text"},
            }
        ],
    }
    answer = harness.sender.submit_view(view, {})
    assert answer.status == 200
    assert "doesn't belong to a crisis" in json.dumps(answer.json())
    no_tracebacks(caplog)


def test_an_unknown_button_is_called_stale(harness, caplog):
    crisis = declared_crisis(harness)
    answer = harness.sender.click("crisis_retired_button", value="1", channel=crisis.channel_id)
    assert answer.status == 200
    told = eventually(lambda: harness.fake.ephemerals(crisis.channel_id))
    assert "This button is stale" in told[-1].text
    no_tracebacks(caplog)


def test_an_over_long_decision_is_refused_in_words(harness):
    crisis = declared_crisis(harness)
    opened = len(harness.fake.calls_to("views.open"))
    answer = harness.sender.command("decide " + "x" * 5000, channel=crisis.channel_id)
    assert answer.status == 200
    text = answer.json()["text"]
    assert "5,000 characters" in text and "at most 3,000" in text and "Nothing was saved" in text
    assert len(harness.fake.calls_to("views.open")) == opened


def test_a_form_nobody_handles_any_more_is_closed_with_a_word(harness):
    view = {"id": "V0OLD", "callback_id": "crisis_retired_form", "blocks": []}
    answer = harness.sender.submit_view(view, {})
    assert answer.status == 200
    told = eventually(lambda: harness.fake.dms("U001"))
    assert "That form is out of date" in told[-1].text
