"""The HTTP side: a threading server on loopback that decodes Web API requests like Slack does."""

from __future__ import annotations

import base64
import contextlib
import json
import traceback
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlparse

from tests.fake_slack.faults import Reply
from tests.fake_slack.response_urls import ResponseUrls

JSON_FIELDS = ("blocks", "view", "metadata", "files", "attachments")


class Backend(Protocol):
    """What the HTTP layer needs from FakeSlack."""

    def answer(self, method: str, args: dict[str, Any], token: str | None, ctype: str) -> Reply: ...

    def upload(self, file_id: str, content: bytes) -> int: ...

    @property
    def response_urls(self) -> ResponseUrls: ...

    def calls_json(self, method: str | None = None) -> list[dict[str, Any]]: ...

    def control(self, action: str, spec: dict[str, Any]) -> dict[str, Any]: ...


class BadRequest(Exception):
    """A body Slack could not decode."""


class Server(ThreadingHTTPServer):
    """Many concurrent clients (several processes, 1000+ calls): a deep accept queue."""

    daemon_threads = True
    request_queue_size = 1024
    allow_reuse_address = True


def parse_args(query: str, body: bytes, content_type: str) -> dict[str, Any]:
    """Arguments from the query string and a form or JSON body; JSON string fields decoded."""
    args: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    if body:
        try:
            if "json" in content_type:
                decoded = json.loads(body)
                if not isinstance(decoded, dict):
                    raise BadRequest("invalid_json")
                args.update(decoded)
            else:
                args.update(parse_qsl(body.decode(), keep_blank_values=True))
        except (ValueError, UnicodeDecodeError):
            code = "invalid_json" if "json" in content_type else "invalid_form_data"
            raise BadRequest(code) from None
    for key in JSON_FIELDS:
        value = args.get(key)
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            with contextlib.suppress(ValueError):
                args[key] = json.loads(value)
    return args


def make_handler(fake: Backend) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            url = urlparse(self.path)
            query = dict(parse_qsl(url.query))
            if url.path == "/_fake/calls":
                self._json(200, fake.calls_json(query.get("method")))
            elif url.path == "/_fake/count":
                self._json(200, {"calls": len(fake.calls_json(query.get("method")))})
            else:
                self._api(b"")

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path = urlparse(self.path).path
            if path.startswith("/api/_upload/"):
                status = fake.upload(path.rsplit("/", 1)[1], body)
                self._send(status, {"Content-Type": "text/plain"}, b"OK" if status == 200 else b"")
            elif path.startswith("/_respond/"):
                status, answer = fake.response_urls.receive(path.rsplit("/", 1)[1], body)
                self._send(status, {"Content-Type": "text/plain"}, answer.encode())
            elif path.startswith("/_fake/"):
                self._control(path.removeprefix("/_fake/"), body)
            else:
                self._api(body)

        def _control(self, action: str, body: bytes) -> None:
            try:
                spec = json.loads(body or b"{}")
                self._json(200, fake.control(action, spec))
            except (ValueError, TypeError, KeyError, AttributeError) as error:
                self._json(400, {"ok": False, "error": f"{type(error).__name__}: {error}"})

        def _api(self, body: bytes) -> None:
            url = urlparse(self.path)
            method = url.path.removeprefix("/api/")
            content_type = self.headers.get("Content-Type", "")
            try:
                args = parse_args(url.query, body, content_type)
            except BadRequest as error:
                self._json(200, {"ok": False, "error": str(error)})
                return
            auth = self.headers.get("Authorization", "")
            token = args.pop("token", None)
            if auth.startswith("Bearer "):
                token = auth.removeprefix("Bearer ").strip()
            elif auth.startswith("Basic "):
                # oauth.v2.access: the client id and secret as HTTP Basic credentials.
                with contextlib.suppress(ValueError):
                    pair = base64.b64decode(auth.removeprefix("Basic ").strip()).decode()
                    args["client_id"], _, args["client_secret"] = pair.partition(":")
            try:
                reply = fake.answer(method, args, token, content_type)
            except Exception:  # a bug in the fake: make it loud, not a dropped connection
                detail = traceback.format_exc()
                reply = Reply(500, {}, {"ok": False, "error": "fake_slack_bug", "detail": detail})
            self._send(reply.status, dict(reply.headers), _encode(reply.payload))

        def _json(self, status: int, payload: Any) -> None:
            self._send(status, {}, json.dumps(payload).encode())

        def _send(self, status: int, headers: dict[str, str], payload: bytes) -> None:
            self.send_response(status)
            content_type = headers.pop("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Type", content_type)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


def _encode(payload: dict[str, Any] | bytes) -> bytes:
    return payload if isinstance(payload, bytes) else json.dumps(payload).encode()


Factory = Callable[[Backend], type[BaseHTTPRequestHandler]]
