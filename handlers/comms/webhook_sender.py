"""Signed webhook events (Standard Webhooks) POSTed to CRISIS_WEBHOOK_URL."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import datetime
from typing import Any

from standardwebhooks import Webhook

from bot.clock import Clock, utc_now
from bot.comms.effects import EffectFailed, EffectMessage
from bot.comms.model import CommsEvent, CustomerUpdate, Section
from bot.comms.scripts import ScriptPart
from bot.crisis.model import Crisis
from handlers.comms.customer_text import customer_texts

TIMEOUT_SECONDS = 10
USER_AGENT = "crisis-desk-webhooks/1"


class StandardWebhookSender:
    """The WebhookSender port: JSON body, webhook-id/-timestamp/-signature headers, 2xx or retry."""

    def __init__(self, url: str, secret: str, *, wall_clock: Clock = utc_now) -> None:
        self._url = url
        self._signer = Webhook(secret)
        # The receiver checks the timestamp against its own clock: sign with real time.
        self._wall_clock = wall_clock

    def send(self, event: EffectMessage) -> None:
        """POST the event; raise EffectFailed unless the receiver answered 2xx."""
        body = json.dumps(event_body(event), separators=(",", ":"), sort_keys=True)
        event_id = event.owed.key
        now = self._wall_clock()
        request = urllib.request.Request(
            self._url,
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "webhook-id": event_id,
                "webhook-timestamp": str(int(now.timestamp())),
                "webhook-signature": self._signer.sign(event_id, now, body),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            raise _failed(f"the receiver answered HTTP {error.code}") from None
        except (urllib.error.URLError, OSError) as error:
            raise _failed(f"the receiver could not be reached ({error})") from None
        if not 200 <= status < 300:
            raise _failed(f"the receiver answered HTTP {status}")


def _failed(reason: str) -> EffectFailed:
    # Whatever the receiver answered, it may take the event later: always worth a retry.
    return EffectFailed("deliver the webhook event", reason, transient=True)


def event_body(event: EffectMessage) -> dict[str, Any]:
    """The event as JSON: type, timestamp and data, per the Standard Webhooks payload shape."""
    data: dict[str, Any] = {"crisis": _crisis(event.crisis)}
    if event.event is CommsEvent.UPDATE_PUBLISHED and event.update is not None:
        data["update"] = _update(event.update)
    if event.event is CommsEvent.SCRIPT_PUBLISHED and event.script is not None:
        data["script"] = {
            "version": event.script.version,
            "parts": {part.value: event.script.text(part) for part in ScriptPart},
            "approved_at": _iso(event.script.decided_at) if event.script.decided_at else None,
        }
    return {"type": event.event.value, "timestamp": _iso(event.owed.created_at), "data": data}


def _crisis(crisis: Crisis) -> dict[str, Any]:
    return {
        "id": crisis.id,
        "title": crisis.title,
        "severity": crisis.severity.value,
        "status": crisis.status.value,
        "declared_at": _iso(crisis.declared_at),
        "resolved_at": _iso(crisis.resolved_at) if crisis.resolved_at else None,
        "customer_eta": _iso(crisis.customer_eta) if crisis.customer_eta else None,
    }


def _update(update: CustomerUpdate) -> dict[str, Any]:
    texts = customer_texts(update)
    return {
        "number": update.number,
        "version": update.version,
        "sections": {section.value: update.text(section) for section in Section},
        "touch_points": [point.value for point in update.touch_points],
        "segment_ids": list(update.segment_ids),
        "next_update_by": _iso(update.next_update_at),
        "approved_at": _iso(update.decided_at) if update.decided_at else None,
        "texts": {
            "status_page": texts.status_page,
            "email_subject": texts.email_subject,
            "email_body": texts.email_body,
            "in_app_banner": texts.banner,
            "social_media": texts.social,
        },
    }


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
