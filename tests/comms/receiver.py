"""A real webhook receiver on loopback: verifies Standard Webhooks signatures, can fail on cue."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@dataclass
class Received:
    """One request as the receiver saw it."""

    webhook_id: str
    status: int
    payload: dict[str, Any] | None


@dataclass
class WebhookReceiver:
    """Answers 500 to the next `fail_next` requests, then 204 to every verified one."""

    secret: str = SECRET
    fail_next: int = 0
    requests: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> WebhookReceiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, _ = receiver.take(body, dict(self.headers.items()))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/crisis"

    def take(self, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any] | None]:
        try:
            payload = Webhook(self.secret).verify(body, headers)
        except WebhookVerificationError:
            status, payload = 401, None
        else:
            with self.lock:
                failing = self.fail_next > 0
                self.fail_next -= 1 if failing else 0
            status = 500 if failing else 204
        webhook_id = {k.lower(): v for k, v in headers.items()}.get("webhook-id", "")
        with self.lock:
            self.requests.append(Received(webhook_id, status, payload))
        return status, payload

    def accepted(self) -> list[Received]:
        """Requests answered 2xx, in order."""
        with self.lock:
            return [r for r in self.requests if 200 <= r.status < 300]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
