"""The delivery engine under load: 1,000 reminders and 1,000 outbox posts due at once across
1,000 channels, 3 processes on PostgreSQL, the fake Slack enforcing one post per second per
channel; then the same with 5% of all Slack calls failing with HTTP 500.

First, issue 13's goal on its own: 1,000 outbox posts (no reminders) falling due at once across
1,000 channels, 3 processes on PostgreSQL, Slack not limiting: lateness p99 within the poll
interval + 1 s, 0 duplicates."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import datetime, timedelta
from typing import IO

from sqlmodel import Session, select

from bench.databases import postgres_database
from bench.processes import ROOT
from bench.stats import percentile, table
from bot.clock import utc_now
from bot.outbox.model import OutboxKind, OutboxStatus, crisis_queue
from bot.reminders.model import ReminderKind, ReminderSpec
from storage.db import create_db_engine, migrate
from storage.outbox_tables import OutboxRow
from storage.unit_of_work import SqlUnitOfWork
from tests.databases import add_crisis_row
from tests.fake_slack import FakeSlack
from tests.reminders.worker import CPU_LINE

CHANNELS = 1_000
PROCESSES = 3
START_IN = 6.0  # seconds for the workers to start before everything falls due
POLL = 2.0  # the app's default CRISIS_POLL_SECONDS


def seed(url: str, fake: FakeSlack, *, reminders: bool = True) -> datetime:
    """One crisis per channel, each with an outbox post (and a reminder) due at the same time."""
    engine = create_db_engine(url)
    migrate(engine)
    due = utc_now() + timedelta(seconds=START_IN)
    channels = [
        fake.create_channel(f"crisis-bench-{n}", members=("UBOT",)) for n in range(CHANNELS)
    ]
    with SqlUnitOfWork(engine) as unit:
        for n, channel in enumerate(channels):
            crisis_id = add_crisis_row(
                unit.session, key=f"bench-{n}", declared_at=due, channel_id=channel
            )
            if reminders:
                unit.reminders.schedule(
                    ReminderSpec(
                        crisis_id=crisis_id,
                        kind=ReminderKind.ACTION_DUE,
                        subject="1",
                        due_at=due,
                        channel_id=channel,
                        params={"action": f"Follow-up {n}"},
                    )
                )
            unit.session.add(outbox_post(crisis_id, due))
        unit.commit()
    engine.dispose()
    return due


def outbox_post(crisis_id: int, due: datetime) -> OutboxRow:
    """A channel post waiting in the outbox until `due`."""
    return OutboxRow(
        crisis_id=crisis_id,
        queue=crisis_queue(crisis_id),
        kind=OutboxKind.LEAD_CHANGED.value,
        params={"previous": "U001", "lead": "U002"},
        status=OutboxStatus.PENDING.value,
        created_at=due,
        not_before=due,
    )


def run(failing: float, *, limited: bool = True, reminders: bool = True) -> list[object] | None:
    with postgres_database() as url:  # a database of this run's own
        if url is None:
            return None
        with FakeSlack() as fake:
            due = seed(url, fake, reminders=reminders)
            if limited:
                fake.enforce_post_rate(1.0)
            before = fake_cpu_seconds()
            workers = [spawn(url, fake.base_url) for _ in range(PROCESSES)]
            for worker in workers:
                ready(worker)
            # Failures start once the workers are up (a failed auth.test stops a start-up).
            fake.fail_randomly(failing, seed=42)
            outputs = [finished(worker) for worker in workers]
            fake_cpu = fake_cpu_seconds() - before
            workers_cpu = sum(delivery_cpu_seconds(output) for output in outputs)
            posts = [c for c in fake.calls_to("chat.postMessage") if c.args.get("metadata")]
            failed = given_up(url)
    keys = Counter(c.args["metadata"]["event_payload"]["delivery"] for c in posts)
    lateness = [c.at - due.timestamp() for c in posts]
    span = max(c.at for c in posts) - due.timestamp()
    return [
        "outbox posts + reminders" if reminders else "outbox posts",
        "1 post/s per channel" if limited else "none",
        f"{failing:.0%}",
        len(posts),
        f"{len(posts) / span:.0f}",
        f"{percentile(lateness, 0.5):.2f}",
        f"{percentile(lateness, 0.99):.2f}",
        "met" if percentile(lateness, 0.99) <= POLL + 1 else "missed",
        f"{workers_cpu * 1000 / len(posts):.1f}",
        f"{fake_cpu * 1000 / len(posts):.1f}",
        sum(n - 1 for n in keys.values()),
        (2 if reminders else 1) * CHANNELS - len(keys),
        failed,
    ]


def fake_cpu_seconds() -> float:
    """CPU seconds (user + system) of this process: the fake Slack, which answers every call."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def ready(worker: subprocess.Popen[bytes]) -> None:
    """Wait until the worker has built its runtime (it prints "ready")."""
    assert worker.stdout is not None
    for line in worker.stdout:
        if line.strip() == b"ready":
            return
    finished(worker)  # it stopped before it was ready: say why


