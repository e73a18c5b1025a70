"""`/crisis review move <when>`: the lead reschedules the review, its nudges and its invite."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bot.crisis.rules import Act
from bot.durations import parse_duration
from bot.services import Services
from handlers.router import Invocation
from handlers.text import local_time

USAGE = (
    "Say when the review moves to: `/crisis review move 2026-12-02 15:00` (UTC) "
    "or a delay from now, like `/crisis review move 2d`."
)


_WHEN = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})(?:\s*UTC)?$", re.IGNORECASE)


def parse_review_time(text: str, *, now: datetime) -> datetime:
    """'2026-12-02 15:00' (UTC) or a delay from now like '2d' or '4h'; ValueError otherwise."""
    text = text.strip()
    match = _WHEN.match(text)
    if match is not None:
        moment = datetime.strptime(f"{match.group(1)} {match.group(2)}", "%Y-%m-%d %H:%M")
        return moment.replace(tzinfo=UTC)
    try:
        return now + parse_duration(text)
    except ValueError:
        raise ValueError(
            f"I can't read {text!r} as a time: write a UTC date and time like "
            "2026-12-02 15:00, or a delay like 2d or 4h."
        ) from None


def is_move(invocation: Invocation) -> bool:
    """True for `/crisis review move ...`."""
    return invocation.args.split(maxsplit=1)[:1] == ["move"]


def move_review(invocation: Invocation, services: Services) -> None:
    """Move the review (lead only), then redraw the board and share the new invite."""
    crisis = invocation.crisis
    # Ask the rule book before reading the time, so a responder hears why whatever they typed.
    crisis.require(invocation.user_id, Act.MOVE_REVIEW)
    when = invocation.args.partition(" ")[2].strip()
    if not when:
        invocation.reply(USAGE)
        return
    try:
        to = parse_review_time(when, now=services.response.now())
    except ValueError as unreadable:
        invocation.reply(str(unreadable))
        return
    # The board, the channel and the updated invite follow through the outbox.
    services.closing.move_review(crisis.id, actor=invocation.user_id, to=to)
    invocation.reply(
        f"The review moves to {local_time(to)}. The channel gets the updated calendar invite."
    )
