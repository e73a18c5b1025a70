"""Finding a delivery in Slack by the idempotency key its message carries in metadata."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient

REMINDER_EVENT = "crisis_desk_reminder"
OUTBOX_EVENT = "crisis_desk_outbox"
EVENT_TYPES = {REMINDER_EVENT, OUTBOX_EVENT}
# Looked back this much further than the attempt's start, for clock skew between us and Slack.
HISTORY_SLACK = timedelta(minutes=2)
HISTORY_PAGES = 50  # of 200 messages each


def delivery_metadata(event_type: str, key: str) -> dict[str, Any]:
    """The message metadata that marks a message as the delivery `key`."""
    return {"event_type": event_type, "event_payload": {"delivery": key}}


def carries(message: dict[str, Any], key: str) -> bool:
    """True if this Slack message is the delivery `key`."""
    metadata = message.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    return bool(metadata.get("event_type") in EVENT_TYPES and payload.get("delivery") == key)


def find_delivery(
    client: WebClient, channel: str, key: str, since: datetime, thread_ts: str | None = None
) -> dict[str, Any] | None:
    """The message in `channel` (in the thread `thread_ts`, if given) that carries `key`,
    posted since `since` (None: not there)."""
    # A dead owner's attempt may be old (the app was down) and the channel busy since:
    # read every page back to the attempt's start, not just the newest messages.
    cursor: str | None = None
    for _ in range(HISTORY_PAGES):
        oldest = f"{(since - HISTORY_SLACK).timestamp():.6f}"
        if thread_ts:
            history = client.conversations_replies(
                channel=channel,
                ts=thread_ts,
                oldest=oldest,
                include_all_metadata=True,
                limit=200,
                cursor=cursor,
            )
        else:
            history = client.conversations_history(
                channel=channel, oldest=oldest, include_all_metadata=True, limit=200, cursor=cursor
            )
        for message in history.get("messages") or []:
            if carries(message, key):
                return dict(message)
        cursor = (history.get("response_metadata") or {}).get("next_cursor") or None
        if cursor is None:
            return None
    return None  # beyond 10,000 messages: rather post again than lose the message
