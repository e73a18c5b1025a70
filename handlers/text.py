"""Small text helpers shared by the Block Kit builders."""

from __future__ import annotations

from datetime import datetime


def clip(text: str, limit: int) -> str:
    """`text`, cut with an ellipsis to fit `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def mention(user_id: str) -> str:
    """A user mention."""
    return f"<@{user_id}>"


def mentions(user_ids: tuple[str, ...] | list[str], *, empty: str = "nobody yet") -> str:
    """Mentions joined by commas."""
    return ", ".join(mention(user) for user in user_ids) or empty


def local_time(moment: datetime, pattern: str = "{date_short_pretty} at {time}") -> str:
    """A time each reader sees in their own Slack timezone (with a UTC fallback)."""
    fallback = moment.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(moment.timestamp())}^{pattern}|{fallback}>"


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
