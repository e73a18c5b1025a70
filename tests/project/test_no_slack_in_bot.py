"""bot/ is the domain: no Slack markup in any of its strings (rendering lives in handlers/)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"
MARKUP = {
    "a mention or special mention": re.compile(r"<[@!#]"),
    "an emoji code": re.compile(r":[a-z][a-z0-9_+-]*:"),
    "a slash-command hint": re.compile(r"/crisis\b"),
    "mrkdwn bold": re.compile(r"(^|\s)\*[^*\s][^*]*\*(\s|$|[.,:])"),
}


def strings_in(path: Path) -> list[tuple[int, str]]:
    """Every string literal (f-string parts included) with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def markup_in(text: str) -> list[str]:
    """The kinds of Slack markup in `text`."""
    return [name for name, pattern in MARKUP.items() if pattern.search(text)]


def test_the_detector_knows_slack_markup():
    assert markup_in("Lead handed over from <@U001>") == ["a mention or special mention"]
    assert markup_in("due <!date^1^{time}|soon>") == ["a mention or special mention"]
    assert markup_in(":alarm_clock: overdue") == ["an emoji code"]
    assert markup_in("use `/crisis update`") == ["a slash-command hint"]
    assert markup_in("*Reset* is overdue") == ["mrkdwn bold"]
    assert markup_in("Due at 09:00:00, 3 * 4 items") == []


def test_no_module_in_bot_contains_slack_markup():
    found = [
        f"{path.relative_to(BOT)}:{line}: {kind}: {text[:60]!r}"
        for path in sorted(BOT.rglob("*.py"))
        for line, text in strings_in(path)
        for kind in markup_in(text)
    ]
    assert found == []
