"""Reminder delivery on PostgreSQL with 1, 2 and 4 worker processes: throughput and lateness
(p50/p99 from due time to Slack receiving the message), each reminder exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import datetime

from bench.databases import postgres_database
from bench.processes import ROOT
from bench.stats import percentile, table
from tests.fake_slack import FakeSlack
from tests.reminders.worker import seed

REMINDERS = 2_000
SPREAD = 5.0  # seconds over which they come due
START_IN = 3.0  # seconds for the workers to start before the first is due
POLL = 2.0  # the app's default CRISIS_POLL_SECONDS


def run(processes: int) -> list[object] | None:
    with postgres_database() as url:
        if url is None:
            return None
        with FakeSlack() as fake:
            seed(url, fake, REMINDERS, spread_seconds=SPREAD, start_in=START_IN)
            workers = [
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "tests.reminders.worker",
                        url,
                        fake.base_url,
                        "--poll",
                        str(POLL),
                        "--seconds",
                        "120",
                    ],
                    cwd=ROOT,
                    env={**os.environ, "PYTHONPATH": str(ROOT)},
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                for _ in range(processes)
            ]
            for worker in workers:
                worker.wait(timeout=180)
            posts = [c for c in fake.calls_to("chat.postMessage") if c.args.get("metadata")]
    keys = Counter(c.args["metadata"]["event_payload"]["delivery"] for c in posts)
    lateness = []
    for call in posts:
        due = datetime.fromisoformat(
            call.args["metadata"]["event_payload"]["delivery"].split(":", 1)[1]
        )
        lateness.append(call.at - due.timestamp())
    first_due = min(c.at - late for c, late in zip(posts, lateness, strict=True))
    span = max(c.at for c in posts) - first_due
    return [
        processes,
        len(keys),
        max(keys.values()),
        f"{len(posts) / span:.0f}",
        f"{percentile(lateness, 0.5) * 1000:.0f}",
        f"{percentile(lateness, 0.99) * 1000:.0f}",
    ]


def main() -> None:
    rows = [row for row in (run(n) for n in (1, 2, 4)) if row is not None]
    print(
        f"## Reminder delivery ({REMINDERS:,} reminders due over {SPREAD:.0f} s, PostgreSQL, "
        f"poll every {POLL:g} s)\n"
    )
    if not rows:
        print("PostgreSQL is unreachable (TEST_DATABASE_URL): skipped.")
        return
    print(
        table(
            [
                "processes",
                "reminders delivered",
                "max deliveries per reminder",
                "deliveries/s (first due -> last delivered)",
                "lateness p50 ms",
                "lateness p99 ms",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
