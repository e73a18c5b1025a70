"""Runs and kicks: a crisis queue's rows are claimed together and delivered in order, exactly
once even when the process delivering them dies mid-run; a commit's kick visits only the
delivery sources the commit wrote rows to."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import event, update
from sqlmodel import col

from bot.crisis.facts import PriorityDraft
from bot.crisis.impact import Harm
from bot.outbox.model import OutboxKind
from storage.outbox_tables import OutboxRow
from storage.unit_of_work import SqlUnitOfWork
from tests.handlers.declaring import declare
from tests.handlers.walking import NEGATIVE, declared_crisis, opened_view, submit
from tests.harness import Harness

FREE = re.compile(r"lease_until IS NULL OR")
FROM = re.compile(r"\bFROM\s+\"?(\w+)")


@contextmanager
def claims_seen(harness: Harness) -> Iterator[list[str]]:
    """The tables the app claimed leased rows from (statements that look for free leases)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and FREE.search(statement):
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


def keyed_posts(harness: Harness) -> list[str]:
    """The outbox keys of the messages Slack accepted, in the order it got them."""
    return [
        call.args["metadata"]["event_payload"]["delivery"]
        for call in harness.fake.calls_to("chat.postMessage")
        if call.args.get("metadata")
    ]


def test_a_declarations_set_up_goes_out_in_order_from_one_claim(harness: Harness):
    with claims_seen(harness) as claimed:
        declare(harness)
        harness.settle()
    # Nine set-up rows: one claim took them all; the second found the outbox empty.
    assert claimed.count("outbox") <= 2
    methods = [call.method for call in harness.fake.calls if call.status == 200]
    order = ["conversations.create", "chat.postMessage", "pins.add", "conversations.invite"]
    assert [m for m in methods if m in order][:4] == order


def test_a_run_whose_owner_died_mid_way_is_finished_exactly_once(harness: Harness):
    crisis_id = declared_crisis(harness).id
    assert crisis_id is not None
    harness.settle()
    with SqlUnitOfWork(harness.runtime.engine) as unit:  # no kick: the dead process claims them
        for lead in ("U002", "U003", "U004"):
            unit.outbox.add(
                crisis_id, OutboxKind.LEAD_CHANGED, at=harness.clock(), lead=lead, previous="U001"
            )
        unit.commit()
    source = harness.runtime.deliveries.sources[0]
    lease = timedelta(seconds=60)
    first, second, third = source.claim(owner="dead", now=harness.clock(), lease=lease, limit=5)
    assert source.deliver(first, owner="dead", lease=lease) is not None
    assert source.deliver(second, owner="dead", lease=lease) is not None
    # ...but it was killed before its transaction recorded the second: as the database has it,
    # the second row is still being sent, and the third was never started.
    with SqlUnitOfWork(harness.runtime.engine) as unit:
        for item_id, values in (
            (second.id, {"status": "pending", "done_at": None, "lease_owner": "dead"}),
            (third.id, {"sending_since": None}),
        ):
            unit.session.execute(
                update(OutboxRow).where(col(OutboxRow.id) == item_id).values(**values)
            )
        unit.commit()
    keys = [f"outbox:{job.id}" for job in (first, second, third)]
    assert [key for key in keyed_posts(harness) if key in keys] == keys[:2]

    harness.clock.advance(timedelta(seconds=61))  # the lease expires
    harness.runtime.deliveries.run_until_idle()
    assert [key for key in keyed_posts(harness) if key in keys] == keys  # each once, in order
    assert harness.fake.calls_to("conversations.history")  # the second was looked for first


def test_one_read_loads_many_crises_as_each_would_be_loaded(harness: Harness):
    ids = [declared_crisis(harness, title=title).id for title in ("Checkout down", "Login down")]
    first, second = (crisis_id for crisis_id in ids if crisis_id is not None)
    with SqlUnitOfWork(harness.runtime.engine) as unit:
        unit.decisions.add_priorities(
            second,
            [PriorityDraft("Refund the double charges", Harm.OPERATIONS_FINANCIAL, "U002")],
            at=harness.clock(),
        )
        unit.commit()
    with SqlUnitOfWork(harness.runtime.engine, write=False) as unit:
        many = unit.crises.get_many([first, second, second + 100])
        assert many == {first: unit.crises.get(first), second: unit.crises.get(second)}
    assert many[second].priorities and many[first].steps
