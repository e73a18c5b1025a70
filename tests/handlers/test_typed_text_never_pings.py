"""Whatever a person types reaches Slack escaped: no typed text becomes a ping."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.handlers.declaring import ensure_origin_channel
from tests.handlers.test_closing import REVIEW, open_command_modal
from tests.handlers.walking import NEGATIVE, declared_crisis, open_step, opened_view, submit
from tests.harness import Harness

PINGS = ("<!channel>", "<!here>", "<!everyone>", "<!subteam^S0123|@oncall>", "<@U005>")
HOSTILE = " ".join(PINGS) + " & <b>"
ESCAPED = (
    "&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;!subteam^S0123|@oncall&gt; "
    "&lt;@U005&gt; &amp; &lt;b&gt;"
)
# Every method that puts text in front of people (files are documents: Slack parses no mentions;
# neither does it in plain_text objects such as headers, which are left out below).
SHOWN = (
    "chat.postMessage",
    "chat.update",
    "chat.postEphemeral",
    "conversations.setTopic",
    "conversations.setPurpose",
)


def test_pings_typed_into_titles_decisions_updates_and_reviews_arrive_escaped(
    make_harness: Callable[..., Harness],
):
    probe = make_harness()
    announcements = probe.fake.create_channel("announcements", members=("UBOT",))
    harness = make_harness(announce_channel=announcements)
    ensure_origin_channel(harness)
    crisis = declared_crisis(harness, title=f"Checkout down {HOSTILE}", description=HOSTILE)
    reset = {
        "reset_products": HOSTILE,
        "reset_outcomes": "Chargebacks",
        "reset_expectations": "Refunds",
        "reset_severity": "sev1",
    }
    submit(harness, open_step(harness, crisis, "reset"), {**reset, **NEGATIVE})
    view = open_command_modal(harness, crisis, "decide Refund")
    assert submit(harness, view, {"decision_text": HOSTILE, **NEGATIVE}) is None
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.command("update", channel=crisis.channel_id)
    update = {"update_what_changed": HOSTILE, "update_impact_now": HOSTILE, "update_next": "1h"}
    assert submit(harness, opened_view(harness, before), update) is None
    view = open_command_modal(harness, crisis, "resolve")
    resolution = {"resolution_how": HOSTILE, "resolution_compensation": HOSTILE, **NEGATIVE}
    assert submit(harness, view, resolution) is None
    view = open_command_modal(harness, crisis, "review")
    answers = {
        **REVIEW,
        "review_causes": HOSTILE,
        "action_1_text": HOSTILE,
        "action_1_owner": "U003",
        "action_1_due": "2026-12-09",
    }
    assert submit(harness, view, answers) is None
    replies = [
        "\n".join(parsed_text(harness.sender.command(command, channel=crisis.channel_id).json()))
        for command in ("timeline", "decisions", "status", "list")
    ]

    received = [
        (call.method, "\n".join(parsed_text(call.args)))
        for method in SHOWN
        for call in harness.fake.calls_to(method)
    ]
    leaked = [(method, ping) for method, text in received for ping in PINGS if ping in text]
    assert leaked == []
    assert [ping for reply in replies for ping in PINGS if ping in reply] == []
    assert all("&lt;!channel&gt;" in reply for reply in replies)
    by_method = {method: [text for m, text in received if m == method] for method in SHOWN}
    for method in SHOWN:
        assert any("&lt;!channel&gt;" in text for text in by_method[method]), method
    channel_text = "\n".join(by_method["chat.postMessage"] + by_method["chat.update"])
    assert ESCAPED in channel_text
    [announcement] = [
        call.args["text"]
        for call in harness.fake.calls_to("chat.postMessage")
        if call.args.get("channel") == announcements
    ]
    assert "Checkout down &lt;!channel&gt; &lt;!here&gt;" in announcement


def parsed_text(args: dict[str, Any]) -> list[str]:
    """The texts Slack parses for mentions: `text`, topic, purpose, and every mrkdwn object."""
    texts = [str(args[key]) for key in ("text", "topic", "purpose") if args.get(key)]
    blocks = args.get("blocks")
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(blocks) if isinstance(blocks, str) else blocks)
    return texts + found
