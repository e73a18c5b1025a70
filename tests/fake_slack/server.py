"""A strict fake Slack Web API: a real HTTP server on loopback, driven by slack_sdk's WebClient."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse

from tests.fake_slack.state import Call, Channel, Ephemeral, Message, SlackError, StoredFile, User
from tests.fake_slack.workspace import Workspace

JSON_FIELDS = ("blocks", "view", "metadata", "files", "attachments")
DEFAULT_USERS = {f"U{n:03d}": f"Person {n}" for n in range(1, 11)}


class _Fault:
    def __init__(self, kind: str, times: int, **details: Any) -> None:
        self.kind, self.times, self.details = kind, times, details


class FakeSlack:
    """Slack's Web API for tests: records every call, enforces Slack's rules, injects faults."""

    def __init__(
        self,
        *,
        token: str = "xoxb-test-token",
        team_id: str = "T0001",
        bot_user_id: str = "UBOT",
        bot_id: str = "BBOT",
        users: dict[str, str] | None = None,
        port: int = 0,
    ) -> None:
        self.token = token
        self.lock = threading.RLock()
        self.workspace = Workspace(
            team_id=team_id, bot_user_id=bot_user_id, bot_id=bot_id, base_url=lambda: self.base_url
        )
        for user_id, name in (users or DEFAULT_USERS).items():
            self.workspace.users[user_id] = User(user_id, name)
        self.calls: list[Call] = []
        self._faults: dict[str, list[_Fault]] = {}
        self._delays: dict[str | None, float] = {}
        self._delay_after = False
        self._post_rate: float | None = None
        self._last_post: dict[str, float] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/"

    def start(self) -> FakeSlack:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-slack", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- steering ----------------------------------------------------------------------------
    def fail_next(self, method: str, *, error: str = "internal_error", times: int = 1) -> None:
        self._add_fault(method, _Fault("error", times, error=error))

    def rate_limit_next(self, method: str, *, retry_after: int = 1, times: int = 1) -> None:
        self._add_fault(method, _Fault("ratelimit", times, retry_after=retry_after))

    def server_error_next(self, method: str, *, status: int = 500, times: int = 1) -> None:
        self._add_fault(method, _Fault("server", times, status=status))

    def set_delay(self, seconds: float, method: str | None = None, *, after: bool = False) -> None:
        """Answer calls late: before doing anything, or (after=True) having done the work."""
        with self.lock:
            self._delays[method] = seconds
            self._delay_after = after

    def enforce_post_rate(self, per_channel_per_second: float = 1.0) -> None:
        with self.lock:
            self._post_rate = per_channel_per_second

    def set_clock(self, now: Callable[[], datetime]) -> None:
        """Stamp messages with this clock's time (tests move it by hand)."""
        with self.lock:
            self.workspace.ids.now = lambda: now().timestamp()

    def expire_trigger(self, trigger_id: str) -> None:
        with self.lock:
            self.workspace.expired_triggers.add(trigger_id)

    def add_user(
        self, user_id: str, name: str, tz: str = "America/New_York", is_bot: bool = False
    ) -> None:
        with self.lock:
            self.workspace.users[user_id] = User(user_id, name, tz=tz, is_bot=is_bot)

    def create_channel(
        self, name: str, members: Iterator[str] | tuple[str, ...] = (), is_private: bool = False
    ) -> str:
        with self.lock:
            return self.workspace.add_channel(name, set(members), is_private=is_private).id

    def reset(self) -> None:
        with self.lock:
            self.calls.clear()
            self._faults.clear()
            self._delays.clear()

    def _add_fault(self, method: str, fault: _Fault) -> None:
        with self.lock:
            self._faults.setdefault(method, []).append(fault)

    # -- what Slack received -------------------------------------------------------------------
    def calls_to(self, method: str, *, include_failed: bool = False) -> list[Call]:
        with self.lock:
            return [
                c
                for c in self.calls
                if c.method == method
                and (include_failed or (c.status == 200 and c.response.get("ok")))
            ]

    def channel(self, channel_id: str) -> Channel:
        with self.lock:
            return self.workspace.channels[channel_id]

    def channel_by_name(self, name: str) -> Channel | None:
        with self.lock:
            return next(
                (c for c in self.workspace.channels.values() if c.name == name and not c.is_im),
                None,
            )

    def messages(self, channel_id: str) -> list[Message]:
        with self.lock:
            return list(self.workspace.messages.get(channel_id, []))

    def ephemerals(self, channel_id: str) -> list[Ephemeral]:
        with self.lock:
            return [e for e in self.workspace.ephemerals if e.channel == channel_id]

    def dms(self, user_id: str) -> list[Message]:
        with self.lock:
            channel = next(
                (
                    c
                    for c in self.workspace.channels.values()
                    if c.is_im and c.members == {user_id, self.workspace.bot_user_id}
                ),
                None,
            )
            return [] if channel is None else list(self.workspace.messages[channel.id])

    @property
    def files(self) -> dict[str, StoredFile]:
        with self.lock:
            return dict(self.workspace.files)

    def files_in(self, channel_id: str) -> list[StoredFile]:
        with self.lock:
            return [f for f in self.workspace.files.values() if channel_id in f.channels]

    @property
    def views(self) -> dict[str, dict[str, Any]]:
        with self.lock:
            return dict(self.workspace.views)

    # -- serving -----------------------------------------------------------------------------
    def answer(
        self, method: str, args: dict[str, Any], token: str | None, content_type: str
    ) -> tuple[int, dict[str, str], bytes]:
        """Run one Web API call: faults, auth, throttles, then the method itself."""
        received = time.time()
        delay = self._delays.get(method, self._delays.get(None, 0.0))
        if delay and not self._delay_after:
            time.sleep(delay)
        with self.lock:
            status, headers, payload = self._answer_locked(method, args, token)
            response = payload if isinstance(payload, dict) else {}
            self.calls.append(Call(method, args, status, response, content_type, received))
        if delay and self._delay_after:
            time.sleep(delay)
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        return status, headers, body

    def _answer_locked(
        self, method: str, args: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, str], Any]:
        faults = self._faults.get(method) or []
        if faults:
            fault = faults[0]
            fault.times -= 1
            if fault.times <= 0:
                faults.pop(0)
            if fault.kind == "ratelimit":
                retry = str(fault.details["retry_after"])
                return 429, {"Retry-After": retry}, {"ok": False, "error": "ratelimited"}
            if fault.kind == "server":
                return (
                    fault.details["status"],
                    {"Content-Type": "text/html"},
                    b"<html>upstream error</html>",
                )
            return 200, {}, {"ok": False, "error": fault.details["error"]}
        if token is None:
            return 200, {}, {"ok": False, "error": "not_authed"}
        if token != self.token:
            return 200, {}, {"ok": False, "error": "invalid_auth"}
        if method == "chat.postMessage" and self._post_rate:
            channel, now = str(args.get("channel")), time.monotonic()
            if now - self._last_post.get(channel, -1e9) < 1 / self._post_rate:
                return 429, {"Retry-After": "1"}, {"ok": False, "error": "ratelimited"}
            self._last_post[channel] = now
        handler = self.workspace.methods().get(method)
        if handler is None:
            return 200, {}, {"ok": False, "error": "unknown_method"}
        try:
            return 200, {}, {"ok": True, **handler(args)}
        except SlackError as error:
            return 200, {}, {"ok": False, "error": error.error, **error.extra}

    def upload(self, file_id: str, content: bytes) -> int:
        with self.lock:
            stored = self.workspace.files.get(file_id)
            if stored is None:
                return 404
            stored.content = content
            return 200

    def calls_json(self, method: str | None = None) -> list[dict[str, Any]]:
        """The recorded calls (of one method, if given) as JSON-ready dicts."""
        with self.lock:
            return [
                {
                    "method": c.method,
                    "args": c.args,
                    "status": c.status,
                    "response": c.response,
                    "at": c.at,
                }
                for c in self.calls
                if method is None or c.method == method
            ]


