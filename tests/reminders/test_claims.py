"""Claims, leases and delivery records on each database: one owner at a time, nothing lost."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import Engine

from bot.delivery.state import DeliveryState
from bot.reminders.model import ReminderKind, ReminderSpec, ReminderStatus
from storage.db import create_db_engine
from storage.reminder_claims import SqlReminderClaims
from storage.unit_of_work import SqlUnitOfWork
from tests.conftest import T0

LEASE = timedelta(seconds=60)


def schedule(engine: Engine, *specs: ReminderSpec) -> None:
    with SqlUnitOfWork(engine) as unit:
        for spec in specs:
            unit.reminders.schedule(spec)
        unit.commit()


def spec(crisis_id: int, subject: str, due_at: datetime = T0, **more: object) -> ReminderSpec:
    return ReminderSpec(
        crisis_id=crisis_id,
        kind=ReminderKind.ACTION_DUE,
        subject=subject,
        due_at=due_at,
        channel_id="C1",
        params={"action": f"Action {subject}"},
        **more,
    )


def stored(engine: Engine, crisis_id: int) -> dict[str, datetime]:
    with SqlUnitOfWork(engine, write=False) as unit:
        return {r.spec.subject: r.due_at for r in unit.reminders.pending(crisis_id)}


def test_two_owners_never_hold_the_same_reminder(engine: Engine, crisis_id: int):
    schedule(engine, *(spec(crisis_id, str(n)) for n in range(10)))
    claims = SqlReminderClaims(engine)
    first = claims.claim_due(owner="a", now=T0, lease=LEASE, limit=6)
    second = claims.claim_due(owner="b", now=T0, lease=LEASE, limit=10)
    assert len(first) == 6 and len(second) == 4
    assert not {r.id for r in first} & {r.id for r in second}
    assert claims.claim_due(owner="c", now=T0 + LEASE / 2, lease=LEASE, limit=10) == []
    # Nobody finished: once the leases run out, every reminder can be claimed again.
    assert len(claims.claim_due(owner="c", now=T0 + LEASE * 2, lease=LEASE, limit=10)) == 10


def test_nothing_is_claimed_before_it_is_due(engine: Engine, crisis_id: int):
    schedule(engine, spec(crisis_id, "later", T0 + timedelta(minutes=5)))
    claims = SqlReminderClaims(engine)
    assert claims.claim_due(owner="a", now=T0, lease=LEASE, limit=10) == []
    assert len(claims.claim_due(owner="a", now=T0 + timedelta(minutes=5), lease=LEASE, limit=1))


def test_times_given_in_another_zone_are_stored_as_utc(engine: Engine, crisis_id: int):
    paris = timezone(timedelta(hours=2))
    schedule(engine, spec(crisis_id, "eta", datetime(2026, 11, 25, 11, 0, tzinfo=paris)))
    assert stored(engine, crisis_id) == {"eta": T0}
    claims = SqlReminderClaims(engine)
    [claimed] = claims.claim_due(owner="a", now=T0, lease=LEASE, limit=1)
    assert claimed.due_at == T0


def test_concurrent_claimers_share_the_work_without_overlap(engine: Engine, crisis_id: int):
    schedule(engine, *(spec(crisis_id, str(n)) for n in range(120)))
    url = engine.url.render_as_string(hide_password=False)
    seen: list[int] = []
    lock = threading.Lock()

    def work(owner: str) -> None:
        own_engine = create_db_engine(url)  # its own pool, as another process would have
        claims = SqlReminderClaims(own_engine)
        while batch := claims.claim_due(owner=owner, now=T0, lease=LEASE, limit=7):
            for reminder in batch:
                claims.begin_delivery(reminder.id, reminder.due_at, owner=owner, now=T0)
                claims.finish(reminder.id, reminder.due_at, owner=owner, now=T0, next_due=None)
            with lock:
                seen.extend(r.id for r in batch)
        own_engine.dispose()

    threads = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(seen) == len(set(seen)) == 120
    assert stored(engine, crisis_id) == {}


def test_an_owner_whose_lease_ran_out_can_neither_deliver_nor_move_it(
    engine: Engine, crisis_id: int
):
    schedule(engine, spec(crisis_id, "x", every=timedelta(hours=1)))
    claims = SqlReminderClaims(engine)
    [reminder] = claims.claim_due(owner="slow", now=T0, lease=LEASE, limit=1)
    later = T0 + LEASE + timedelta(seconds=1)
    assert claims.claim_due(owner="fast", now=later, lease=LEASE, limit=1)
    start = claims.begin_delivery(reminder.id, reminder.due_at, owner="slow", now=later)
    assert start.state is DeliveryState.LEASE_LOST
    moved = claims.finish(
        reminder.id, reminder.due_at, owner="slow", now=later, next_due=T0 + timedelta(hours=1)
    )
    assert not moved and stored(engine, crisis_id) == {"x": T0}


def test_starting_a_delivery_renews_the_lease(engine: Engine, crisis_id: int):
    schedule(engine, spec(crisis_id, "x"))
    claims = SqlReminderClaims(engine)
    [reminder] = claims.claim_due(owner="a", now=T0, lease=LEASE, limit=1)
    # The batch took 50 s to reach this reminder; its post must not race another owner's.
    started = T0 + timedelta(seconds=50)
    start = claims.begin_delivery(reminder.id, reminder.due_at, owner="a", now=started, lease=LEASE)
    assert start.state is DeliveryState.NEW
    assert claims.claim_due(owner="b", now=T0 + LEASE + LEASE / 2, lease=LEASE, limit=1) == []
    assert claims.finish(reminder.id, reminder.due_at, owner="a", now=T0 + LEASE, next_due=None)


def test_a_dead_owners_delivery_is_in_doubt_from_its_first_attempt(engine: Engine, crisis_id: int):
    schedule(engine, spec(crisis_id, "x"))
    claims = SqlReminderClaims(engine)
    [reminder] = claims.claim_due(owner="dead", now=T0, lease=LEASE, limit=1)
    attempt = T0 + timedelta(seconds=1)
    claims.begin_delivery(reminder.id, reminder.due_at, owner="dead", now=attempt)
    later = T0 + LEASE * 2
    [again] = claims.claim_due(owner="heir", now=later, lease=LEASE, limit=1)
    start = claims.begin_delivery(again.id, again.due_at, owner="heir", now=later, lease=LEASE)
    assert start.state is DeliveryState.IN_DOUBT and start.since == attempt
    assert claims.finish(again.id, again.due_at, owner="heir", now=later, next_due=None)
    assert stored(engine, crisis_id) == {}


def test_an_occurrence_sent_by_an_owner_that_lost_its_lease_is_not_sent_again(
    engine: Engine, crisis_id: int
):
    schedule(engine, spec(crisis_id, "x", every=timedelta(hours=1)))
    claims = SqlReminderClaims(engine)
    [reminder] = claims.claim_due(owner="slow", now=T0, lease=LEASE, limit=1)
    claims.begin_delivery(reminder.id, reminder.due_at, owner="slow", now=T0, lease=LEASE)
    late = T0 + LEASE * 2  # Slack answered after the lease ran out
    assert not claims.finish(reminder.id, reminder.due_at, owner="slow", now=late, next_due=None)
    [again] = claims.claim_due(owner="heir", now=late, lease=LEASE, limit=1)
    start = claims.begin_delivery(again.id, again.due_at, owner="heir", now=late, lease=LEASE)
    assert start.state is DeliveryState.ALREADY_SENT
    next_due = T0 + timedelta(hours=3)
    assert claims.finish(again.id, again.due_at, owner="heir", now=late, next_due=next_due)
    assert stored(engine, crisis_id) == {"x": next_due}


def test_rescheduling_during_a_delivery_keeps_the_new_time(engine: Engine, crisis_id: int):
    schedule(engine, spec(crisis_id, "x"))  # one-shot
    claims = SqlReminderClaims(engine)
    [reminder] = claims.claim_due(owner="a", now=T0, lease=LEASE, limit=1)
    claims.begin_delivery(reminder.id, reminder.due_at, owner="a", now=T0, lease=LEASE)
    new_due = T0 + timedelta(hours=2)
    schedule(engine, spec(crisis_id, "x", new_due))  # while the post is in flight
    assert not claims.finish(reminder.id, reminder.due_at, owner="a", now=T0, next_due=None)
    assert stored(engine, crisis_id) == {"x": new_due}
    # ... and the lease was let go: it fires at its new time, not a lease later.
    assert len(claims.claim_due(owner="b", now=new_due, lease=LEASE, limit=1)) == 1


def test_snoozing_during_a_delivery_keeps_the_snooze(engine: Engine, crisis_id: int):
    schedule(engine, spec(crisis_id, "x", every=timedelta(minutes=30)))
    claims = SqlReminderClaims(engine)
    [reminder] = claims.claim_due(owner="a", now=T0, lease=LEASE, limit=1)
    claims.begin_delivery(reminder.id, reminder.due_at, owner="a", now=T0, lease=LEASE)
    until = T0 + timedelta(hours=2)
    with SqlUnitOfWork(engine) as unit:
        assert unit.reminders.snooze(reminder.id, until)
        unit.commit()
    claims.finish(
        reminder.id, reminder.due_at, owner="a", now=T0, next_due=T0 + timedelta(minutes=30)
    )
    assert stored(engine, crisis_id) == {"x": until}


def test_scheduling_replaces_and_cancelling_stops(engine: Engine, crisis_id: int):
    schedule(engine, spec(crisis_id, "a"), spec(crisis_id, "b"), spec(crisis_id, "c"))
    schedule(engine, spec(crisis_id, "a", T0 + timedelta(hours=1), every=timedelta(hours=1)))
    with SqlUnitOfWork(engine) as unit:
        [a] = [r for r in unit.reminders.pending(crisis_id) if r.spec.subject == "a"]
        assert a.spec.every == timedelta(hours=1) and a.due_at == T0 + timedelta(hours=1)
        assert unit.reminders.cancel(crisis_id, ReminderKind.ACTION_DUE, "b") == 1
        assert unit.reminders.cancel(crisis_id, ReminderKind.STEP_OVERDUE) == 0
        unit.commit()
    assert set(stored(engine, crisis_id)) == {"a", "c"}
    with SqlUnitOfWork(engine) as unit:
        assert unit.reminders.cancel(crisis_id, ReminderKind.ACTION_DUE) == 2
        assert not unit.reminders.snooze(a.id, T0 + timedelta(hours=3))  # cancelled stays so
        cancelled = unit.reminders.get(a.id)
        unit.commit()
    assert cancelled is not None and cancelled.status is ReminderStatus.CANCELLED
    assert stored(engine, crisis_id) == {}
