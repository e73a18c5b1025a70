"""What the fake Slack workspace holds: users, channels, messages, views, files, recorded calls."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Args = dict[str, Any]
Answer = dict[str, Any]


class SlackError(Exception):
    """An `ok: false` answer with Slack's error code (and optional extra fields)."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


@dataclass
class Call:
    """One request the fake received, and what it answered."""

    method: str
    args: dict[str, Any]
    status: int
    response: dict[str, Any]
    content_type: str
    at: float = 0.0  # wall-clock time the fake received the call
    team: str | None = None  # the workspace the call's token acts in

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.response.get("ok"))


@dataclass
class Message:
    """A message as Slack stores it."""

    ts: str
    channel: str
    user: str
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    metadata: dict[str, Any] | None = None
    thread_ts: str | None = None
    edits: int = 0
    files: list[str] = field(default_factory=list)


@dataclass
class Ephemeral:
    """An ephemeral message: only `user` saw it."""

    channel: str
    user: str
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    ts: str = ""
    thread_ts: str | None = None


@dataclass
class Scheduled:
    """A message queued by chat.scheduleMessage (the fake never posts it)."""

    id: str
    channel: str
    post_at: int
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    scheduled_at: float = 0.0


@dataclass
class Channel:
    """A conversation."""

    id: str
    name: str
    is_private: bool = False
    is_im: bool = False
    members: set[str] = field(default_factory=set)
    topic: str = ""
    purpose: str = ""
    pins: list[str] = field(default_factory=list)
    archived: bool = False
    created_by: str = ""
    bookmarks: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class StoredFile:
    """A file uploaded through files.getUploadURLExternal + completeUploadExternal."""

    id: str
    filename: str
    length: int = 0
    content: bytes = b""
    uploaded: bool = False
    title: str = ""
    channels: list[str] = field(default_factory=list)
    completed: bool = False


@dataclass
class User:
    """A workspace member."""

    id: str
    name: str
    tz: str = "America/New_York"
    is_bot: bool = False
    deleted: bool = False

    @property
    def tz_offset(self) -> int:
        """Seconds east of UTC right now, as users.info reports it."""
        try:
            offset = datetime.now(ZoneInfo(self.tz)).utcoffset()
        except (ZoneInfoNotFoundError, ValueError):
            return 0
        return int(offset.total_seconds()) if offset is not None else 0


class Ids:
    """Slack-looking ids, and message timestamps that are unique and always increasing."""

    def __init__(self) -> None:
        self._numbers = itertools.count(1)
        self._last_micros = 0
        self._lock = threading.Lock()
        # Message timestamps follow this clock (seconds since the epoch), like Slack's real one.
        self.now: Callable[[], float] = time.time

    def new(self, prefix: str) -> str:
        return f"{prefix}{next(self._numbers):08X}"

    def ts(self) -> str:
        with self._lock:
            micros = max(int(self.now() * 1_000_000), self._last_micros + 1)
            self._last_micros = micros
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"
