"""Steps for tests that tell customers through Slack: the form, the preview, approval."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from storage.tables import CrisisRow
from tests.fake_slack.validation import check_view
from tests.handlers.declaring import block_text
from tests.handlers.walking import opened_view
from tests.harness import Harness, eventually

_pushed = itertools.count(1)

SECTIONS = {
    "comms_what_happened": "Some card payments were charged twice at checkout since 08:10 UTC.",
    "comms_what_it_means": "You may see a second charge for the same order on your statement.",
    "comms_what_we_do": "We stopped the duplicate charges and are refunding every one of them.",
    "comms_meanwhile": "Customers can pay by bank transfer; refunds need no action from you.",
    "comms_offer": "",
}


def next_update_in(harness: Harness, minutes: int) -> int:
    """A datetimepicker value `minutes` after the test clock's now."""
    return int((harness.clock() + timedelta(minutes=minutes)).timestamp())


def open_tell_form(harness: Harness, crisis: CrisisRow, *, user: str = "U002") -> dict[str, Any]:
    """`/crisis tell` in the crisis channel; the form Slack opened."""
    before = len(harness.fake.calls_to("views.open"))
    answer = harness.sender.command("tell", channel=crisis.channel_id, user=user)
    assert answer.status == 200 and not answer.body, answer.body
    return opened_view(harness, before)


def submit_form(
    harness: Harness, view: dict[str, Any], answers: dict[str, Any], *, user: str = "U002"
) -> dict[str, Any]:
    """Submit the form; the app's JSON answer (field errors, or the preview pushed)."""
    answer = harness.sender.submit_view(view, answers, user=user)
    assert answer.status == 200, answer
    return answer.json()


def preview_of(answer: dict[str, Any]) -> dict[str, Any]:
    """The pushed preview, checked as Slack checks views, with the id Slack would give it."""
    assert answer["response_action"] == "push", answer
    check_view(answer["view"])
    return {**answer["view"], "id": f"VPREVIEW{next(_pushed)}"}


def draft_for_approval(
    harness: Harness,
    crisis: CrisisRow,
    *,
    user: str = "U002",
    view: dict[str, Any] | None = None,
    **answers: Any,
) -> Any:
    """Fill in the form, look at the preview, send it for approval; the approval request."""
    form = view or open_tell_form(harness, crisis, user=user)
    filled = {
        **SECTIONS,
        "comms_next_update": next_update_in(harness, 30),
        "comms_touch_points": ["status_page", "email", "in_app_banner"],
        **answers,
    }
    preview = preview_of(submit_form(harness, form, filled, user=user))
    before = len(harness.fake.messages(crisis.channel_id))
    answer = harness.sender.submit_view(preview, {}, user=user)
    assert answer.json() == {"response_action": "clear"}, answer.body
    harness.settle()
    return eventually(
        lambda: [
            m
            for m in harness.fake.messages(crisis.channel_id)[before:]
            if m.text.startswith("Customer update") and "waiting for approval" in m.text
        ]
    )[-1]


def click_on(
    harness: Harness, crisis: CrisisRow, message: Any, action_id: str, *, user: str
) -> None:
    """Click a button of a message in the crisis channel, and wait for the app to finish."""
    button = next(
        element
        for block in message.blocks
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == action_id
    )
    answer = harness.sender.click(
        action_id,
        value=button["value"],
        user=user,
        channel=crisis.channel_id,
        message_ts=message.ts,
    )
    assert answer.status == 200, answer
    harness.settle()


def message_now(harness: Harness, channel_id: str, ts: str) -> Any:
    """A message as Slack holds it now."""
    return next(m for m in harness.fake.messages(channel_id) if m.ts == ts)


def text_of(message: Any) -> str:
    """All text of a message's blocks (or its text)."""
    return block_text(message.blocks) or message.text


def told(harness: Harness, user: str, channel_id: str) -> list[str]:
    """What the app told `user` ephemerally in the channel, or by DM."""
    ephemeral = [e.text for e in harness.fake.ephemerals(channel_id) if e.user == user]
    return ephemeral + [m.text for m in harness.fake.dms(user)]


def posted_since(harness: Harness, channel_id: str, before: int, starts: str) -> Any:
    """The first message posted after the first `before` whose text starts with `starts`."""
    return eventually(
        lambda: [m for m in harness.fake.messages(channel_id)[before:] if m.text.startswith(starts)]
    )[0]
