"""What a running process holds, and its lifecycle: the scheduler, the pools, a bounded drain."""

from __future__ import annotations

import time
from dataclasses import dataclass

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App
from sqlalchemy import Engine

from bot.clock import utc_now
from bot.delivery.engine import DeliveryEngine
from bot.services import Services
from bot.settings import Settings
from handlers.executor import DrainableExecutor

# Work already accepted from Slack gets this long on a clean stop (within the 30 s that
# Docker, systemd and Kubernetes commonly allow).
DRAIN_SECONDS = 20.0


@dataclass
class Runtime:
    """Everything a running process holds."""

    settings: Settings
    engine: Engine
    services: Services
    app: App
    listeners: DrainableExecutor
    background: DrainableExecutor
    kicks: DrainableExecutor
    homes: DrainableExecutor
    deliveries: DeliveryEngine
    scheduler: BackgroundScheduler | None = None

    def start_scheduler(self) -> None:
        """Deliver what is due every CRISIS_POLL_SECONDS, and keep this process's leases alive;
        watch promises to customers and call-centre scripts on the same beat."""
        scheduler = BackgroundScheduler(timezone="UTC")
        every = {"max_instances": 1, "coalesce": True, "next_run_time": utc_now()}
        scheduler.add_job(
            self.deliveries.poll,
            "interval",
            seconds=self.settings.reminder_poll_seconds,
            id="deliver-due-work",
            **every,
        )
        scheduler.add_job(
            self.deliveries.heartbeat,
            "interval",
            seconds=max(1.0, self.deliveries.lease.total_seconds() / 3),
            id="renew-delivery-leases",
            **every,
        )
        # Promises falling due and stale scripts are written as comms outbox rows, delivered by
        # the engine like everything else.
        for job_id, job in (
            ("watch-customer-promises", self.services.promises.run_once),
            ("nudge-stale-call-scripts", self.services.scripts.nudge_stale),
        ):
            scheduler.add_job(
                job, "interval", seconds=self.settings.reminder_poll_seconds, id=job_id, **every
            )
        scheduler.start()
        self.scheduler = scheduler

    @property
    def pools(self) -> tuple[DrainableExecutor, ...]:
        """Each stage hands work to the next: listeners -> background work -> deliveries."""
        return (self.listeners, self.background, self.kicks, self.homes)

    def in_flight(self) -> int:
        """Tasks accepted from Slack and not finished yet."""
        return sum(pool.in_flight for pool in self.pools)

    def drain(self, timeout: float = 30.0) -> bool:
        """Wait for work already accepted from Slack to finish; False if it did not in time."""
        deadline = time.monotonic() + timeout
        # Repeat: a stage may hand work to one that looked idle a moment ago.
        while True:
            for pool in self.pools:
                pool.drain(max(0.0, deadline - time.monotonic()))
            if self.in_flight() == 0:
                return True
            if time.monotonic() >= deadline:
                return False

    def close(self, timeout: float = DRAIN_SECONDS) -> int:
        """Stop the scheduler, finish in-flight work (bounded), release everything.

        Returns how many tasks were still unfinished when `timeout` ran out.
        """
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=True)
        self.drain(timeout)
        left = self.in_flight()
        for pool in self.pools:
            pool.shutdown(wait=left == 0, cancel_futures=True)
        self.deliveries.close(wait=left == 0)
        self.engine.dispose()
        return left
