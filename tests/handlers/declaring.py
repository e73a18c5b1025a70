"""Steps shared by tests that declare crises through Slack."""

from __future__ import annotations

from typing import Any

from tests.harness import Harness, eventually

ORIGIN = "general"


def ensure_origin_channel(harness: Harness, *members: str) -> str:
    """The channel where people type /crisis (the app is a member, so ephemerals work)."""
    existing = harness.fake.channel_by_name(ORIGIN)
    if existing is not None:
        return existing.id
    return harness.fake.create_channel(ORIGIN, members=("UBOT", "U001", "U002", *members))


def open_form(harness: Harness, text: str = "", *, user: str = "U001") -> dict[str, Any]:
    """`/crisis <text>`; returns the modal as Slack stored it (with its id)."""
    origin = ensure_origin_channel(harness)
    before = len(harness.fake.calls_to("views.open"))
    answer = harness.sender.command(text, user=user, channel=origin)
    assert answer.status == 200, answer
    call = eventually(lambda: harness.fake.calls_to("views.open")[before:])[0]
    return call.response["view"]


DEFAULT_ANSWERS = {
    "title": "Checkout is double-charging",
    "description": "Cards are charged twice at checkout since 08:10 UTC.",
    "crisis_type": "production_breakdown",
    "severity": "sev1",
    "lead": "U001",
    "responders": ["U002", "U003"],
}


def declare(harness: Harness, *, user: str = "U001", **answers: Any) -> dict[str, Any]:
    """Open the form, fill it in, submit it, and wait for everything to finish."""
    view = open_form(harness, user=user)
    answer = harness.sender.submit_view(view, {**DEFAULT_ANSWERS, **answers}, user=user)
    assert answer.status == 200, answer
    assert answer.body == "", answer.body
    harness.settle()
    return view


def board_text(harness: Harness, channel_id: str) -> str:
    """Everything the crisis board shows, as one string (from what Slack stored)."""
    pins = harness.fake.channel(channel_id).pins
    assert len(pins) == 1
    board = next(m for m in harness.fake.messages(channel_id) if m.ts == pins[0])
    return block_text(board.blocks)


def block_text(blocks: list[dict[str, Any]]) -> str:
    """All text inside blocks, in order."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                parts.append(node["text"])
            for value in node.values():
                if isinstance(value, (dict, list)):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(parts)
