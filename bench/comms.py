"""Webhook events of telling customers: signed, sent to a real loopback receiver that verifies
each signature and fails the first tenth with 500; throughput and exactly-once, per database."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta

from bench.databases import postgres_database, sqlite_database
from bench.stats import table
from bot.clock import utc_now
from bot.comms.deliveries import CommsDeliveries
from bot.comms.effects import Effect
from bot.comms.model import CommsEvent
from bot.delivery.engine import DeliveryEngine
from handlers.comms.effect_sender import SlackEffects
from handlers.comms.webhook_sender import StandardWebhookSender
from storage.comms_claims import SqlEffectClaims
from storage.db import create_db_engine, migrate
from storage.tables import CrisisRow
from storage.unit_of_work import SqlUnitOfWork, SqlUnitOfWorkFactory
from tests.comms.receiver import SECRET, WebhookReceiver

EVENTS = 500
FAILING = EVENTS // 10


class BenchClock:
    """Real time, moved past each backoff so the retries come without waiting."""

    def __init__(self) -> None:
        self.skew = timedelta(0)

    def __call__(self) -> datetime:
        return utc_now() + self.skew


def seed(url: str, count: int) -> None:
    """`count` resolved crises, each owing the receiver one crisis.resolved event."""
    engine = create_db_engine(url)
    migrate(engine)
    now = utc_now()
    with SqlUnitOfWork(engine) as unit:
        for n in range(count):
            crisis = CrisisRow(
                idempotency_key=f"bench-{n}",
                team_id="T0001",
                title=f"Crisis {n}",
                description="Bench",
                crisis_type="other",
                severity="sev2",
                status="resolved",
                lead_id="U001",
                declared_by="U001",
                declared_at=now,
                resolved_at=now,
            )
            unit.session.add(crisis)
            unit.session.flush()
            assert crisis.id is not None
            unit.comms.owe(
                crisis.id, Effect.WEBHOOK, crisis.id, at=now, event=CommsEvent.CRISIS_RESOLVED
            )
        unit.commit()
    engine.dispose()


def run(name: str, database: Callable[[], AbstractContextManager[str | None]]) -> list[object]:
    with database() as url:
        if url is None:
            return [name, "unreachable", "", "", ""]
        seed(url, EVENTS)
        engine = create_db_engine(url)
        receiver = WebhookReceiver(fail_next=FAILING).start()
        clock = BenchClock()
        effects = SlackEffects(
            None,  # type: ignore[arg-type]  # webhooks only: Slack is never called
            None,  # type: ignore[arg-type]
            exposure=lambda team, ids: None,
            support_channel=None,
            webhooks=StandardWebhookSender(receiver.url, SECRET),
        )
        source = CommsDeliveries(
            claims=SqlEffectClaims(engine),
            units=SqlUnitOfWorkFactory(engine),
            sender=effects,
            clock=clock,
        )
        deliveries = DeliveryEngine(sources=[source], clock=clock, owner="bench")
        started = time.perf_counter()
        sent = deliveries.run_until_idle(max_batches=1000)
        clock.skew = timedelta(minutes=1)  # past the first backoff: the failed ones again
        sent += deliveries.run_until_idle(max_batches=1000)
        elapsed = time.perf_counter() - started
        receiver.stop()
        deliveries.close()
        engine.dispose()
    accepted = Counter(r.webhook_id for r in receiver.accepted())
    return [name, sent, len(accepted), max(accepted.values()), f"{sent / elapsed:.0f}"]


def main() -> None:
    rows = [run("SQLite", sqlite_database), run("PostgreSQL", postgres_database)]
    print(
        f"## Webhook events ({EVENTS} events, the receiver answers 500 to the first {FAILING}, "
        "one process, the delivery engine's pool of 16)\n"
    )
    print(
        table(
            [
                "database",
                "events delivered",
                "distinct events the receiver took",
                "max times one event was taken",
                "events/s (with signing and verification)",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
