"""The outbox end to end: Slack failing for a while loses nothing and sends nothing twice."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, select

from storage.outbox_tables import OutboxRow
from storage.tables import CrisisRow
from tests.handlers.declaring import declare, ensure_origin_channel
from tests.handlers.walking import NEGATIVE, channel_texts, declared_crisis, opened_view, submit
from tests.harness import Harness

CHANNEL = "crisis-20261125-checkout-is-double-charging"


def outbox(harness: Harness) -> list[OutboxRow]:
    with Session(harness.runtime.engine) as session:
        return list(session.exec(select(OutboxRow).order_by(col(OutboxRow.id))).all())


def crisis_row(harness: Harness, title: str | None = None) -> CrisisRow:
    with Session(harness.runtime.engine) as session:
        rows = session.exec(select(CrisisRow).order_by(col(CrisisRow.id))).all()
    return next(row for row in rows if title is None or row.title == title)


def recover(harness: Harness, *, step: timedelta = timedelta(seconds=30)) -> int:
    """Let the backoff pass (by the test clock) until the outbox is empty; the passes it took."""
    for passes in range(1, 20):
        harness.clock.advance(step)
        harness.runtime.deliveries.run_until_idle()
        if all(row.status != "pending" for row in outbox(harness)):
            return passes
    raise AssertionError("the outbox never emptied")


def decide(harness: Harness, crisis: CrisisRow, text: str) -> None:
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.command(f"decide {text}", channel=str(crisis.channel_id))
    view = opened_view(harness, before)
    assert submit(harness, view, {"decision_text": text, **NEGATIVE}) is None  # closed


def successes(harness: Harness, method: str) -> list[Any]:
    return [call for call in harness.fake.calls_to(method) if call.status == 200]


def test_a_declaration_during_slack_500s_is_finished_once_slack_recovers(harness: Harness):
    origin = ensure_origin_channel(harness)
    harness.fake.server_error_next("conversations.create", times=2)
    harness.fake.server_error_next("chat.postMessage", times=2)
    declare(harness)
    assert harness.fake.channel_by_name(CHANNEL) is None  # Slack is down: nothing yet ...
    assert crisis_row(harness).channel_id is None  # ... but the crisis is saved
    assert harness.fake.ephemerals(origin) == []

    assert recover(harness) >= 2
    channel = harness.fake.channel_by_name(CHANNEL)
    assert channel is not None
    assert len(successes(harness, "conversations.create")) == 1
    boards = [m for m in harness.fake.messages(channel.id) if m.ts in channel.pins]
    assert len(boards) == 1 and len(channel.pins) == 1
    assert len(harness.fake.messages(channel.id)) == 1  # the board, nothing twice
    assert channel.members == {"UBOT", "U001", "U002", "U003"}
    [ready] = harness.fake.ephemerals(origin)
    assert "is declared" in ready.text and f"<#{channel.id}>" in ready.text
    assert "Not everything worked" not in ready.text
    row = crisis_row(harness)
    assert (row.channel_id, row.board_ts) == (channel.id, channel.pins[0])


def test_decisions_during_slack_500s_get_one_card_each(harness: Harness, caplog):
    crisis = declared_crisis(harness)
    harness.fake.server_error_next("chat.postMessage", times=3)
    harness.fake.server_error_next("chat.update", times=3)
    decide(harness, crisis, "Pause marketing emails")
    decide(harness, crisis, "Refund every double charge")
    assert channel_texts(harness, crisis) == []  # Slack is down; the decisions are saved

    with caplog.at_level(logging.INFO, logger="bot.delivery"):
        recover(harness)
    texts = channel_texts(harness, crisis)
    assert len(texts) == 2
    assert sum("Pause marketing emails" in text for text in texts) == 1
    assert sum("Refund every double charge" in text for text in texts) == 1
    assert successes(harness, "chat.update")[-1].args["ts"] == crisis.board_ts  # redrawn
    assert {row.status for row in outbox(harness)} <= {"done", "superseded"}
    delivered = [r.getMessage() for r in caplog.records if "delivered post card" in r.getMessage()]
    assert len(delivered) == 2 and all(f"for crisis {crisis.id}" in line for line in delivered)
    assert any("could not deliver" in r.getMessage() for r in caplog.records)


def test_board_redraws_coalesce_into_the_latest_state(harness: Harness):
    crisis = declared_crisis(harness)
    harness.fake.server_error_next("chat.postMessage", times=1)
    updates_before = len(successes(harness, "chat.update"))
    for n in range(3):
        decide(harness, crisis, f"Decision number {n}")
    recover(harness)
    assert len(channel_texts(harness, crisis)) == 3
    # The first card waited; the redraws queued behind it became one.
    assert len(successes(harness, "chat.update")) - updates_before == 1
    assert [row.status for row in outbox(harness) if row.kind == "redraw_board"][-3:] == [
        "superseded",
        "superseded",
        "done",
    ]


def test_a_rate_limited_channel_does_not_hold_up_another_crisis(harness: Harness):
    first = declared_crisis(harness, title="Checkout is down")
    second = declared_crisis(harness, title="Search is slow")
    harness.fake.rate_limit_channel(str(first.channel_id), retry_after=30, times=1)
    decide(harness, first, "Pause checkout")
    decide(harness, second, "Add search capacity")
    assert any("Add search capacity" in text for text in channel_texts(harness, second))
    assert channel_texts(harness, first) == []  # waiting out its Retry-After, not blocking
    waiting = [row for row in outbox(harness) if row.status == "pending"]
    assert waiting and all(row.crisis_id == first.id for row in waiting)
    recover(harness)
    assert sum("Pause checkout" in text for text in channel_texts(harness, first)) == 1


def test_a_rate_limited_dm_does_not_delay_another_crisiss_nudges(harness: Harness):
    declared_crisis(harness, title="Checkout is down", severity="sev3")
    declared_crisis(harness, title="Search is slow", severity="sev3", lead="U002")
    harness.fake.rate_limit_channel("U001", retry_after=30, times=1)
    harness.clock.advance(timedelta(hours=1, minutes=1))  # Reset is overdue in both
    harness.runtime.deliveries.run_until_idle()
    assert any("Reset" in m.text for m in harness.fake.dms("U002"))
    assert harness.fake.dms("U001") == []
    harness.clock.advance(timedelta(seconds=31))
    harness.runtime.deliveries.run_until_idle()
    assert len([m for m in harness.fake.dms("U001") if "Reset" in m.text]) == 1


def test_a_set_up_that_keeps_failing_is_explained_to_the_declarer(harness: Harness):
    origin = ensure_origin_channel(harness)
    harness.fake.server_error_next("conversations.create", times=100)
    declare(harness)
    for _ in range(8):
        harness.clock.advance(timedelta(minutes=11))
        harness.runtime.deliveries.run_until_idle()
    [told] = harness.fake.ephemerals(origin)
    assert "couldn't create the crisis channel" in told.text and "HTTP 500" in told.text
    assert crisis_row(harness).channel_id is None
    assert not [row for row in outbox(harness) if row.status == "pending"]


def test_a_lead_of_two_crises_gets_two_different_nudges(harness: Harness):
    first = declared_crisis(harness, title="Checkout is down", severity="sev3")
    second = declared_crisis(harness, title="Search is slow", severity="sev3")
    harness.clock.advance(timedelta(hours=1, minutes=1))  # Reset is overdue in both
    harness.runtime.deliveries.run_until_idle()
    nudges = [m.text for m in harness.fake.dms("U001") if "Reset" in m.text]
    assert len(nudges) == len(set(nudges)) == 2
    for crisis in (first, second):
        assert sum(crisis.title in t and f"<#{crisis.channel_id}>" in t for t in nudges) == 1
