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
from dataclasses import dataclass, field
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
from bench.slack_bodies import DESCRIPTIONS, FRESH_CRISIS_KINDS, KINDS
from bench.stats import percentile, table

CONCURRENCY = (1, 10, 50)
REQUESTS = {1: 100, 10: 300, 50: 500}
CPU_REQUESTS = 200
FIRST_CRISIS = "SELECT id, channel_id FROM crisis WHERE channel_id IS NOT NULL ORDER BY id LIMIT 1"
RESET_NOT_DONE = (
    "SELECT c.id FROM crisis c JOIN crisis_step s ON s.crisis_id = c.id "
    "WHERE s.key = 'reset' AND s.state != 'done' AND c.channel_id IS NOT NULL ORDER BY c.id"
)
# The App Home redraws 2 s after a change (handlers/home/refresh.py): wait past it, so that the
# CPU measured includes the redraws a request causes.
QUIET_AFTER = 3.0
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
class Where:
    """The crisis requests are about; `fresh` crises nobody has completed Reset of yet."""

    crisis_id: int
    channel: str
    fresh: list[int] = field(default_factory=list)

    def ids_for(self, kind: str, count: int) -> list[int]:
        """Crisis ids for `count` requests of `kind` (fresh ones, used up, where it needs)."""
        if kind not in FRESH_CRISIS_KINDS:
            return [self.crisis_id] * count
        if len(self.fresh) < count:
            raise RuntimeError(f"{count} fresh crises needed, {len(self.fresh)} left")
        taken, self.fresh = self.fresh[:count], self.fresh[count:]
        return taken


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
    crisis_id: int,
    channel: str,
    crisis_ids: list[int] | None = None,
) -> Load:
    """Run one load process against `url`."""
    args = [url, kind, str(concurrency), str(count), "--crisis-id", str(crisis_id)]
    if crisis_ids:
        args += ["--crisis-ids", ",".join(map(str, crisis_ids))]
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


def seed_crisis(url: str, slack_url: str, database_url: str) -> Where:
    """Declare one crisis through the app; its id and channel (for the decision kinds)."""
    load(url, "declare", 1, 1, crisis_id=0, channel="C00000001")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not fake_calls(slack_url, "pins.add"):
        time.sleep(0.05)
    engine = create_engine(database_url)
    with engine.connect() as connection:
        crisis_id, channel = connection.execute(text(FIRST_CRISIS)).one()
    engine.dispose()
    return Where(int(crisis_id), str(channel))


def declare_fresh(url: str, slack_url: str, database_url: str, where: Where, count: int) -> None:
    """Declare `count` more crises through the app (as people would) for the fresh kinds."""
    engine = create_engine(database_url)
    try:
        for attempt in range(4):  # a declaration the app refused or did not set up: retried
            with engine.connect() as connection:
                ids = [int(i) for i in connection.execute(text(RESET_NOT_DONE)).scalars()]
            where.fresh = [i for i in ids if i != where.crisis_id]
            if len(where.fresh) >= count or attempt == 3:
                break
            short = count - len(where.fresh)
            load(url, "declare", 10, short, crisis_id=0, channel=where.channel)
            wait_until_quiet(slack_url, quiet=QUIET_AFTER)
    finally:
        engine.dispose()
    if len(where.fresh) < count:
        raise RuntimeError(
            f"{count} crises with a channel needed, the app set up {len(where.fresh)}"
        )


def cpu_per_request(url: str, pid: int, slack_url: str, kind: str, where: Where) -> float:
    """CPU milliseconds the process spends per request of `kind`, post-ack work included."""
    return cpu_of(url, pid, slack_url, kind, where=where, ids=where.ids_for(kind, CPU_REQUESTS))


def cpu_of(url: str, pid: int, slack_url: str, kind: str, *, where: Where, ids: list[int]) -> float:
    """CPU milliseconds per request of `kind` for the crises `ids` (one request each)."""
    wait_until_quiet(slack_url, quiet=QUIET_AFTER)
    before = cpu_seconds(pid)
    load(url, kind, 1, len(ids), crisis_id=where.crisis_id, channel=where.channel, crisis_ids=ids)
    wait_until_quiet(slack_url, quiet=QUIET_AFTER)
    return (cpu_seconds(pid) - before) * 1000 / len(ids)


