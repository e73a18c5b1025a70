"""The HTTP door: Slack's signature is checked on the raw bytes before anything is parsed.

Bolt's WSGI adapter decodes and parses the body before its signature middleware runs, so an
unsigned request with non-UTF-8 bytes or broken JSON ended as a 500 with a traceback. Here an
unsigned request gets 401 without being read further, and a signed but malformed one gets 400.
This is the only HTTP door to the Bolt app, so Bolt's own signature middleware is turned off
(build_app): each request is verified and parsed once. Socket Mode requests are not signed.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Iterable, Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

logger = logging.getLogger(__name__)

PATH = "/slack/events"
# Slack's largest payloads (a full modal's state) are far below this.
MAX_BODY_BYTES = 4 * 1024 * 1024
INTERACTIVE = {
    "block_actions",
    "block_suggestion",
    "view_submission",
    "view_closed",
    "shortcut",
    "message_action",
}
NO_TEAM_NEEDED = {"url_verification", "ssl_check"}
# Slack's rule: a request signed more than five minutes ago may be a replay.
MAX_AGE_SECONDS = 5 * 60


class Refused(Exception):
    """A request the gate answers itself (status and a short plain-text reason)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class SlackHttpGate:
    """A WSGI app: verify, parse and shape-check, then let Bolt dispatch."""

    def __init__(self, app: App, signing_secret: str) -> None:
        self._app = app
        self._secret = signing_secret.encode()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        oauth = self._oauth_page(environ)
        if oauth is not None:
            return _answer(start_response, oauth)
        if environ.get("REQUEST_METHOD") != "POST" or environ.get("PATH_INFO") != PATH:
            return _plain(start_response, 404, "Not Found")
        try:
            request = self._read(environ)
        except Refused as refused:
            logger.info("refused a request to %s: %s", PATH, refused.reason)
            return _plain(start_response, refused.status, refused.reason)
        return _answer(start_response, self._app.dispatch(request))

    def _oauth_page(self, environ: WSGIEnvironment) -> BoltResponse | None:
        """Distributed: the install page and Slack's redirect back (browsers, not Slack, so
        unsigned; Bolt's OAuth flow checks the state cookie instead)."""
        flow = self._app.oauth_flow
        path = environ.get("PATH_INFO")
        if flow is None or environ.get("REQUEST_METHOD") != "GET":
            return None
        if path not in (flow.install_path, flow.redirect_uri_path):
            return None
        query = str(environ.get("QUERY_STRING", ""))
        request = BoltRequest(body="", query=query, headers=_headers(environ))
        if path == flow.install_path:
            return flow.handle_installation(request)
        return flow.handle_callback(request)

    def _read(self, environ: WSGIEnvironment) -> BoltRequest:
        raw = _raw_body(environ)
        headers = _headers(environ)
        headers["content-type"] = str(environ.get("CONTENT_TYPE", ""))
        timestamp = str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""))
        signature = str(environ.get("HTTP_X_SLACK_SIGNATURE", ""))
        if not is_signed(self._secret, raw, timestamp, signature, now=time.time()):
            raise Refused(401, "invalid request signature")
        try:
            # Bolt parses the body once, here; its own signature check is off (see build_app).
            request = BoltRequest(
                body=raw.decode("utf-8"),
                query=str(environ.get("QUERY_STRING", "")),
                headers=headers,
            )
            check_shape(request.body)
            return request
        except Refused:
            raise
        except (ValueError, TypeError, AttributeError, KeyError, IndexError) as problem:
            raise Refused(400, f"malformed request body ({type(problem).__name__})") from None


def signature_for(secret: bytes, timestamp: str, body: bytes) -> str:
    """Slack's v0 signature of `body` (bytes: slack_sdk's verifier needs UTF-8 text)."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret, base, hashlib.sha256).hexdigest()


def is_signed(secret: bytes, body: bytes, timestamp: str, signature: str, *, now: float) -> bool:
    """True when `signature` is Slack's for `body`, signed within the last five minutes."""
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return False
    if abs(now - int(timestamp)) > MAX_AGE_SECONDS:
        return False
    return hmac.compare_digest(signature_for(secret, timestamp, body), signature)


def check_shape(body: Any) -> None:
    """Refuse a signed body Bolt's listeners could not route (Refused with 400)."""
    if not isinstance(body, dict):
        raise Refused(400, "the body is not a JSON object")
    kind = body.get("type")
    if kind in NO_TEAM_NEEDED or "ssl_check" in body:
        return
    if kind in INTERACTIVE:
        _check_interaction(body, kind)
    elif kind == "event_callback":
        event = body.get("event")
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            raise Refused(400, "an event without a type")
    elif not isinstance(body.get("command"), str):
        raise Refused(400, "not a Slack command, event or interaction")
    team = body.get("team")
    team_id = team.get("id") if isinstance(team, dict) else body.get("team_id")
    if not isinstance(team_id, str) or not team_id:
        raise Refused(400, "the request names no workspace")


def _check_interaction(body: dict[str, Any], kind: str) -> None:
    user = body.get("user")
    if not isinstance(user, dict) or not isinstance(user.get("id"), str):
        raise Refused(400, "an interaction without a user")
    if kind == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions:
            raise Refused(400, "block_actions without actions")
        if not all(isinstance(a, dict) and isinstance(a.get("action_id"), str) for a in actions):
            raise Refused(400, "an action without an action_id")
    elif kind in ("view_submission", "view_closed"):
        view = body.get("view")
        if not isinstance(view, dict) or not isinstance(view.get("callback_id"), str):
            raise Refused(400, "a view without a callback_id")
    elif kind == "block_suggestion":
        if not isinstance(body.get("action_id"), str):
            raise Refused(400, "a suggestion request without an action_id")
    elif not isinstance(body.get("callback_id"), str):
        raise Refused(400, "a shortcut without a callback_id")


def _headers(environ: WSGIEnvironment) -> dict[str, str | Sequence[str]]:
    return {
        key[5:].lower().replace("_", "-"): str(value)
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }


def _answer(start_response: StartResponse, response: BoltResponse) -> list[bytes]:
    body = response.body.encode()
    headers = [
        (key, value)
        for key, values in response.headers.items()
        if key.lower() != "content-length"
        for value in values
    ]
    headers.append(("content-length", str(len(body))))
    start_response(_status_line(response.status), headers)
    return [body]


def _raw_body(environ: WSGIEnvironment) -> bytes:
    length_header = str(environ.get("CONTENT_LENGTH") or "0")
    if not length_header.isdigit():
        raise Refused(400, "a bad Content-Length")
    length = int(length_header)
    if length > MAX_BODY_BYTES:
        raise Refused(413, "the body is too large")
    stream = environ.get("wsgi.input")
    return stream.read(length) if stream is not None and length else b""


def _plain(start_response: StartResponse, status: int, text: str) -> list[bytes]:
    body = text.encode()
    start_response(
        _status_line(status),
        [("content-type", "text/plain;charset=utf-8"), ("content-length", str(len(body)))],
    )
    return [body]


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"