def parse_args(query: str, body: bytes, content_type: str) -> dict[str, Any]:
    """Arguments from the query string and a form or JSON body; JSON-looking fields decoded."""
    args: dict[str, Any] = dict(parse_qsl(query))
    if body:
        if "json" in content_type:
            args.update(json.loads(body))
        else:
            args.update(parse_qsl(body.decode()))
    for key in JSON_FIELDS:
        value = args.get(key)
        if isinstance(value, str) and value[:1] in "[{":
            with contextlib.suppress(ValueError):
                args[key] = json.loads(value)
    return args


def _handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            if self.path.startswith("/_fake/count"):
                with fake.lock:
                    count = len(fake.calls)
                self._send(200, {}, json.dumps({"calls": count}).encode())
            elif self.path.startswith("/_fake/calls"):
                method = dict(parse_qsl(urlparse(self.path).query)).get("method")
                self._send(200, {}, json.dumps(fake.calls_json(method)).encode())
            else:
                self._api(b"")

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path = urlparse(self.path).path
            if path.startswith("/api/_upload/"):
                self._send(fake.upload(path.rsplit("/", 1)[1], body), {}, b"OK")
            elif path == "/_fake/fault":
                spec = json.loads(body)
                getattr(fake, spec.pop("kind"))(spec.pop("method"), **spec)
                self._send(200, {}, b"{}")
            else:
                self._api(body)

        def _api(self, body: bytes) -> None:
            url = urlparse(self.path)
            method = url.path.removeprefix("/api/")
            content_type = self.headers.get("Content-Type", "")
            args = parse_args(url.query, body, content_type)
            auth = self.headers.get("Authorization", "")
            token = (
                auth.removeprefix("Bearer ")
                if auth.startswith("Bearer ")
                else args.pop("token", None)
            )
            status, headers, payload = fake.answer(method, args, token, content_type)
            self._send(status, headers, payload)

        def _send(self, status: int, headers: dict[str, str], payload: bytes) -> None:
            self.send_response(status)
            self.send_header(
                "Content-Type", headers.pop("Content-Type", "application/json; charset=utf-8")
            )
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler
