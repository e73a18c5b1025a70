"""Opening the app to Slack (HTTP or Socket Mode), and one line for each way a start fails."""

from __future__ import annotations

import errno
import logging
import socket
from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.settings import Settings
from handlers import serving
from handlers.runtime import Runtime

logger = logging.getLogger("crisis_desk")
# In-flight HTTP answers get this long on a clean stop.
HTTP_GRACE_SECONDS = 5.0
# Connections the kernel queues for the processes sharing one port (waitress's default).
LISTEN_BACKLOG = 1024


class StartRefused(Exception):
    """The app cannot start; the message names the setting to fix."""


def create_http_server(
    runtime: Runtime,
    *,
    host: str = "0.0.0.0",
    port: int | None = None,
    listening: socket.socket | None = None,
) -> Any:
    """A waitress server answering Slack at /slack/events (port 0 picks a free one), or on
    `listening`, the port bound already by the parent of several processes."""
    return serving.create_http_server(
        runtime.app,
        runtime.settings.slack_signing_secret,
        host=host,
        port=runtime.settings.port if port is None else port,
        threads=runtime.settings.http_threads,
        listening=listening,
    )


def bind_port(port: int, *, host: str = "0.0.0.0") -> socket.socket:
    """The listening socket that several app processes share (StartRefused names PORT)."""
    try:
        return socket.create_server((host, port), backlog=LISTEN_BACKLOG)
    except OSError as problem:
        raise _port_refused(port, problem) from None


def _port_refused(port: int, problem: OSError) -> StartRefused:
    if problem.errno == errno.EADDRINUSE:
        return StartRefused(f"PORT: port {port} is already in use")
    return StartRefused(f"PORT: cannot listen on port {port} ({problem.strerror})")


def describe_slack_start_failure(problem: BaseException, settings: Settings) -> str:
    """Which setting to blame when asking Slack who we are failed."""
    cause: BaseException | None = problem
    while cause is not None:
        if isinstance(cause, SlackApiError):
            code = cause.response.get("error") if isinstance(cause.response.data, dict) else None
            return (
                f"SLACK_BOT_TOKEN: Slack refused the token ({code or cause.response.status_code})"
            )
        if isinstance(cause, OSError | SlackRequestError):
            return f"SLACK_API_URL: cannot reach Slack at {settings.slack_api_url} ({cause})"
        cause = cause.__cause__ or cause.__context__
    return f"SLACK_BOT_TOKEN: Slack refused to start the app ({problem})"


def open_to_slack(
    runtime: Runtime, stop: serving.StopSignals, listening: socket.socket | None = None
) -> Callable[[], None]:
    """Start listening (before the scheduler runs); returns the call that serves until stopped.

    `listening`: serve the port bound already by the parent of several processes.
    """
    settings = runtime.settings
    if settings.slack_app_token:
        try:
            handler = serving.open_socket_mode(runtime.app, settings.slack_app_token)
        except SlackApiError as refused:
            code = refused.response.get("error") if isinstance(refused.response.data, dict) else ""
            raise StartRefused(
                f"SLACK_APP_TOKEN: Slack refused the app-level token ({code})"
            ) from None
        except (OSError, SlackRequestError) as problem:
            raise StartRefused(
                f"SLACK_APP_TOKEN: cannot open a Socket Mode connection ({problem})"
            ) from None
        logger.info("Crisis Desk is running in Socket Mode")
        return lambda: serving.serve_socket_mode(handler, stop)
    try:
        server = create_http_server(runtime, listening=listening)
    except OSError as problem:
        raise _port_refused(settings.port, problem) from None
    if listening is None:
        logger.info("Crisis Desk is listening on port %s at /slack/events", settings.port)
    return lambda: serving.serve_http(server, stop, grace_seconds=HTTP_GRACE_SECONDS)
