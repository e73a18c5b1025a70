"""One delivery engine for everything the app must say in Slack: reminders and the outbox.

Each source (reminders, outbox rows) knows its own bookkeeping; the engine claims their due work
with a short lease, delivers it on a small pool (so one slow channel holds up nobody else),
keeps the leases alive while it works, retries with backoff and logs one line per delivery.

A source may claim several rows of one queue at once (a crisis's set-up, a card and its board
redraw): the jobs that name the same queue form a run, delivered one after another, in the
order claimed, by one worker. A run stops at its first job that fails or is no longer ours; the
leases of the jobs after it are let go at once (`release`), so the next claim starts the queue
again from that job, and nothing behind it ever overtakes it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.clock import Clock
from bot.delivery.state import DeliveryStart, DeliveryState, retry_delay
from bot.errors import DatabaseUnavailable, SlackCallFailed

__all__ = ["DeliveryEngine", "DeliveryStart", "DeliveryState", "Job", "retry_delay"]

logger = logging.getLogger(__name__)

DEFAULT_LEASE = timedelta(seconds=10)
DEFAULT_BATCH = 50
DEFAULT_WORKERS = 16
OUTAGE_BACKOFF_MAX = 60.0


@dataclass(frozen=True)
class Job:
    """One claimed piece of work: which source, which row, for which crisis, due when."""

    source: str
    id: int
    what: str
    crisis_id: int
    due_at: datetime
    attempts: int
    item: Any
    # Jobs of one queue claimed together are delivered in order by one worker (None: alone).
    queue: str | None = None


@dataclass(frozen=True)
class Delivered:
    """Where a job went (for the log); `sent=False` when nothing needed sending."""

    where: str
    sent: bool = True


class DeliverySource(Protocol):
    """A kind of work the engine delivers (reminders, outbox rows)."""

    name: str
    max_attempts: int | None  # None: retry for ever (with backoff)

    def claim(self, *, owner: str, now: datetime, lease: timedelta, limit: int) -> list[Job]:
        """Lease up to `limit` jobs that are due and that nobody holds a live lease on."""
        ...

    def deliver(self, job: Job, *, owner: str, lease: timedelta) -> Delivered | None:
        """Send the job once (None: it was no longer ours); raise SlackCallFailed on failure."""
        ...

    def failed(
        self, job: Job, failure: SlackCallFailed, *, owner: str, retry_at: datetime | None
    ) -> None:
        """Record a failure: retry at `retry_at`, or give up for good when it is None."""
        ...

    def renew(self, ids: Sequence[int], *, owner: str, now: datetime, lease: timedelta) -> None:
        """Extend the leases this owner still holds on these jobs."""
        ...

    def release(self, jobs: Sequence[Job], *, owner: str) -> None:
        """Let go of claimed jobs that were not started (a run stopped before them)."""
        ...


class DeliveryEngine:
    """Claims due work from every source and delivers it, exactly once per row."""

    def __init__(
        self,
        *,
        sources: Sequence[DeliverySource],
        clock: Clock,
        owner: str,
        lease: timedelta = DEFAULT_LEASE,
        batch: int = DEFAULT_BATCH,
        workers: int = DEFAULT_WORKERS,
        monotonic: Callable[[], float] | None = None,
        kicked: Sequence[str] | None = None,
    ) -> None:
        self.sources = list(sources)
        # The sources a commit can make due at once (the outbox); the others wait for the poll.
        self._kicked_sources = tuple(kicked) if kicked is not None else None
        self._sources = {source.name: source for source in sources}
        self._clock = clock
        self.owner = owner
        self.lease = lease
        self._batch = batch
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="delivery")
        self._in_flight: dict[tuple[str, int], Job] = {}
        self._lock = threading.Lock()
        self._kick_lock = threading.Lock()
        self._kick_running = False
        self._kick_names: set[str] = set()
        self._outage = Outage(monotonic)

    def run_once(self) -> int:
        """Claim one batch from every source, deliver it concurrently; how many were sent."""
        return self._run_batch()[1]

    def _run_batch(self, names: Sequence[str] | None = None) -> tuple[int, int]:
        jobs: list[Job] = []
        for name, source in self._sources.items():
            if names is not None and name not in names:
                continue
            jobs += source.claim(
                owner=self.owner, now=self._clock(), lease=self.lease, limit=self._batch
            )
        with self._lock:
            self._in_flight.update({(job.source, job.id): job for job in jobs})
        results = list(self._pool.map(self._deliver_run, runs(jobs)))
        return len(jobs), sum(results)

    def _deliver_run(self, run: Sequence[Job]) -> int:
        """Deliver a queue's claimed jobs in order; stop at the first one that is not delivered
        (failed, or no longer ours) and let go of the rest."""
        delivered = 0
        for n, job in enumerate(run):
            if not self._deliver(job):
                self._release(run[n + 1 :])
                break
            delivered += 1
        return delivered

    def _release(self, jobs: Sequence[Job]) -> None:
        if not jobs:
            return
        with self._lock:
            for job in jobs:
                self._in_flight.pop((job.source, job.id), None)
        try:
            self._sources[jobs[0].source].release(jobs, owner=self.owner)
        except DatabaseUnavailable:
            self._outage.failed()  # their leases run out instead

    def run_until_idle(self, max_batches: int = 100, names: Sequence[str] | None = None) -> int:
        """Deliver batches (of the sources `names`, or all) until nothing is left to claim
        (bounded, so a poll never runs for ever); how many were sent. A delivered or failed
        row unblocks its queue's next one, so go on."""
        delivered = 0
        for _ in range(max_batches):
            claimed, count = self._run_batch(names)
            delivered += count
            if not claimed:
                break
        return delivered

    def poll(self, names: Sequence[str] | None = None) -> None:
        """The scheduler's job: deliver what is due; a database outage is one line, not many."""
        if not self._outage.may_try():
            return
        try:
            self.run_until_idle(names=names)
        except DatabaseUnavailable:
            self._outage.failed()
            return
        self._outage.recovered()

    def kick(self, executor: Executor, written: Collection[str] | None = None) -> None:
        """Deliver now (after a commit wrote rows to the sources `written`, or to every source
        a commit can kick), on `executor`; kicks coalesce, and each pass visits only the
        sources written to since the last one (no claim on a source nothing was added to)."""
        kickable = self._kicked_sources if self._kicked_sources is not None else self._sources
        names = {name for name in (kickable if written is None else written) if name in kickable}
        if not names:
            return
        with self._kick_lock:
            self._kick_names |= names
            if self._kick_running:
                return
            self._kick_running = True
        executor.submit(self._kicked)

    def _kicked(self) -> None:
        while True:
            with self._kick_lock:
                names, self._kick_names = self._kick_names, set()
                if not names:
                    self._kick_running = False
                    return
            try:
                self.poll(sorted(names))
            except Exception:
                # Nobody waits on this pass: say what broke; the next poll tries again.
                logger.exception("a delivery pass failed")
                with self._kick_lock:
                    self._kick_running = False
                return

    def heartbeat(self) -> None:
        """Renew the leases of the work this process is delivering (a dead owner's expire)."""
        with self._lock:
            by_source: dict[str, list[int]] = {}
            for job in self._in_flight.values():
                by_source.setdefault(job.source, []).append(job.id)
        try:
            for name, ids in by_source.items():
                self._sources[name].renew(
                    ids, owner=self.owner, now=self._clock(), lease=self.lease
                )
        except DatabaseUnavailable:
            self._outage.failed()

    def close(self, *, wait: bool = True) -> None:
        """Release the pool, after the deliveries in progress unless `wait` is False (what is
        left stays in the database for the next process)."""
        self._pool.shutdown(wait=wait, cancel_futures=not wait)

    def _deliver(self, job: Job) -> int:
        source = self._sources[job.source]
        try:
            done = source.deliver(job, owner=self.owner, lease=self.lease)
        except SlackCallFailed as failure:
            self._fail(source, job, failure)
            return 0
        except DatabaseUnavailable:
            # The lease runs out; whoever claims the job next checks Slack before sending.
            self._outage.failed()
            return 0
        except Exception as error:
            # One broken row must not stop the others: it is retried (and logged) like a
            # failure, and gives up in the end, instead of coming back after every lease.
            logger.exception("delivering %s for crisis %s broke", job.what, job.crisis_id)
            self._fail(source, job, SlackCallFailed(job.what, str(error), transient=True))
            return 0
        finally:
            with self._lock:
                self._in_flight.pop((job.source, job.id), None)
        if done is not None and done.sent:
            late = (self._clock() - job.due_at).total_seconds()
            logger.info(
                "delivered %s to %s for crisis %s (%.1f s late, attempt %s)",
                job.what,
                done.where,
                job.crisis_id,
                max(0.0, late),
                job.attempts + 1,
            )
        return 1 if done is not None else 0

    def _fail(self, source: DeliverySource, job: Job, failure: SlackCallFailed) -> None:
        attempts = job.attempts + 1
        limit = source.max_attempts
        gives_up = not failure.transient or (limit is not None and attempts >= limit)
        retry_at = None
        if not gives_up:
            wait = retry_delay(attempts)
            if failure.retry_after is not None:
                wait = max(wait, timedelta(seconds=failure.retry_after))
            retry_at = self._clock() + wait
        source.failed(job, failure, owner=self.owner, retry_at=retry_at)
        if retry_at is None:
            logger.warning(
                "gave up on %s for crisis %s after %s attempts: %s",
                job.what,
                job.crisis_id,
                attempts,
                failure,
            )
        else:
            logger.warning(
                "could not deliver %s for crisis %s (%s); retrying at %s",
                job.what,
                job.crisis_id,
                failure,
                f"{retry_at:%H:%M:%S}",
            )


