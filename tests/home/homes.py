"""Steps for tests that look at people's Home tabs."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from tests.harness import Harness

_event_numbers = itertools.count(1)


def open_home(harness: Harness, user: str, *, event_id: str | None = None) -> list[dict[str, Any]]:
    """`user` opens the app's Home tab; returns the blocks Slack now shows them."""
    answer = harness.sender.event(
        {
            "type": "app_home_opened",
            "user": user,
            "channel": f"D{user}",
            "tab": "home",
            "event_ts": "1515449522.000016",
        },
        event_id=event_id or f"EvHome{next(_event_numbers)}",
    )
    assert answer.status == 200, answer
    harness.settle()
    return home_blocks(harness, user)


def home_blocks(harness: Harness, user: str) -> list[dict[str, Any]]:
    """The blocks of `user`'s Home tab as Slack holds it."""
    view = harness.fake.home_view(user)
    assert view is not None, f"{user} has no Home tab"
    assert view["type"] == "home"
    return list(view["blocks"])


def shape(block: dict[str, Any]) -> tuple[Any, ...]:
    """A block as (type, its text, its button's action id and value), for exact comparisons."""
    kind = block["type"]
    if kind == "section":
        button = block.get("accessory") or {}
        return (kind, block["text"]["text"], button.get("action_id"), button.get("value"))
    if kind == "header":
        return (kind, block["text"]["text"])
    if kind == "context":
        return (kind, " ".join(e["text"] for e in block["elements"]))
    if kind == "actions":
        return (kind, *((e["text"]["text"], e["action_id"]) for e in block["elements"]))
    return (kind,)


def date(moment: datetime, pattern: str = "{date_short_pretty} {time}") -> str:
    """How the Home writes a time (each reader sees it in their own timezone)."""
    return f"<!date^{int(moment.timestamp())}^{pattern}|{moment:%Y-%m-%d %H:%M} UTC>"
