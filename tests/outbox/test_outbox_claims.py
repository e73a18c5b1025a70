"""Outbox claims: one queue head at a time, short leases kept alive by a heartbeat."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from bot.delivery.state import DeliveryState
from bot.outbox.model import OutboxKind
from storage.outbox import SqlOutboxClaims
from storage.unit_of_work import SqlUnitOfWork
from tests.conftest import T0

LEASE = timedelta(seconds=10)


def queue(engine: Engine, crisis_id: int, *kinds: OutboxKind) -> None:
    with SqlUnitOfWork(engine) as unit:
        for kind in kinds:
            unit.outbox.add(crisis_id, kind, at=T0)
        unit.commit()


def test_a_crisis_queue_is_delivered_one_row_at_a_time(engine: Engine, crisis_id: int):
    queue(engine, crisis_id, OutboxKind.CREATE_CHANNEL, OutboxKind.POST_BOARD)
    claims = SqlOutboxClaims(engine)
    [head] = claims.claim(owner="a", now=T0, lease=LEASE, limit=10)
    assert head.kind is OutboxKind.CREATE_CHANNEL
    assert claims.claim(owner="b", now=T0, lease=LEASE, limit=10) == []  # the board waits
    claims.failed(head.id, owner="a", error="create: down", retry_at=T0 + timedelta(seconds=5))
    assert claims.claim(owner="b", now=T0 + timedelta(seconds=1), lease=LEASE, limit=10) == []
    [again] = claims.claim(owner="b", now=T0 + timedelta(seconds=6), lease=LEASE, limit=10)
    assert again.id == head.id and again.attempts == 1
    start = claims.begin(again.id, owner="b", now=T0 + timedelta(seconds=6), lease=LEASE)
    assert start.state is DeliveryState.NEW


def test_a_heartbeat_keeps_the_lease_and_a_dead_owner_loses_it(engine: Engine, crisis_id: int):
    queue(engine, crisis_id, OutboxKind.CREATE_CHANNEL)
    claims = SqlOutboxClaims(engine)
    [item] = claims.claim(owner="alive", now=T0, lease=LEASE, limit=1)
    assert claims.begin(item.id, owner="alive", now=T0, lease=LEASE).state is DeliveryState.NEW
    claims.renew([item.id], owner="alive", now=T0 + timedelta(seconds=8), lease=LEASE)
    later = T0 + timedelta(seconds=15)
    assert claims.claim(owner="other", now=later, lease=LEASE, limit=1) == []  # still alive
    # No more heartbeats: the owner died. Its work is taken over seconds later, in doubt.
    dead = T0 + timedelta(seconds=19)
    [taken] = claims.claim(owner="other", now=dead, lease=LEASE, limit=1)
    start = claims.begin(taken.id, owner="other", now=dead, lease=LEASE)
    assert start.state is DeliveryState.IN_DOUBT and start.since == T0
    assert claims.begin(taken.id, owner="alive", now=dead, lease=LEASE).state is (
        DeliveryState.LEASE_LOST
    )


def test_a_redraw_followed_by_another_is_superseded(engine: Engine, crisis_id: int):
    queue(engine, crisis_id, OutboxKind.REDRAW_BOARD, OutboxKind.REDRAW_BOARD)
    claims = SqlOutboxClaims(engine)
    [first] = claims.claim(owner="a", now=T0, lease=LEASE, limit=5)
    assert claims.begin(first.id, owner="a", now=T0, lease=LEASE).state is (
        DeliveryState.SUPERSEDED
    )
    [second] = claims.claim(owner="a", now=T0, lease=LEASE, limit=5)
    assert claims.begin(second.id, owner="a", now=T0, lease=LEASE).state is DeliveryState.NEW
