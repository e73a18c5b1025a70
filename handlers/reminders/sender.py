"""Posting reminders to Slack: throttled per channel, tagged with metadata, never twice."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    MarkdownTextObject,
    SectionBlock,
)

from bot.reminders.model import Reminder, ReminderKind
from handlers.ids import Action
from handlers.slack_errors import failed
from handlers.text import clip

EVENT_TYPE = "crisis_desk_reminder"
POST_INTERVAL = 1.0  # Slack: about one message per second per channel
# Looked back this much further than the attempt's start, for clock skew between us and Slack.
HISTORY_SLACK = timedelta(minutes=2)
HISTORY_PAGES = 50  # of 200 messages each
OPENS_A_STEP = {ReminderKind.STEP_OVERDUE, ReminderKind.REVIEW_DUE}


class SlackReminderSender:
    """The ReminderSender port: a channel message and/or a DM per reminder."""

    def __init__(
        self, client: WebClient, *, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._client = client
        self._monotonic = monotonic
        self._last_post: dict[str, float] = {}
        self._channel_locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)
        self._locks_lock = threading.Lock()
        self._dm_channels: dict[str, str] = {}

    def deliver(self, reminder: Reminder, *, key: str, in_doubt_since: datetime | None) -> None:
        """Post the reminder to each target that doesn't already show `key`."""
        try:
            for target in self._targets(reminder):
                if in_doubt_since is not None and self._already_posted(target, key, in_doubt_since):
                    continue
                self._post(target, reminder, key)
        except (SlackClientError, OSError) as error:
            raise failed("send a reminder", error) from None

    def _targets(self, reminder: Reminder) -> list[str]:
        targets = [reminder.spec.channel_id] if reminder.spec.channel_id else []
        if reminder.spec.user_id:
            targets.append(self._dm_channel(reminder.spec.user_id))
        return targets

    def _dm_channel(self, user_id: str) -> str:
        if user_id not in self._dm_channels:
            opened = self._client.conversations_open(users=[user_id])
            self._dm_channels[user_id] = str(opened["channel"]["id"])
        return self._dm_channels[user_id]

    def _already_posted(self, channel: str, key: str, since: datetime) -> bool:
        # A dead owner's attempt may be old (the app was down) and the channel busy since:
        # read every page back to the attempt's start, not just the newest messages.
        cursor: str | None = None
        for _ in range(HISTORY_PAGES):
            history = self._client.conversations_history(
                channel=channel,
                oldest=f"{(since - HISTORY_SLACK).timestamp():.6f}",
                include_all_metadata=True,
                limit=200,
                cursor=cursor,
            )
            if any(carries(message, key) for message in history.get("messages") or []):
                return True
            cursor = (history.get("response_metadata") or {}).get("next_cursor") or None
            if cursor is None:
                return False
        return False  # beyond 10,000 messages: rather post again than lose the reminder

    def _post(self, channel: str, reminder: Reminder, key: str) -> None:
        with self._lock_for(channel):
            wait = self._last_post.get(channel, -POST_INTERVAL) + POST_INTERVAL - self._monotonic()
            if wait > 0:
                time.sleep(wait)
            self._client.chat_postMessage(
                channel=channel,
                text=reminder.spec.text,
                blocks=build_reminder(reminder),
                metadata={"event_type": EVENT_TYPE, "event_payload": {"delivery": key}},
            )
            self._last_post[channel] = self._monotonic()

    def _lock_for(self, channel: str) -> threading.Lock:
        with self._locks_lock:
            return self._channel_locks[channel]


def carries(message: dict[str, Any], key: str) -> bool:
    """True if this Slack message is the reminder delivery `key`."""
    metadata = message.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    return bool(metadata.get("event_type") == EVENT_TYPE and payload.get("delivery") == key)


def build_reminder(reminder: Reminder) -> list[Block]:
    """The reminder's text with its buttons: open the step (if any), snooze."""
    buttons: list[Any] = []
    if reminder.spec.kind in OPENS_A_STEP:
        buttons.append(
            ButtonElement(
                text="Open step",
                action_id=Action.OPEN_STEP,
                value=f"{reminder.spec.crisis_id}:{reminder.spec.subject}",
                style="primary",
            )
        )
    buttons += [
        ButtonElement(text="Snooze 30 min", action_id=Action.SNOOZE_30, value=str(reminder.id)),
        ButtonElement(text="Snooze 2 h", action_id=Action.SNOOZE_120, value=str(reminder.id)),
    ]
    return [
        SectionBlock(text=MarkdownTextObject(text=clip(reminder.spec.text, 3000))),
        ActionsBlock(elements=buttons),
    ]
