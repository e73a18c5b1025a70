"""How fast the app acknowledges Slack under load, against a bare Bolt app on the same server.

The app runs as `make run` runs it (python app.py, waitress, HTTP) against the fake Slack in its
own process; a separate load process sends signed requests at concurrency 1, 10 and 50.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass

from sqlalchemy import create_engine, text

from bench.processes import (
    ROOT,
    bare_bolt,
    crisis_desk,
    fake_calls,
    fake_slack,
    peak_rss_mib,
    wait_until_quiet,
)
from bench.slack_bodies import KINDS
from bench.stats import percentile, table

CONCURRENCY = (1, 10, 50)
REQUESTS = {1: 100, 10: 300, 50: 500}
FIRST_CRISIS = "SELECT id, channel_id FROM crisis WHERE channel_id IS NOT NULL ORDER BY id LIMIT 1"
HEADER = [
    "database",
    "request",
    "concurrency",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "req/s",
    "bare Bolt p99 ms",
    "p99 / bare",
    "HTTP statuses",
]


@dataclass
class Load:
    """What one load process measured."""

    latencies: list[float]
    wall: float
    statuses: dict[str, int]

    def ms(self, fraction: float) -> float:
        return percentile(self.latencies, fraction) * 1000


def load(
    url: str,
    kind: str,
    concurrency: int,
    count: int,
    *,
    crisis_id: int = 1,
    channel: str = "C00000001",
) -> Load:
    """Run one load process against `url`."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.load",
            url,
            kind,
            str(concurrency),
            str(count),
            "--crisis-id",
            str(crisis_id),
            "--channel",
            channel,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return Load(**json.loads(result.stdout))


def seed_crisis(url: str, slack_url: str, database_url: str) -> tuple[int, str]:
    """Declare one crisis through the app; its id and channel (for the decision kinds)."""
    load(url, "declare", 1, 1)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not fake_calls(slack_url, "pins.add"):
        time.sleep(0.05)
    engine = create_engine(database_url)
    with engine.connect() as connection:
        crisis_id, channel = connection.execute(text(FIRST_CRISIS)).one()
    engine.dispose()
    return int(crisis_id), str(channel)


def run(label: str, database_url: str) -> tuple[list[list[object]], float]:
    """Rows of the latency table for one database, and the app's peak RSS (MiB)."""
    rows: list[list[object]] = []
    with (
        fake_slack() as slack_url,
        crisis_desk(slack_url, database_url) as (app_url, app),
        bare_bolt(slack_url) as (base_url, _),
    ):
        crisis_id, channel = seed_crisis(app_url, slack_url, database_url)
        for kind in KINDS:
            for concurrency in CONCURRENCY:
                count = REQUESTS[concurrency]
                wait_until_quiet(slack_url)
                ours = load(app_url, kind, concurrency, count, crisis_id=crisis_id, channel=channel)
                wait_until_quiet(slack_url)
                floor = load(
                    base_url, kind, concurrency, count, crisis_id=crisis_id, channel=channel
                )
                rows.append(
                    [
                        label,
                        kind,
                        concurrency,
                        f"{ours.ms(0.5):.1f}",
                        f"{ours.ms(0.95):.1f}",
                        f"{ours.ms(0.99):.1f}",
                        f"{count / ours.wall:.0f}",
                        f"{floor.ms(0.99):.1f}",
                        f"{ours.ms(0.99) / floor.ms(0.99):.2f}x",
                        ", ".join(f"{code}: {n}" for code, n in ours.statuses.items()),
                    ]
                )
        wait_until_quiet(slack_url)  # accepted work finished: now read peak memory
        rss = peak_rss_mib(app.pid)
    return rows, rss


def main() -> None:
    from bench.databases import both_databases

    rows: list[list[object]] = []
    memory: list[list[object]] = []
    with both_databases() as databases:
        for label, url in databases:
            measured, rss = run(label, url)
            rows += measured
            memory.append([label, f"{rss:.0f}"])
    print("## Acknowledgement latency under load\n")
    print(table(HEADER, rows))
    print("\n## Peak memory of one app process after the load\n")
    print(table(["database", "peak RSS MiB"], memory))


if __name__ == "__main__":
    main()
