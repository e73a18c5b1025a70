"""Signed request bodies like Slack's, for each kind of request the benchmarks send."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from bench.processes import SIGNING_SECRET
from bot.crisis.model import Crisis, CrisisStatus, CrisisType, Severity
from handlers.crisis.declare_modal import build_declare_modal
from handlers.crisis.modals import build_decision_modal, build_reset_modal, build_update_modal
from tests.slack_requests import state_values

KINDS = ("help", "open", "declare", "decide", "click", "step", "reset", "post", "update")
# Kinds whose every request needs a crisis of its own (a step is completed once per crisis).
FRESH_CRISIS_KINDS = frozenset({"reset"})
DESCRIPTIONS = {
    "help": "`/crisis help` (an ephemeral answer in the ack)",
    "open": "`/crisis` (opens the declaration modal)",
    "declare": "declaration modal submitted (channel, board, cards and the ready note follow)",
    "decide": "decision modal submitted (the card and a board redraw follow)",
    "click": 'board "Log a decision" button (opens the decision modal)',
    "step": 'board "Open Reset" button (opens the Reset form)',
    "reset": "Reset form submitted, each on a crisis of its own",
    "post": 'board "Post an update" button (opens the status-update form)',
    "update": "status-update form submitted",
}


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


def _button(action_id: str, value: str, channel: str) -> str:
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
                    "action_id": action_id,
                    "block_id": "b",
                    "type": "button",
                    "value": value,
                    "action_ts": "1.1",
                }
            ],
        }
    )


def _declare(_crisis_id: int, _channel: str) -> str:
    view = build_declare_modal(title="", declarer_id="U001", origin_channel_id=None).to_dict()
    answers = {
        "title": f"Load test {_unique()}",
        "description": "Load",
        "crisis_type": "other",
        "severity": "sev3",
        "lead": "U001",
    }
    return _submission(view, answers)


def _decide(crisis_id: int, _channel: str) -> str:
    view = build_decision_modal(_crisis(crisis_id)).to_dict()
    answers = {
        "decision_text": "Refund the affected orders",
        "impact_direction": "negative",
        "mitigation": "Refund today",
    }
    return _submission(view, answers)


def _reset(crisis_id: int, _channel: str) -> str:
    view = build_reset_modal(_crisis(crisis_id), "Reset", severity_picker=True).to_dict()
    answers = {
        "reset_products": "Checkout fails for a third of orders",
        "reset_outcomes": "Lost sales during the peak",
        "reset_expectations": "Orders confirmed within the hour",
        "impact_direction": "negative",
        "mitigation": "Refund today",
    }
    return _submission(view, answers)


def _update(crisis_id: int, _channel: str) -> str:
    view = build_update_modal(_crisis(crisis_id), cadence=timedelta(hours=1)).to_dict()
    answers = {"update_what_changed": "Payments are back for half", "update_impact_now": "Slower"}
    return _submission(view, answers)


_BODIES: dict[str, Callable[[int, str], str]] = {
    "help": lambda _id, channel: _command("help", channel),
    "open": lambda _id, channel: _command("", channel),
    "declare": _declare,
    "decide": _decide,
    "click": lambda crisis_id, channel: _button("crisis_log_decision", str(crisis_id), channel),
    "step": lambda crisis_id, channel: _button("crisis_open_step", f"{crisis_id}:reset", channel),
    "reset": _reset,
    "post": lambda crisis_id, channel: _button("crisis_post_update", str(crisis_id), channel),
    "update": _update,
}


def body_for(kind: str, *, crisis_id: int, channel: str) -> str:
    """One request body of `kind` (see KINDS)."""
    if kind not in _BODIES:
        raise ValueError(f"unknown kind {kind}")
    return _BODIES[kind](crisis_id, channel)
