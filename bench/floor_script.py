"""What Crisis Desk does for one request of each kind, recorded so the fair floor can do the same.

For each kind the recorder sends one signed request to the real app, waits until the app has
stopped calling Slack, and keeps: the acknowledgement it answered with, every Web API call it made
(method, arguments, answer; before or after the acknowledgement), and how many rows it added to
the database. The floor (bench/fair_floor.py) replays exactly that and nothing else.
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse

from sqlalchemy import create_engine, inspect, text

from bench.processes import wait_until_quiet
from bench.slack_bodies import body_for, signed_headers


@dataclass
class RecordedCall:
    """One Web API call the app made."""

    method: str
    args: dict[str, Any]
    response: dict[str, Any]
    json_body: bool


@dataclass
class Script:
    """Everything one request of a kind made the app do."""

    kind: str
    match: dict[str, str]
    ack: dict[str, Any] | None
    before_ack: list[RecordedCall] = field(default_factory=list)
    after_ack: list[RecordedCall] = field(default_factory=list)
    rows: int = 0


def payload_match(payload: dict[str, Any]) -> dict[str, str]:
    """How the floor recognises a request of a kind: command word, action_id or callback_id."""
    if "command" in payload:
        return {"type": "command", "word": (payload.get("text") or "").split(" ", 1)[0]}
    if payload.get("type") == "block_actions":
        return {"type": "action", "action_id": payload["actions"][0]["action_id"]}
    return {"type": "view", "callback_id": payload["view"]["callback_id"]}


def request_match(body: str) -> dict[str, str]:
    """`payload_match` of a signed request body as sent."""
    form = {key: values[0] for key, values in parse_qs(body).items()}
    return payload_match(form if "command" in form else json.loads(form["payload"]))


def _row_count(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            names = [n for n in inspect(connection).get_table_names() if n != "alembic_version"]
            return sum(
                int(connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one())
                for name in names
            )
    finally:
        engine.dispose()


def _send(app_url: str, body: str) -> tuple[dict[str, Any] | None, float]:
    target = urlparse(app_url)
    connection = http.client.HTTPConnection(str(target.hostname), target.port, timeout=30)
    connection.request("POST", target.path, body=body.encode(), headers=signed_headers(body))
    answer = connection.getresponse()
    raw = answer.read()
    answered_at = time.time()
    connection.close()
    if answer.status != 200:
        raise RuntimeError(f"the app answered {answer.status} to {body[:300]}: {raw[:200]!r}")
    return (json.loads(raw) if raw.strip() else None), answered_at


def _calls(slack_url: str) -> list[dict[str, Any]]:
    base = slack_url.removesuffix("api/")
    with urllib.request.urlopen(f"{base}_fake/calls", timeout=30) as answer:
        return list(json.load(answer))


def record(
    app_url: str, slack_url: str, database_url: str, kind: str, *, crisis_id: int, channel: str
) -> Script:
    """Send one request of `kind` to the real app and write down what it did."""
    wait_until_quiet(slack_url)
    seen = len(_calls(slack_url))
    rows = _row_count(database_url)
    body = body_for(kind, crisis_id=crisis_id, channel=channel)
    ack, answered_at = _send(app_url, body)
    wait_until_quiet(slack_url)
    script = Script(kind, request_match(body), ack, rows=_row_count(database_url) - rows)
    for call in _calls(slack_url)[seen:]:
        if call["method"] == "auth.test":
            continue
        recorded = RecordedCall(
            call["method"],
            call["args"],
            call["response"] if isinstance(call["response"], dict) else {},
            "json" in str(call["content_type"]),
        )
        (script.before_ack if call["at"] < answered_at else script.after_ack).append(recorded)
    return script


def dump(scripts: list[Script]) -> str:
    """The scripts as JSON, for the floor's FLOOR_SCRIPT file."""
    return json.dumps([asdict(script) for script in scripts])


def load(raw: str) -> list[Script]:
    """Scripts back from JSON."""
    scripts = []
    for item in json.loads(raw):
        before = [RecordedCall(**call) for call in item.pop("before_ack")]
        after = [RecordedCall(**call) for call in item.pop("after_ack")]
        scripts.append(Script(**item, before_ack=before, after_ack=after))
    return scripts