def load_at(
    url: str, slack_url: str, kind: str, concurrency: int, *, where: Where, ids: list[int]
) -> Load:
    """One load of `kind` at `concurrency` (one request per id), once Slack is quiet."""
    wait_until_quiet(slack_url)
    return load(
        url,
        kind,
        concurrency,
        len(ids),
        crisis_id=where.crisis_id,
        channel=where.channel,
        crisis_ids=ids,
    )


def latency_row(label: str, kind: str, concurrency: int, mine: Load, base: Load) -> list[object]:
    """One row of the latency table: the app's load against the floor's."""
    return [
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


def run(
    label: str, database_url: str, kinds: tuple[str, ...], *, latency: bool = True
) -> tuple[list[list[object]], list[list[object]], float]:
    """CPU and latency rows for one database, and the app's peak RSS (MiB)."""
    cpu_rows: list[list[object]] = []
    latency_rows: list[list[object]] = []
    with fake_slack() as slack_url, crisis_desk(slack_url, database_url) as (app_url, app):
        pin(app.pid)
        where = seed_crisis(app_url, slack_url, database_url)
        if FRESH_CRISIS_KINDS & set(kinds):
            needed = 1 + CPU_REQUESTS + (sum(REQUESTS.values()) if latency else 0)
            declare_fresh(app_url, slack_url, database_url, where, needed)
        scripts = [
            record(
                app_url,
                slack_url,
                database_url,
                k,
                crisis_id=where.ids_for(k, 1)[0],
                channel=where.channel,
            )
            for k in kinds
        ]
        refused = [s for s in scripts if (s.ack or {}).get("response_action") == "errors"]
        if refused:  # a bench of refused forms would measure the refusal, not the work
            raise RuntimeError(f"the app refused a {refused[0].kind} form: {refused[0].ack}")
        with fair_floor(slack_url, database_url, dump(scripts)) as (floor_url, floor_pid):
            for kind in kinds:
                ids = where.ids_for(kind, CPU_REQUESTS)  # the floor is given the same crises
                ours = cpu_of(app_url, app.pid, slack_url, kind, where=where, ids=ids)
                floor = cpu_of(floor_url, floor_pid, slack_url, kind, where=where, ids=ids)
                cpu_rows.append(
                    [label, kind, f"{ours:.1f}", f"{floor:.1f}", f"{ours / floor:.2f}x"]
                )
                if not latency:
                    continue
                for concurrency in CONCURRENCY:
                    ids = where.ids_for(kind, REQUESTS[concurrency])
                    mine = load_at(app_url, slack_url, kind, concurrency, where=where, ids=ids)
                    base = load_at(floor_url, slack_url, kind, concurrency, where=where, ids=ids)
                    latency_rows.append(latency_row(label, kind, concurrency, mine, base))
        wait_until_quiet(slack_url, quiet=QUIET_AFTER)  # accepted work done: read peak memory
        rss = peak_rss_mib(app.pid)
    return cpu_rows, latency_rows, rss


def main() -> None:
    import argparse

    from bench.databases import both_databases

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kinds", nargs="*", choices=[*KINDS, []], help="default: all")
    parser.add_argument("--cpu-only", action="store_true", help="no latency under load")
    parser.add_argument("--database", choices=["SQLite", "PostgreSQL"], help="default: both")
    args = parser.parse_args()
    kinds = tuple(args.kinds) or KINDS
    placement = split_cores()
    cpu: list[list[object]] = []
    latency: list[list[object]] = []
    memory: list[list[object]] = []
    with both_databases() as databases:
        for label, url in databases:
            if args.database and label != args.database:
                continue
            cpu_rows, latency_rows, rss = run(label, url, kinds, latency=not args.cpu_only)
            cpu += cpu_rows
            latency += latency_rows
            memory.append([label, f"{rss:.0f}"])
    print("## CPU per request against the fair floor\n")
    print(f"Placement: {placement}. {CPU_REQUESTS} requests one at a time per kind; CPU time of")
    print("the server process over them, the work after the acknowledgement included.\n")
    print(table(CPU_HEADER, cpu))
    print("\nThe requests: " + "; ".join(f"{k}: {DESCRIPTIONS[k]}" for k in kinds) + ".")
    if latency:
        print("\n## Latency under load against the fair floor\n")
        print(table(LATENCY_HEADER, latency))
    print("\n## Peak memory of one app process after the load\n")
    print(table(["database", "peak RSS MiB"], memory))


if __name__ == "__main__":
    main()
