"""FakeSlack: the strict fake Web API's public face (lifecycle, steering, inspection)."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from tests.fake_slack import methods_chat, methods_conversations, methods_other, methods_views
from tests.fake_slack.control import control
from tests.fake_slack.faults import Fault, Faults, Hold, Reply
from tests.fake_slack.inspection import Inspection
from tests.fake_slack.installs import Installing, Installs
from tests.fake_slack.response_urls import ResponseUrls
from tests.fake_slack.server import Server, make_handler
from tests.fake_slack.socket_mode import SocketModeServer
from tests.fake_slack.state import (
    Answer,
    Args,
    Call,
    Message,
    SlackError,
    User,
)
from tests.fake_slack.workspace import Workspace

DEFAULT_USERS = {f"U{n:03d}": f"Person {n}" for n in range(1, 11)}
METHODS: dict[str, Callable[[Workspace, Args], Answer]] = {
    **methods_conversations.METHODS,
    **methods_chat.METHODS,
    **methods_views.METHODS,
    **methods_other.METHODS,
}


class FakeSlack(Inspection, Installing):
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
        for user_id, name in (DEFAULT_USERS if users is None else users).items():
            self.workspace.users[user_id] = User(user_id, name)
        # Every workspace the app can be installed in; ids are unique across all of them.
        self.workspaces: dict[str, Workspace] = {team_id: self.workspace}
        self.installs = Installs()
        self.installs.tokens[token] = team_id
        self._calls: list[Call] = []
        self.response_urls = ResponseUrls(lambda: f"http://127.0.0.1:{self.port}/")
        self._faults = Faults()
        self._holds: dict[str, Hold] = {}
        self._socket_mode: tuple[str, SocketModeServer] | None = None
        self._server = Server(("127.0.0.1", port), make_handler(self))
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/"

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> FakeSlack:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="fake-slack",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        for hold in self._holds.values():
            hold.release()
        if self._socket_mode is not None:
            self._socket_mode[1].stop()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- steering ----------------------------------------------------------------------------
    def fail_next(self, method: str, *, error: str = "internal_error", times: int = 1) -> None:
        """The next `times` calls of `method` answer {"ok": false, "error": error}."""
        with self.lock:
            self._faults.add(method, Fault("error", times, {"error": error}))

    def rate_limit_next(self, method: str, *, retry_after: int = 1, times: int = 1) -> None:
        """The next `times` calls answer HTTP 429 with Retry-After and error "ratelimited"."""
        with self.lock:
            self._faults.add(method, Fault("ratelimit", times, {"retry_after": retry_after}))

    def server_error_next(self, method: str, *, status: int = 500, times: int = 1) -> None:
        """The next `times` calls answer HTTP `status` with an HTML (non-JSON) body."""
        with self.lock:
            self._faults.add(method, Fault("server", times, {"status": status}))

    def fail_randomly(self, fraction: float, *, status: int = 500, seed: int = 1) -> None:
        """A `fraction` of all calls (seeded, so runs repeat) answer HTTP `status` without
        doing anything; 0 turns it off."""
        with self.lock:
            self._faults.random_failures = (
                (fraction, status, random.Random(seed)) if fraction > 0 else None
            )

    def rate_limit_channel(self, channel: str, *, retry_after: int = 30, times: int = 1) -> None:
        """The next `times` chat.postMessage calls to `channel` (a channel id, or a user id for
        their DM) answer 429 with Retry-After, like Slack's per-channel limit."""
        with self.lock:
            target = self.workspace.im(channel).id if channel in self.workspace.users else channel
            self._faults.channel_limits[target] = Fault(
                "ratelimit", times, {"retry_after": retry_after}
            )

    def set_delay(self, seconds: float, method: str | None = None, *, after: bool = False) -> None:
        """Answer every call (or `method`'s) `seconds` late: before doing the work, or
        (after=True) having done it, like a slow network on the way back. 0 clears it."""
        with self.lock:
            self._faults.set_delay(seconds, method, after)

    def enable_socket_mode(self, app_token: str = "xapp-1-A0001-test") -> SocketModeServer:
        """Accept `app_token` at apps.connections.open and serve Socket Mode on loopback."""
        with self.lock:
            if self._socket_mode is None:
                self._socket_mode = (app_token, SocketModeServer().start())
            return self._socket_mode[1]

    def hold(self, method: str) -> Hold:
        """Calls of `method` wait until the returned Hold is released (so a test can act while
        one is in progress: `hold.arrived` is set when the first one comes in)."""
        with self.lock:
            return self._holds.setdefault(method, Hold())

    def enforce_post_rate(self, per_channel_per_second: float = 1.0) -> None:
        """chat.postMessage answers 429 (Retry-After: 1) to a channel's messages coming faster
        than this; 0 turns the throttle off."""
        with self.lock:
            rate = per_channel_per_second
            self._faults.post_interval = 1.0 / rate if rate > 0 else None

    def set_clock(self, now: Callable[[], datetime]) -> None:
        """Stamp messages (and judge post_at) with this clock's time (tests move it by hand)."""
        with self.lock:
            self.workspace.ids.now = lambda: now().timestamp()

    def expire_trigger(self, trigger_id: str) -> None:
        """views.open / views.push with this trigger_id answer expired_trigger_id."""
        with self.lock:
            self.workspace.expired_triggers.add(trigger_id)

    def add_user(
        self,
        user_id: str,
        name: str,
        tz: str = "America/New_York",
        is_bot: bool = False,
        deleted: bool = False,
    ) -> None:
        """A member; a `deleted` one is deactivated (users.info: deleted: true)."""
        with self.lock:
            self.workspace.users[user_id] = User(
                user_id, name, tz=tz, is_bot=is_bot, deleted=deleted
            )

    def create_channel(
        self,
        name: str,
        members: Iterable[str] = (),
        is_private: bool = False,
        *,
        team_id: str | None = None,
    ) -> str:
        """A channel that already exists (created by someone else); returns its id."""
        with self.lock:
            ws = self.workspaces[team_id] if team_id else self.workspace
            return ws.add_channel(name, set(members), is_private=is_private).id

    def add_message(
        self, channel_id: str, user: str, text: str, *, thread_ts: str | None = None
    ) -> str:
        """A message someone else posted (the bot cannot update or delete it); returns its ts."""
        with self.lock:
            ws = self.where(channel_id)
            message = Message(ws.ids.ts(), channel_id, user, text, thread_ts=thread_ts)
            ws.messages[channel_id].append(message)
            return message.ts

    def reset(self, *, drop_channels: bool = False) -> None:
        """Forget calls, faults, delays and the throttle; keep users (and channels unless asked)."""
        with self.lock:
            self._calls.clear()
            self._faults.clear()
            if drop_channels:
                ws = self.workspace
                for store in (ws.channels, ws.messages, ws.views, ws.stacks, ws.home_views):
                    store.clear()
                ws.ephemerals.clear()
                ws.scheduled.clear()

    # -- serving (called by the HTTP layer) ----------------------------------------------------
    def answer(self, method: str, args: dict[str, Any], token: str | None, ctype: str) -> Reply:
        """Run one Web API call: faults, auth, throttles, then the method itself."""
        received = time.time()
        with self.lock:
            delay, after = self._faults.delay_for(method)
            hold = self._holds.get(method)
        if hold is not None:
            hold.wait()
        if delay and not after:
            time.sleep(delay)
        with self.lock:
            reply = self._answer_locked(method, args, token)
            team = self.installs.tokens.get(token or "")
            self._calls.append(
                Call(method, args, reply.status, reply.response, ctype, received, team)
            )
        if delay and after:
            time.sleep(delay)
        return reply

    def _answer_locked(self, method: str, args: dict[str, Any], token: str | None) -> Reply:
        fault = self._faults.take(method)
        if fault is not None:
            return fault
        if method == "oauth.v2.access":
            return self._exchange(args)
        if not token:
            return Reply(200, {}, {"ok": False, "error": "not_authed"})
        if method == "apps.connections.open":
            return self._open_connection(token)
        try:
            team = self.installs.team_of(token)
        except SlackError as error:
            return Reply(200, {}, {"ok": False, "error": error.error})
        handler = METHODS.get(method)
        if handler is None:
            return Reply(200, {}, {"ok": False, "error": "unknown_method"})
        if method == "chat.postMessage":
            limited = self._faults.channel_limited(self._post_target(args))
            if limited is not None:
                return limited
        throttle_key = self._throttle_key(method, args)
        if throttle_key is not None:
            throttled = self._faults.throttled(throttle_key)
            if throttled is not None:
                return throttled
        try:
            answer = handler(self.workspaces[team], args)
        except SlackError as error:
            return Reply(200, {}, {"ok": False, "error": error.error, **error.extra})
        if throttle_key is not None:
            self._faults.posted(str(answer.get("channel", throttle_key)))
        return Reply(200, {}, {"ok": True, **answer})

    def _open_connection(self, token: str) -> Reply:
        # Only an app-level token opens Socket Mode; Slack refuses a bot token by its type.
        if self._socket_mode is not None and token == self._socket_mode[0]:
            return Reply(200, {}, {"ok": True, "url": self._socket_mode[1].url})
        error = "not_allowed_token_type" if token.startswith("xoxb-") else "invalid_auth"
        return Reply(200, {}, {"ok": False, "error": error})

    def _exchange(self, args: dict[str, Any]) -> Reply:
        try:
            answer = self.installs.exchange(args, self.workspaces)
        except SlackError as error:
            return Reply(200, {}, {"ok": False, "error": error.error})
        return Reply(200, {}, {"ok": True, **answer})

    def _post_target(self, args: dict[str, Any]) -> str:
        target = str(args.get("channel") or "")
        ws = self.workspace
        if target in ws.users and target != ws.bot_user_id:
            return ws.im(target).id
        return target

    def _throttle_key(self, method: str, args: dict[str, Any]) -> str | None:
        if method != "chat.postMessage" or not self._faults.post_interval:
            return None
        return self._post_target(args)

    def upload(self, file_id: str, content: bytes) -> int:
        """The upload URL from files.getUploadURLExternal receiving the file's bytes."""
        with self.lock:
            owner = next((ws for ws in self.workspaces.values() if file_id in ws.files), None)
            stored = None if owner is None else owner.files.get(file_id)
            if stored is None or stored.completed:
                return 404
            stored.content, stored.uploaded = content, True
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
                    "content_type": c.content_type,
                    "at": c.at,
                }
                for c in self._calls
                if method is None or c.method == method
            ]

    def control(self, action: str, spec: dict[str, Any]) -> dict[str, Any]:
        """POST /_fake/<action>: steer a fake running in another process."""
        return control(self, action, spec)
