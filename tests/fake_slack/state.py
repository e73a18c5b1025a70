"""What the fake Slack workspace holds: users, channels, messages, views, files, recorded calls."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


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


@dataclass
class Ephemeral:
    """An ephemeral message: only `user` saw it."""

    channel: str
    user: str
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)


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


@dataclass
class StoredFile:
    """A file uploaded through files.getUploadURLExternal + completeUploadExternal."""

    id: str
    filename: str
    content: bytes = b""
    title: str = ""
    channels: list[str] = field(default_factory=list)
    completed: bool = False


@dataclass
class User:
    """A workspace member."""

    id: str
    name: str
    tz: str = "America/New_York"
    tz_offset: int = -18000
    is_bot: bool = False


class Ids:
    """Slack-looking ids and timestamps."""

    def __init__(self) -> None:
        self._numbers = itertools.count(1)
        self._ts = itertools.count(1)
        # Message timestamps follow this clock (seconds since the epoch), like Slack's real one.
        self.now: Callable[[], float] = time.time

    def new(self, prefix: str) -> str:
        return f"{prefix}{next(self._numbers):08X}"

    def ts(self) -> str:
        return f"{int(self.now())}.{next(self._ts) % 1_000_000:06d}"
