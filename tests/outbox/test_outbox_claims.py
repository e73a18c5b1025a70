"""Outbox claims: a crisis queue's due rows as one run, in order; short leases kept alive by a
heartbeat."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.outbox.model import NextRow, OutboxKind
from storage.outbox import QUEUE_RUN, SqlOutboxClaims
from storage.outbox_tables import OutboxRow
from storage.unit_of_work import SqlUnitOfWork
from tests.conftest import T0

LEASE = timedelta(seconds=10)


def queue(engine: Engine, crisis_id: int, *kinds: OutboxKind) -> None:
    with SqlUnitOfWork(engine) as unit:
        for kind in kinds:
            unit.outbox.add(crisis_id, kind, at=T0)
        unit.commit()


def statuses(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return [row.status for row in session.exec(select(OutboxRow).order_by(col(OutboxRow.id)))]


def test_a_crisis_queue_is_claimed_as_one_run_in_order(engine: Engine, crisis_id: int):
    queue(engine, crisis_id, OutboxKind.CREATE_CHANNEL, OutboxKind.POST_BOARD)
    claims = SqlOutboxClaims(engine)
    run = claims.claim(owner="a", now=T0, lease=LEASE, limit=10)
    assert [item.kind for item in run] == [OutboxKind.CREATE_CHANNEL, OutboxKind.POST_BOARD]
    assert [item.in_doubt_since for item in run] == [None, None]
    assert claims.claim(owner="b", now=T0, lease=LEASE, limit=10) == []  # a holds the queue
    # The channel fails: the run stops and lets go of the board, which waits behind it.
    claims.failed(run[0].id, owner="a", error="create: down", retry_at=T0 + timedelta(seconds=5))
    claims.release([run[1].id], owner="a")
    assert claims.claim(owner="b", now=T0 + timedelta(seconds=1), lease=LEASE, limit=10) == []
    again = claims.claim(owner="b", now=T0 + timedelta(seconds=6), lease=LEASE, limit=10)
    assert [item.id for item in again] == [item.id for item in run]
    # The first attempt started at the claim: it may have reached Slack, the board did not.
    assert again[0].attempts == 1 and again[0].in_doubt_since == T0
    assert again[1].in_doubt_since is None


def test_a_run_stops_at_a_row_not_due_and_at_its_length(engine: Engine, crisis_id: int):
    queue(engine, crisis_id, *[OutboxKind.POST_CARD] * (QUEUE_RUN + 5))
    claims = SqlOutboxClaims(engine)
    run = claims.claim(owner="a", now=T0, lease=LEASE, limit=10)
    assert len(run) == QUEUE_RUN
    assert [item.id for item in run] == sorted(item.id for item in run)
    claims.failed(run[3].id, owner="a", error="post: down", retry_at=T0 + timedelta(seconds=5))
    claims.release([item.id for item in run[4:]], owner="a")
    with SqlUnitOfWork(engine) as unit:
        for item in run[:3]:
            unit.outbox.finish(item.id, now=T0)
        unit.commit()
    # The fourth card waits for its retry, and nothing behind it goes first.
    assert claims.claim(owner="b", now=T0 + timedelta(seconds=1), lease=LEASE, limit=10) == []
    resumed = claims.claim(owner="b", now=T0 + timedelta(seconds=6), lease=LEASE, limit=10)
    assert resumed[0].id == run[3].id and len(resumed) == QUEUE_RUN


def test_a_heartbeat_keeps_the_run_and_a_dead_owner_loses_it(engine: Engine, crisis_id: int):
    queue(engine, crisis_id, OutboxKind.CREATE_CHANNEL, OutboxKind.POST_BOARD)
    claims = SqlOutboxClaims(engine)
    run = claims.claim(owner="alive", now=T0, lease=LEASE, limit=1)
    claims.renew(
        [item.id for item in run], owner="alive", now=T0 + timedelta(seconds=8), lease=LEASE
    )
    later = T0 + timedelta(seconds=15)
    assert claims.claim(owner="other", now=later, lease=LEASE, limit=1) == []  # still alive
    # No more heartbeats: the owner died. Its run is taken over seconds later, its first row
    # in doubt (its attempt started at the claim), the next one new.
    dead = T0 + timedelta(seconds=19)
    taken = claims.claim(owner="other", now=dead, lease=LEASE, limit=1)
    assert [item.in_doubt_since for item in taken] == [T0, None]
    # The old owner wakes up after sending the first row: it cannot start the second.
    next_row = NextRow(taken[1].id, "alive", dead + LEASE)
    with SqlUnitOfWork(engine) as unit:
        assert unit.outbox.finish(taken[0].id, now=dead, then=next_row) is False
        unit.commit()
    with SqlUnitOfWork(engine) as unit:
        assert unit.outbox.finish(taken[0].id, now=dead, then=replace(next_row, owner="other"))
        unit.commit()


def test_a_redraw_followed_by_another_is_superseded_at_the_claim(engine: Engine, crisis_id: int):
    queue(engine, crisis_id, OutboxKind.REDRAW_BOARD, OutboxKind.POST_CARD, OutboxKind.REDRAW_BOARD)
    claims = SqlOutboxClaims(engine)
    run = claims.claim(owner="a", now=T0, lease=LEASE, limit=5)
    assert [item.kind for item in run] == [OutboxKind.POST_CARD, OutboxKind.REDRAW_BOARD]
    assert statuses(engine) == ["superseded", "pending", "pending"]
