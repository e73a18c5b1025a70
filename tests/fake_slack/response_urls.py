"""response_url: where an app answers a command or a click without a token (as Slack does it)."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.fake_slack.state import SlackError
from tests.fake_slack.validation import check_blocks

USES_MAX = 5  # Slack accepts five responses per response_url (within 30 minutes)


@dataclass
class Response:
    """One message an app sent through a response_url."""

    url: str
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    response_type: str = "ephemeral"
    replace_original: bool = False


class ResponseUrls:
    """Mints response_urls for the requests tests send, and receives what the app posts."""

    def __init__(self, base_url: Callable[[], str]) -> None:
        self._base_url = base_url
        self._numbers = itertools.count(1)
        self._uses: dict[str, int] = {}
        self._received: list[Response] = []
        self._lock = threading.Lock()

    def mint(self) -> str:
        """A fresh response_url for a request a test sends."""
        with self._lock:
            key = f"R{next(self._numbers):06d}"
            self._uses[key] = 0
        return f"{self._base_url()}_respond/{key}"

    @property
    def received(self) -> list[Response]:
        """What the app sent through response_urls, in order."""
        with self._lock:
            return list(self._received)

    def receive(self, key: str, body: bytes) -> tuple[int, str]:
        """Slack's answer to a POST on a response_url: 200 "ok", or the status and error."""
        with self._lock:
            return self._receive(key, body)

    def _receive(self, key: str, body: bytes) -> tuple[int, str]:
        if key not in self._uses:
            return 404, "no_service"
        if self._uses[key] >= USES_MAX:
            return 404, "used_url"
        try:
            message = json.loads(body or b"null")
            if not isinstance(message, dict):
                raise ValueError(message)
            blocks = check_blocks(message.get("blocks"), limit=50)
        except (ValueError, SlackError):
            return 400, "invalid_payload"
        text = message.get("text")
        if not (isinstance(text, str) and text.strip()) and not blocks:
            return 400, "no_text"
        self._uses[key] += 1
        self._received.append(
            Response(
                url=f"{self._base_url()}_respond/{key}",
                text=str(text or ""),
                blocks=blocks,
                response_type=str(message.get("response_type") or "ephemeral"),
                replace_original=bool(message.get("replace_original")),
            )
        )
        return 200, "ok"
