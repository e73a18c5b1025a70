"""The real Crisis Desk app, served over HTTP on loopback and pointed at the fake Slack."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from app import build_runtime
from bot.crisis.playbook import load_playbook
from bot.settings import Settings
from handlers.runtime import Runtime
from handlers.starting import create_http_server
from tests.fake_slack import FakeSlack
from tests.slack_requests import SlackSender

SIGNING_SECRET = "test-signing-secret"
T = TypeVar("T")


class TestClock:
    """A clock the test moves by hand (the app's injected clock)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self.now

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self.now += delta


class TestSleep:
    """The app's injected sleep: records how long it was asked to wait, and returns at once."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@dataclass
class Harness:
    """One running app, its fake Slack, and a sender of signed requests."""

    runtime: Runtime
    fake: FakeSlack
    sender: SlackSender
    clock: TestClock
    server: Any
    thread: threading.Thread
    stopping: threading.Event
    sleep: TestSleep

    def settle(self) -> None:
        """Wait until the app has finished everything it accepted (no timing asserted)."""
        assert self.runtime.drain(timeout=60), "the app did not finish its work within 60 s"

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=10)
        self.server.task_dispatcher.shutdown()
        self.server.close()
        self.runtime.close()


def start_harness(database_url: str, fake: FakeSlack, **overrides: Any) -> Harness:
    """Build the app exactly as app.py does, then serve it on a free loopback port."""
    clock = overrides.pop("clock", None) or TestClock()
    sleep = TestSleep()
    fake.set_clock(clock)
    settings = replace(
        Settings(
            slack_bot_token=fake.token,
            slack_signing_secret=SIGNING_SECRET,
            slack_api_url=fake.base_url,
            database_url=database_url,
            port=0,
            http_threads=8,
        ),
        **overrides,
    )
    runtime = build_runtime(
        settings, load_playbook(settings.playbook_path), clock=clock, sleep=sleep, home_debounce=0.0
    )
    server = create_http_server(runtime, host="127.0.0.1", port=0)
    stopping = threading.Event()

    def serve() -> None:
        # waitress's loop in short slices, so stop() never closes a socket under select().
        while not stopping.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)

    thread = threading.Thread(target=serve, name="waitress", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.effective_port}/slack/events"
    sender = SlackSender(url, SIGNING_SECRET, response_urls=fake.response_urls.mint)
    return Harness(runtime, fake, sender, clock, server, thread, stopping, sleep)


def eventually(probe: Callable[[], T | None], *, timeout: float = 30.0) -> T:
    """Poll `probe` until it returns something truthy (a condition, never a duration)."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("the condition never became true")
        time.sleep(0.02)
