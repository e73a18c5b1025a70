"""Posting reminders to Slack: throttled per channel, tagged with metadata, never twice."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.reminders.model import Nudge, Reminder
from handlers.reminders.nudges import build_reminder, reminder_text
from handlers.slack_errors import failed
from handlers.slack_history import REMINDER_EVENT, delivery_metadata, find_delivery

POST_INTERVAL = 1.0  # Slack: about one message per second per channel


class SlackReminderSender:
    """The ReminderSender port: a channel message and/or a DM per reminder."""

    def __init__(
        self,
        client: WebClient,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = client
        self._monotonic = monotonic
        self._sleep = sleep
        self._last_post: dict[str, float] = {}
        self._channel_locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)
        self._locks_lock = threading.Lock()
        self._dm_channels: dict[str, str] = {}

    def deliver(self, nudge: Nudge, *, key: str, in_doubt_since: datetime | None) -> str:
        """Post the reminder to each target that doesn't already show `key`; where it went."""
        try:
            targets = self._targets(nudge.reminder)
            for target in targets:
                if in_doubt_since is not None and find_delivery(
                    self._client, target, key, in_doubt_since
                ):
                    continue
                self._post(target, nudge, key)
        except (SlackClientError, OSError) as error:
            raise failed("send a reminder", error) from None
        return " and ".join(targets) or "nobody"

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

    def _post(self, channel: str, nudge: Nudge, key: str) -> None:
        with self._lock_for(channel):
            wait = self._last_post.get(channel, -POST_INTERVAL) + POST_INTERVAL - self._monotonic()
            if wait > 0:
                self._sleep(wait)
            self._client.chat_postMessage(
                channel=channel,
                text=reminder_text(nudge),
                blocks=build_reminder(nudge),
                metadata=delivery_metadata(REMINDER_EVENT, key),
            )
            self._last_post[channel] = self._monotonic()

    def _lock_for(self, channel: str) -> threading.Lock:
        with self._locks_lock:
            return self._channel_locks[channel]
