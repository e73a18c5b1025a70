"""The fair floor: a bare Bolt app that does, per request kind, the same work as Crisis Desk.

It answers with the acknowledgement Crisis Desk answered, adds as many rows to the same database
(one INSERT statement, one transaction), and makes the same Web API calls with the same JSON (the
same modal for `views.open`, the same card for `chat.postMessage`), before or after the
acknowledgement as Crisis Desk did, on the same server and threads. Nothing else: no parsing of
forms, no domain, no rendering. Scripts come from bench/floor_script.py (FLOOR_SCRIPT file).
"""

from __future__ import annotations

import json
import os
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from sqlalchemy import Engine, text
from waitress import serve

from bench.floor_script import RecordedCall, Script, load, payload_match
from storage.db import create_db_engine

FLOOR_TABLE = "bench_floor_row"
AFTER_ACK_WORKERS = 16
MIN_ID_LENGTH = 6  # ids and timestamps differ between runs; short words are left alone


class Replayer:
    """Makes a script's calls, carrying ids Slack hands out (channel, ts) into later calls."""

    def __init__(self, client: WebClient) -> None:
        self._client = client

    def replay(self, calls: list[RecordedCall], trigger_id: str | None) -> None:
        """Make `calls` in order; ids from answers replace the recorded ones in later calls."""
        renamed: dict[str, str] = {}
        for call in calls:
            raw = json.dumps(call.args)
            for old, new in renamed.items():
                raw = raw.replace(json.dumps(old)[1:-1], json.dumps(new)[1:-1])
            args: dict[str, Any] = json.loads(raw)
            if "trigger_id" in args and trigger_id:
                args["trigger_id"] = trigger_id
            if call.method == "conversations.create":
                args["name"] = f"{str(args['name'])[:60]}-{uuid.uuid4().hex[:8]}"
            answer = self._call(call.method, args, json_body=call.json_body)
            _learn(call.response, answer, renamed)

    def _call(self, method: str, args: dict[str, Any], *, json_body: bool) -> dict[str, Any]:
        if method in {"users.info", "conversations.info", "conversations.history"}:
            response = self._client.api_call(method, http_verb="GET", params=args)
        elif json_body:
            response = self._client.api_call(method, json=args)
        else:
            response = self._client.api_call(method, data=args)
        return dict(response.data) if isinstance(response.data, dict) else {}


def _learn(recorded: Any, actual: Any, renamed: dict[str, str]) -> None:
    """Where the recorded and actual answers differ in a string, later calls use the new one."""
    if isinstance(recorded, dict) and isinstance(actual, dict):
        for key, value in recorded.items():
            _learn(value, actual.get(key), renamed)
        return
    changed = isinstance(actual, str) and actual != recorded
    if changed and isinstance(recorded, str) and len(recorded) >= MIN_ID_LENGTH:
        renamed[recorded] = actual


def body_match(body: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The key a request is recognised by (as bench/floor_script.py wrote it)."""
    return tuple(sorted(payload_match(body).items()))


class Floor:
    """The listeners: recognise the kind, write the rows, ack, make the calls."""

    def __init__(self, scripts: list[Script], engine: Engine, client: WebClient) -> None:
        self._scripts = {tuple(sorted(s.match.items())): s for s in scripts}
        self._engine = engine
        self._replayer = Replayer(client)
        self._after_ack = ThreadPoolExecutor(max_workers=AFTER_ACK_WORKERS)

    def handle(self, ack: Ack, body: dict[str, Any]) -> None:
        """Do for this request what Crisis Desk did for one of its kind."""
        script = self._script_for(body)
        if script is None:
            ack()
            return
        trigger_id = body.get("trigger_id")
        if script.rows:
            with self._engine.begin() as connection:
                connection.execute(
                    text(f"INSERT INTO {FLOOR_TABLE} (payload) VALUES (:payload)"),
                    [{"payload": script.kind}] * script.rows,
                )
        self._replayer.replay(script.before_ack, trigger_id)
        if script.ack is None:
            ack()
        else:
            ack(script.ack)
        if script.after_ack:
            self._after_ack.submit(self._replayer.replay, script.after_ack, trigger_id)

    def _script_for(self, body: dict[str, Any]) -> Script | None:
        return self._scripts.get(body_match(body))


def create_floor_table(engine: Engine) -> None:
    """The one table the floor writes to."""
    serial = "SERIAL" if engine.dialect.name == "postgresql" else "INTEGER"
    with engine.begin() as connection:
        connection.execute(
            text(
                f"CREATE TABLE IF NOT EXISTS {FLOOR_TABLE} "
                f"(id {serial} PRIMARY KEY, payload VARCHAR(40) NOT NULL)"
            )
        )


def main() -> None:
    scripts = load(open(os.environ["FLOOR_SCRIPT"]).read())  # noqa: SIM115
    # The same engine settings as the app (SQLite in WAL mode, the same pool).
    engine = create_db_engine(os.environ["DATABASE_URL"])
    create_floor_table(engine)
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])
    floor = Floor(scripts, engine, client)
    anything = re.compile(".*")
    for register in (app.command, app.action, app.view, app.shortcut):
        register(anything)(floor.handle)
    serve(
        SlackRequestHandler(app),
        host="127.0.0.1",
        port=int(os.environ["PORT"]),
        threads=int(os.environ.get("HTTP_THREADS", "16")),
        ident="fair-floor",
    )


if __name__ == "__main__":
    main()
