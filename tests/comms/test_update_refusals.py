"""Every refusal of the customer update form is a field error under its field."""

from __future__ import annotations

from tests.comms.conftest import Comms
from tests.comms.telling import (
    SECTIONS,
    click_on,
    draft_for_approval,
    message_now,
    next_update_in,
    open_tell_form,
    preview_of,
    submit_form,
    text_of,
    told,
)
from tests.handlers.walking import declared_crisis
from tests.harness import SIGNING_SECRET
from tests.slack_requests import SlackSender


def test_the_form_refuses_what_customers_should_not_get(comms: Comms):
    harness = comms.harness
    crisis = declared_crisis(harness)  # SEV1: an update at least every 30 minutes
    form = open_tell_form(harness, crisis)
    good = {
        **SECTIONS,
        "comms_touch_points": ["status_page"],
        "comms_next_update": next_update_in(harness, 30),
    }

    def errors(**changes: object) -> dict[str, str]:
        answer = submit_form(harness, form, {**good, **changes})
        assert answer["response_action"] == "errors", answer
        errors: dict[str, str] = answer["errors"]
        return errors

    assert errors(comms_what_it_means="   ") == {
        "comms_what_it_means": "Please fill in “What it means for you”: customers need it."
    }
    assert errors(comms_next_update=next_update_in(harness, -5)) == {
        "comms_next_update": "The next update must be in the future."
    }
    assert errors(comms_next_update=next_update_in(harness, 120)) == {
        "comms_next_update": "At this severity customers hear from us at least every 30m: "
        "promise the next update by 09:30 UTC on 25 Nov."
    }
    assert errors(comms_touch_points=[]) == {
        "comms_touch_points": "Choose at least one way to reach these customers."
    }
    jargon = errors(
        comms_what_happened="A bad deploy by our vendor broke checkout.",
        comms_what_we_do="We will publish the Root Cause soon.",
    )
    assert jargon == {
        "comms_what_happened": "Customers shouldn't read “deploy”, “vendor” (internal jargon or "
        "blame). Say it in their words, or tick “Keep them” below.",
        "comms_what_we_do": "Customers shouldn't read “root cause” (internal jargon or blame). "
        "Say it in their words, or tick “Keep them” below.",
    }
    # Several problems at once: each under its own field.
    assert set(errors(comms_meanwhile="", comms_next_update=next_update_in(harness, -1))) == {
        "comms_meanwhile",
        "comms_next_update",
    }
    # "Keep them" lets the author keep words they mean; nothing was saved for the refusals.
    kept = submit_form(
        harness,
        form,
        {
            **good,
            "comms_what_happened": "Our payment vendor double-charged cards.",
            "comms_keep_words": ["keep"],
        },
    )
    assert "Our payment vendor double-charged cards." in str(preview_of(kept)["blocks"])


def test_approving_from_outside_the_crisis_team_is_refused_and_publishes_nothing(comms: Comms):
    harness = comms.harness
    crisis = declared_crisis(harness)
    form = open_tell_form(harness, crisis, user="U001")
    answer = submit_form(
        harness,
        form,
        {
            **SECTIONS,
            "comms_touch_points": ["email"],
            "comms_next_update": next_update_in(harness, 10),
        },
        user="U001",
    )
    preview = preview_of(answer)
    # Someone else can't send the lead's draft for approval with a forged preview.
    forged = harness.sender.submit_view(preview, {}, user="U003").json()
    assert forged["response_action"] == "errors"
    assert "Only the update's author" in str(forged["errors"])
    assert harness.sender.submit_view(preview, {}, user="U001").json() == {
        "response_action": "clear"
    }
    # The lead may approve their own draft.
    harness.settle()
    request = harness.fake.messages(crisis.channel_id)[-1]
    click_on(harness, crisis, request, "crisis_customer_update_approve", user="U001")
    assert len(harness.fake.messages(comms.support)) == 1


def test_forged_approvals_are_answered_in_words_and_publish_nothing(comms: Comms):
    harness = comms.harness
    crisis = declared_crisis(harness)
    request = draft_for_approval(harness, crisis, user="U002")
    # A button value that can't be an id, and a real update approved from another workspace.
    answer = harness.sender.click(
        "crisis_customer_update_approve",
        value="9" * 30,
        user="U001",
        channel=crisis.channel_id,
        message_ts=request.ts,
    )
    assert answer.status == 200
    elsewhere = SlackSender(harness.sender.url, SIGNING_SECRET, team_id="T0002")
    value = request.blocks[-1]["elements"][0]["value"]
    answer = elsewhere.click(
        "crisis_customer_update_approve",
        value=value,
        user="U001",
        channel=crisis.channel_id,
        message_ts=request.ts,
    )
    assert answer.status == 200
    harness.settle()
    said = told(harness, "U001", crisis.channel_id)
    assert any("That button no longer works" in t for t in said)
    assert any("That crisis no longer exists." in t for t in said)
    assert harness.fake.messages(comms.support) == []
    assert "waiting for approval" in text_of(message_now(harness, crisis.channel_id, request.ts))
