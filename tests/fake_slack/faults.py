"""Injected trouble: error answers, 429s, 5xx pages, slow answers, a per-channel post throttle."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any

RATELIMITED = {"ok": False, "error": "ratelimited"}
SERVER_ERROR_PAGE = b"<html><body><h1>Service Unavailable</h1></body></html>"


@dataclass
class Fault:
    kind: str  # "error" | "ratelimit" | "server"
    times: int
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Hold:
    """Calls of one method wait here until the test releases them (never longer than `limit`)."""

    arrived: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    limit: float = 60.0

    def wait(self) -> None:
        self.arrived.set()
        self.released.wait(self.limit)

    def release(self) -> None:
        self.released.set()


@dataclass
class Reply:
    """What the HTTP layer sends: a status, extra headers, and a JSON object or raw bytes."""

    status: int
    headers: dict[str, str]
    payload: dict[str, Any] | bytes

    @property
    def response(self) -> dict[str, Any]:
        return self.payload if isinstance(self.payload, dict) else {}


class Faults:
    """Per-method queues of faults, delays and the optional posting throttle (callers lock)."""

    def __init__(self) -> None:
        self.queues: dict[str, list[Fault]] = {}
        self.delays: dict[str | None, tuple[float, bool]] = {}
        self.post_interval: float | None = None
        self.last_post: dict[str, float] = {}
        self.channel_limits: dict[str, Fault] = {}
        self.random_failures: tuple[float, int, random.Random] | None = None

    def clear(self) -> None:
        self.random_failures = None
        self.channel_limits.clear()
        self.queues.clear()
        self.delays.clear()
        self.post_interval = None
        self.last_post.clear()

    def add(self, method: str, fault: Fault) -> None:
        if fault.times > 0:
            self.queues.setdefault(method, []).append(fault)

    def set_delay(self, seconds: float, method: str | None, after: bool) -> None:
        if seconds > 0:
            self.delays[method] = (seconds, after)
        else:
            self.delays.pop(method, None)

    def delay_for(self, method: str) -> tuple[float, bool]:
        return self.delays.get(method) or self.delays.get(None) or (0.0, False)

    def take(self, method: str) -> Reply | None:
        """The next injected fault for this method, if any (it is used up)."""
        if self.random_failures is not None:
            fraction, status, chance = self.random_failures
            if chance.random() < fraction:
                return Reply(status, {"Content-Type": "text/html"}, SERVER_ERROR_PAGE)
        queue = self.queues.get(method)
        if not queue:
            return None
        fault = queue[0]
        fault.times -= 1
        if fault.times <= 0:
            queue.pop(0)
        if fault.kind == "ratelimit":
            retry = str(fault.details.get("retry_after", 1))
            return Reply(429, {"Retry-After": retry}, dict(RATELIMITED))
        if fault.kind == "server":
            status = int(fault.details.get("status", 500))
            return Reply(status, {"Content-Type": "text/html"}, SERVER_ERROR_PAGE)
        return Reply(200, {}, {"ok": False, "error": str(fault.details.get("error"))})

    def channel_limited(self, channel_id: str) -> Reply | None:
        """A 429 for a post to a channel that was told to be rate-limited (used up per call)."""
        fault = self.channel_limits.get(channel_id)
        if fault is None:
            return None
        fault.times -= 1
        if fault.times <= 0:
            del self.channel_limits[channel_id]
        retry = str(fault.details.get("retry_after", 1))
        return Reply(429, {"Retry-After": retry}, dict(RATELIMITED))

    def throttled(self, channel_id: str) -> Reply | None:
        """A 429 when this channel got a message less than the allowed interval ago."""
        if not self.post_interval:
            return None
        last = self.last_post.get(channel_id)
        if last is not None and time.monotonic() - last < self.post_interval:
            return Reply(429, {"Retry-After": "1"}, dict(RATELIMITED))
        return None

    def posted(self, channel_id: str) -> None:
        if self.post_interval:
            self.last_post[channel_id] = time.monotonic()
