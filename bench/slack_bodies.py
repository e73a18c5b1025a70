"""Signed request bodies like Slack's, for each kind of request the benchmarks send."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from bench.processes import SIGNING_SECRET
from bot.crisis.model import Crisis, CrisisStatus, CrisisType, Severity
from handlers.crisis.declare_modal import build_declare_modal
from handlers.crisis.modals import build_decision_modal
from tests.slack_requests import state_values

KINDS = ("help", "open", "declare", "decide", "click")


def _unique() -> str:
    # Unique across load processes: the app rightly treats a repeated view id as a retry.
    return uuid.uuid4().hex[:16]


def _trigger() -> str:
    # Slack's shape (digits.digits.alphanumerics), which the fake checks as Slack does.
    return f"{uuid.uuid4().int % 10**12}.1.{_unique()}"


_verifier = SignatureVerifier(SIGNING_SECRET)
FORM = "application/x-www-form-urlencoded"


def signed_headers(body: str) -> dict[str, str]:
    ts = str(int(time.time()))
    return {
        "Content-Type": FORM,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": str(_verifier.generate_signature(timestamp=ts, body=body)),
    }


def _command(text: str, channel: str) -> str:
    return urlencode(
        {
            "command": "/crisis",
            "text": text,
            "user_id": "U001",
            "user_name": "u001",
            "channel_id": channel,
            "team_id": "T0001",
            "api_app_id": "A0001",
            "trigger_id": _trigger(),
            "response_url": "https://hooks.slack.com/x",
        }
    )


def _interaction(payload: dict[str, Any]) -> str:
    return urlencode({"payload": json.dumps(payload)})


def _submission(view: dict[str, Any], answers: dict[str, Any]) -> str:
    view = {
        **view,
        "id": f"VBENCH{_unique()}",
        "hash": "1.bench",
        "team_id": "T0001",
        "state": {"values": state_values(view, answers)},
    }
    return _interaction(
        {
            "type": "view_submission",
            "team": {"id": "T0001"},
            "user": {"id": "U001", "team_id": "T0001"},
            "api_app_id": "A0001",
            "trigger_id": _trigger(),
            "view": view,
        }
    )


def _crisis(crisis_id: int) -> Crisis:
    return Crisis(
        id=crisis_id,
        team_id="T0001",
        title="Load test crisis",
        description="Load",
        crisis_type=CrisisType.OTHER,
        severity=Severity.SEV2,
        status=CrisisStatus.OPEN,
        lead_id="U001",
        declared_by="U001",
        responder_ids=(),
        declared_at=datetime.now(UTC),
    )


def body_for(kind: str, *, crisis_id: int, channel: str) -> str:
    """One request body of `kind` (see KINDS)."""
    if kind == "help":
        return _command("help", channel)
    if kind == "open":
        return _command("", channel)
    if kind == "declare":
        view = build_declare_modal(title="", declarer_id="U001", origin_channel_id=None).to_dict()
        return _submission(
            view,
            {
                "title": f"Load test {_unique()}",
                "description": "Load",
                "crisis_type": "other",
                "severity": "sev3",
                "lead": "U001",
            },
        )
    if kind == "decide":
        view = build_decision_modal(_crisis(crisis_id)).to_dict()
        return _submission(
            view,
            {
                "decision_text": "Refund the affected orders",
                "impact_direction": "negative",
                "mitigation": "Refund today",
            },
        )
    if kind == "click":
        return _interaction(
            {
                "type": "block_actions",
                "team": {"id": "T0001"},
                "user": {"id": "U001", "team_id": "T0001"},
                "api_app_id": "A0001",
                "trigger_id": _trigger(),
                "channel": {"id": channel},
                "container": {"type": "message"},
                "actions": [
                    {
                        "action_id": "crisis_log_decision",
                        "block_id": "b",
                        "type": "button",
                        "value": str(crisis_id),
                        "action_ts": "1.1",
                    }
                ],
            }
        )
    raise ValueError(f"unknown kind {kind}")