def runs(jobs: Sequence[Job]) -> list[list[Job]]:
    """The jobs grouped into runs: those of one source and queue together, in claimed order."""
    grouped: dict[tuple[str, str | int], list[Job]] = {}
    for job in jobs:
        grouped.setdefault((job.source, job.queue if job.queue is not None else job.id), []).append(
            job
        )
    return list(grouped.values())


class Outage:
    """While the database is unavailable, polls wait longer and longer before trying again.

    Storage logs the outage itself, one line when it starts and one when it ends.
    """

    def __init__(self, monotonic: Callable[[], float] | None = None) -> None:
        self._monotonic = monotonic or time.monotonic
        self._next_try: float | None = None
        self._wait = 1.0
        self._lock = threading.Lock()

    def may_try(self) -> bool:
        """False while backing off from a failed attempt."""
        with self._lock:
            return self._next_try is None or self._monotonic() >= self._next_try

    def failed(self) -> None:
        """Wait longer before each further try (1 s, 2 s, ... at most a minute)."""
        with self._lock:
            if self._next_try is not None:
                self._wait = min(OUTAGE_BACKOFF_MAX, self._wait * 2)
            self._next_try = self._monotonic() + self._wait

    def recovered(self) -> None:
        """Back to polling on schedule."""
        with self._lock:
            self._next_try, self._wait = None, 1.0
