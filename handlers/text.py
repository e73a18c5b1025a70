"""Small text helpers shared by the Block Kit builders: the only place Slack markup is made."""

from __future__ import annotations

from datetime import datetime

from bot.clock import as_utc
from bot.crisis.impact import Direction

DIRECTION_ICONS = {
    Direction.POSITIVE: ":large_green_circle:",
    Direction.NEGATIVE: ":red_circle:",
    Direction.MIXED: ":large_orange_circle:",
    Direction.UNKNOWN: ":white_circle:",
}


def clip(text: str, limit: int) -> str:
    """`text`, cut with an ellipsis to fit `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def mention(user_id: str) -> str:
    """A user mention: only for people the app chose (lead, responders, owners, actors)."""
    return f"<@{user_id}>"


def mentions(user_ids: tuple[str, ...] | list[str], *, empty: str = "nobody yet") -> str:
    """Mentions joined by commas."""
    return ", ".join(mention(user) for user in user_ids) or empty


def utc_text(moment: datetime) -> str:
    """A time as plain UTC text, e.g. '2026-11-25 09:00 UTC'."""
    return f"{as_utc(moment):%Y-%m-%d %H:%M} UTC"


def local_time(moment: datetime) -> str:
    """A time each reader sees in their own Slack timezone (with a UTC fallback)."""
    return f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} {{time}}|{utc_text(moment)}>"


def direction_text(direction: Direction) -> str:
    """The impact direction with its icon."""
    return f"{DIRECTION_ICONS[direction]} {direction.label}"


def escape(text: str) -> str:
    """Escape what a person typed: `&`, `<`, `>` per Slack, so no typed text becomes a ping."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_clip(text: str, limit: int) -> str:
    """Escaped `text` that fits `limit` characters once escaped (never a broken entity)."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    cut = min(len(text), limit)
    while cut > 0 and len(escape(text[:cut].rstrip())) + 1 > limit:
        cut -= 1
    return escape(text[:cut].rstrip()) + "…"


def message_link(permalink: str | None, channel_id: str) -> str:
    """'this message' linked to its permalink (or 'a message'), and its channel."""
    message = f"<{permalink}|this message>" if permalink else "a message"
    return f"{message} in <#{channel_id}>"
