"""Serving Slack until SIGTERM or SIGINT: HTTP (waitress) or Socket Mode, and a clean stop."""

from __future__ import annotations

import logging
import signal
import socket
import threading
import time
from types import FrameType
from typing import Any

from slack_bolt import App

from handlers.http_gate import SlackHttpGate

SOCKET_MODE_LOGGER = "crisis_desk.socket_mode"
# How often the serving loop looks at the stop flag (a stop never waits longer than this).
LOOP_SLICE_SECONDS = 0.2


class StopSignals:
    """SIGTERM and SIGINT set a flag instead of killing the process mid-request."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.name = ""

    def install(self) -> None:
        """Take over SIGTERM and SIGINT (main thread only)."""
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, self._received)

    def _received(self, number: int, _frame: FrameType | None) -> None:
        self.name = self.name or signal.Signals(number).name
        self.event.set()

    def wait(self) -> None:
        """Block until a stop signal arrives."""
        while not self.event.wait(LOOP_SLICE_SECONDS):
            pass


def create_http_server(
    app: App,
    signing_secret: str,
    *,
    host: str,
    port: int,
    threads: int,
    listening: socket.socket | None = None,
) -> Any:
    """A waitress server answering Slack at /slack/events (port 0 picks a free one), on its own
    socket or on `listening`, a socket bound already (shared by several processes)."""
    from waitress.server import create_server

    where: dict[str, Any] = {"sockets": [listening]} if listening else {"host": host, "port": port}
    return create_server(
        SlackHttpGate(app, signing_secret), threads=threads, ident="crisis-desk", **where
    )


def serve_http(server: Any, stop: StopSignals, *, grace_seconds: float) -> None:
    """Serve until `stop`, then stop accepting and finish the requests already received."""
    while not stop.event.is_set():
        server.asyncore.loop(timeout=LOOP_SLICE_SECONDS, map=server._map, count=1)
    from waitress import wasyncore

    # Close only the listening socket: TcpWSGIServer.close() would also close the trigger
    # that wakes this loop when a request thread has a response ready.
    wasyncore.dispatcher.close(server)
    deadline = time.monotonic() + grace_seconds
    while _answering(server) and time.monotonic() < deadline:
        server.asyncore.loop(timeout=0.05, map=server._map, count=1)
    server.task_dispatcher.shutdown(cancel_pending=True, timeout=1)
    wasyncore.close_all(server._map)


def _answering(server: Any) -> bool:
    from waitress.channel import HTTPChannel

    dispatcher = server.task_dispatcher
    if dispatcher.active_count or dispatcher.queue:
        return True
    channels = [c for c in server._map.values() if isinstance(c, HTTPChannel)]
    return any(c.requests or c.total_outbufs_len for c in channels)


def open_socket_mode(app: App, app_token: str) -> Any:
    """A connected Socket Mode handler (raises if Slack refuses the app-level token)."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    handler = SocketModeHandler(app, app_token, logger=logging.getLogger(SOCKET_MODE_LOGGER))
    try:
        handler.connect()  # type: ignore[no-untyped-call]
    except BaseException:
        handler.close()  # type: ignore[no-untyped-call]
        raise
    return handler


def serve_socket_mode(handler: Any, stop: StopSignals) -> None:
    """Serve until `stop`, then disconnect so no new request arrives."""
    try:
        stop.wait()
    finally:
        # Closing logs two INFO lines of the SDK's own; the app's stop line says it all.
        logging.getLogger(SOCKET_MODE_LOGGER).setLevel(logging.WARNING)
        handler.close()
