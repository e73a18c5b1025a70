"""Each request's cost against a fair floor: CPU per request, and latency under load.

The app runs as `make run` runs it (python app.py, waitress, HTTP) against the fake Slack in its
own process. The floor (bench/fair_floor.py) is a bare Bolt app on the same server settings that,
per request kind, does exactly the Slack calls and database rows Crisis Desk did for one request of
that kind (recorded first), and nothing else. Where the machine has two cores or more, the app
and the floor run on core 0, the fake Slack and the load generator on the others.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.floor_script import dump, record
from bench.processes import (
    ROOT,
    app_env,
    crisis_desk,
    fake_calls,
    fake_slack,
    free_port,
    peak_rss_mib,
    running,
    wait_until_quiet,
)
from bench.slack_bodies import KINDS
from bench.stats import percentile, table

CONCURRENCY = (1, 10, 50)
REQUESTS = {1: 100, 10: 300, 50: 500}
CPU_REQUESTS = 200
FIRST_CRISIS = "SELECT id, channel_id FROM crisis WHERE channel_id IS NOT NULL ORDER BY id LIMIT 1"
CPU_HEADER = ["database", "request", "app CPU ms", "floor CPU ms", "CPU / floor"]
LATENCY_HEADER = [
    "database",
    "request",
    "concurrency",
    "p50 ms",
    "p99 ms",
    "floor p50 ms",
    "floor p99 ms",
    "p99 / floor",
    "HTTP statuses",
]
APP_CORES = {0}


@dataclass
class Load:
    """What one load process measured."""

    latencies: list[float]
    wall: float
    statuses: dict[str, int]

    def ms(self, fraction: float) -> float:
        return percentile(self.latencies, fraction) * 1000


def load(
    url: str, kind: str, concurrency: int, count: int, *, crisis_id: int, channel: str
) -> Load:
    """Run one load process against `url`."""
    args = [url, kind, str(concurrency), str(count), "--crisis-id", str(crisis_id)]
    result = subprocess.run(
        [sys.executable, "-m", "bench.load", *args, "--channel", channel],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return Load(**json.loads(result.stdout))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def split_cores() -> str:
    """App and floor on core 0, everything else on the rest; says what was done."""
    cores = os.sched_getaffinity(0)
    if len(cores) < 2 or not cores >= APP_CORES:
        return "one core: the app, the floor, the fake Slack and the load share it"
    os.sched_setaffinity(0, cores - APP_CORES)  # this process, the fake and the load inherit it
    return (
        f"the app and the floor on core {min(APP_CORES)}; the fake Slack, the load generator "
        f"and this runner on cores {sorted(cores - APP_CORES)} (PostgreSQL is not pinned)"
    )


def pin(pid: int) -> None:
    """Put a server process on the app's core (when the machine has more than one)."""
    if len(os.sched_getaffinity(0) | APP_CORES) > 1:
        os.sched_setaffinity(pid, APP_CORES)


@contextmanager
def fair_floor(slack_url: str, database_url: str, script: str) -> Iterator[tuple[str, int]]:
    """The floor, replaying `script`, on the app's database."""
    port = free_port()
    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="floor-") as file:
        file.write(script)
        file.flush()
        env = {**app_env(slack_url, database_url, port), "FLOOR_SCRIPT": file.name}
        with running(["-m", "bench.fair_floor"], port, env) as process:
            pin(process.pid)
            yield f"http://127.0.0.1:{port}/slack/events", process.pid


def seed_crisis(url: str, slack_url: str, database_url: str) -> tuple[int, str]:
    """Declare one crisis through the app; its id and channel (for the decision kinds)."""
    load(url, "declare", 1, 1, crisis_id=0, channel="C00000001")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not fake_calls(slack_url, "pins.add"):
        time.sleep(0.05)
    engine = create_engine(database_url)
    with engine.connect() as connection:
        crisis_id, channel = connection.execute(text(FIRST_CRISIS)).one()
    engine.dispose()
    return int(crisis_id), str(channel)


def cpu_per_request(url: str, pid: int, slack_url: str, kind: str, where: tuple[int, str]) -> float:
    """CPU milliseconds the process spends per request of `kind`, post-ack work included."""
    wait_until_quiet(slack_url)
    before = cpu_seconds(pid)
    load(url, kind, 1, CPU_REQUESTS, crisis_id=where[0], channel=where[1])
    wait_until_quiet(slack_url)
    return (cpu_seconds(pid) - before) * 1000 / CPU_REQUESTS


def run(label: str, database_url: str) -> tuple[list[list[object]], list[list[object]], float]:
    """CPU and latency rows for one database, and the app's peak RSS (MiB)."""
    cpu_rows: list[list[object]] = []
    latency_rows: list[list[object]] = []
    with fake_slack() as slack_url, crisis_desk(slack_url, database_url) as (app_url, app):
        pin(app.pid)
        where = seed_crisis(app_url, slack_url, database_url)
        scripts = [
            record(app_url, slack_url, database_url, k, crisis_id=where[0], channel=where[1])
            for k in KINDS
        ]
        with fair_floor(slack_url, database_url, dump(scripts)) as (floor_url, floor_pid):
            for kind in KINDS:
                ours = cpu_per_request(app_url, app.pid, slack_url, kind, where)
                floor = cpu_per_request(floor_url, floor_pid, slack_url, kind, where)
                cpu_rows.append(
                    [label, kind, f"{ours:.1f}", f"{floor:.1f}", f"{ours / floor:.2f}x"]
                )
                for concurrency in CONCURRENCY:
                    count = REQUESTS[concurrency]
                    wait_until_quiet(slack_url)
                    mine = load(
                        app_url, kind, concurrency, count, crisis_id=where[0], channel=where[1]
                    )
                    wait_until_quiet(slack_url)
                    base = load(
                        floor_url, kind, concurrency, count, crisis_id=where[0], channel=where[1]
                    )
                    latency_rows.append(
                        [
                            label,
                            kind,
                            concurrency,
                            f"{mine.ms(0.5):.1f}",
                            f"{mine.ms(0.99):.1f}",
                            f"{base.ms(0.5):.1f}",
                            f"{base.ms(0.99):.1f}",
                            f"{mine.ms(0.99) / base.ms(0.99):.2f}x",
                            ", ".join(f"{code}: {n}" for code, n in mine.statuses.items()),
                        ]
                    )
        wait_until_quiet(slack_url)  # accepted work finished: now read peak memory
        rss = peak_rss_mib(app.pid)
    return cpu_rows, latency_rows, rss


def main() -> None:
    from bench.databases import both_databases

    placement = split_cores()
    cpu: list[list[object]] = []
    latency: list[list[object]] = []
    memory: list[list[object]] = []
    with both_databases() as databases:
        for label, url in databases:
            cpu_rows, latency_rows, rss = run(label, url)
            cpu += cpu_rows
            latency += latency_rows
            memory.append([label, f"{rss:.0f}"])
    print("## CPU per request against the fair floor\n")
    print(f"Placement: {placement}. {CPU_REQUESTS} requests one at a time per kind; CPU time of")
    print("the server process over them, the work after the acknowledgement included.\n")
    print(table(CPU_HEADER, cpu))
    print("\n## Latency under load against the fair floor\n")
    print(table(LATENCY_HEADER, latency))
    print("\n## Peak memory of one app process after the load\n")
    print(table(["database", "peak RSS MiB"], memory))


if __name__ == "__main__":
    main()
