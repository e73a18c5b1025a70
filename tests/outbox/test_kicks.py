"""A commit's kick visits only the delivery sources the commit wrote rows to."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from tests.handlers.walking import NEGATIVE, declared_crisis, opened_view, submit
from tests.harness import Harness

FROM = re.compile(r"\bFROM\s+\"?(\w+)")


@contextmanager
def claims_seen(harness: Harness) -> Iterator[list[str]]:
    """The tables the app claimed leased rows from (statements that read a lease), in order."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and ".lease_until" in statement:
            found = FROM.search(statement)
            seen.append(found.group(1) if found else statement)

    event.listen(harness.runtime.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(harness.runtime.engine, "before_cursor_execute", record)


def test_a_decision_kicks_the_outbox_and_never_claims_the_comms_outbox(harness: Harness):
    crisis = declared_crisis(harness)
    harness.settle()
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.command("decide Refund everyone", channel=str(crisis.channel_id))
    view = opened_view(harness, before)
    with claims_seen(harness) as claimed:
        assert submit(harness, view, {"decision_text": "Refund everyone", **NEGATIVE}) is None
        harness.settle()
    assert harness.fake.calls_to("chat.postMessage")[-1].args["channel"] == crisis.channel_id
    assert "outbox" in claimed  # the card went out through the kick
    assert "comms_outbox" not in claimed