def finished(worker: subprocess.Popen[bytes]) -> str:
    """A worker's report once it is done; what it said on stderr if it broke."""
    out, _ = worker.communicate(timeout=600)
    report = out.decode()
    with _LOGS.pop(worker.pid) as log:
        log.seek(0)
        said = log.read().decode()
    if CPU_LINE not in report:
        tail = "\n".join(said.splitlines()[-20:])
        raise RuntimeError(
            f"a worker stopped without its report (exit {worker.returncode}):\n{tail}"
        )
    return report


def delivery_cpu_seconds(output: str) -> float:
    """The CPU a worker spent after start-up, as it reported it."""
    line = next(line for line in output.splitlines() if line.startswith(CPU_LINE))
    return float(line.removeprefix(CPU_LINE))


def given_up(url: str) -> int:
    """Outbox rows whose retries ran out."""
    engine = create_db_engine(url)
    with Session(engine) as session:
        rows = session.exec(select(OutboxRow).where(OutboxRow.status == "failed")).all()
    engine.dispose()
    return len(rows)


_LOGS: dict[int, IO[bytes]] = {}


def spawn(url: str, slack_url: str) -> subprocess.Popen[bytes]:
    # A file, not a pipe: a worker's warnings must never wait for the bench to read them.
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed once the worker is done)
    worker = subprocess.Popen(
        [
            *(sys.executable, "-m", "tests.reminders.worker", url, slack_url),
            *("--poll", str(POLL), "--seconds", "300", "--lease", "10"),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=log,
    )
    _LOGS[worker.pid] = log
    return worker


def main() -> None:
    """Every case; `--goal` runs issue 13's goal alone."""
    goal = run(0.0, limited=False, reminders=False)
    if "--goal" in sys.argv[1:]:
        runs: tuple[list[object] | None, ...] = (goal,)
    else:
        runs = (goal, run(0.0, limited=False), run(0.0), run(0.05))
    rows = [row for row in runs if row is not None]
    print(
        f"## Deliveries: {CHANNELS:,} outbox posts (and {CHANNELS:,} reminders) due at once "
        f"({CHANNELS:,} channels, {PROCESSES} processes, PostgreSQL, poll every {POLL:g} s)\n"
    )
    if not rows:
        print("PostgreSQL is unreachable (TEST_DATABASE_URL): skipped.")
        return
    header = [
        "due at once",
        "fake Slack's limit",
        "Slack calls failing (HTTP 500)",
        "messages posted",
        "deliveries/s",
        "lateness p50 s",
        "lateness p99 s",
        f"p99 <= poll + 1 s ({POLL + 1:g} s)",
        "workers' CPU ms / message (after start-up)",
        "fake Slack's CPU ms / message",
        "duplicates",
        "missed",
        "rows given up",
    ]
    print(table(header, rows))


if __name__ == "__main__":
    main()
