"""Several app processes behind one port (HTTP_PROCESSES): throughput with 1 vs 2 processes.

The same load (decision submissions, then board clicks; concurrency 50) against the real app
(python app.py, HTTP, PostgreSQL) in 1 and in 2 processes, each configuration on a fresh
database and a fresh fake Slack. Two placements: nothing pinned (the app's processes, the fake
Slack, the load generator and PostgreSQL share every core), then bench/ack_latency.py's
placement (the app on core 0, the fake Slack and the load on the other cores), where a second
process has no core of its own to use. Each configuration runs several rounds; the table shows
the median round, and the rounds' range.

python -m bench.workers [--rounds N] [--requests N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.ack_latency import cpu_seconds, load, pin, seed_crisis, split_cores
from bench.processes import app_env, fake_slack, free_port, running, wait_until_quiet
from bench.stats import table

KINDS = ("decide", "click")
# The Slack call each request of a kind causes once: a decision's card, a click's form.
FOLLOW_UP = {"decide": "chat.postMessage", "click": "views.open"}
CONCURRENCY = 50
REQUESTS = 500
WARM_UP = 100
# How long the app's idle CPU (polls, heartbeats) is measured, to leave it out of a request's.
IDLE_SECONDS = 4.0
PROCESSES = (1, 2)
HEADER = [
    "placement",
    "processes",
    "request",
    "answered / s",
    "rounds' range",
    "p50 ms",
    "p99 ms",
    "app CPU ms / request",
    "done / s",
    "HTTP statuses",
]


@dataclass
class Round:
    """One configuration's figures for one kind of request in one round."""

    answered: float  # requests answered per second (the acknowledgement)
    done: float  # requests per second until Slack received the last card or form they caused
    p50: float
    p99: float
    cpu_ms: float  # CPU of the app's processes per request, the work after the ack included
    statuses: str


def app_pids(parent: int) -> list[int]:
    """The app process and the processes it forked."""
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    return [parent, *(int(pid) for pid in children)]


def last_follow_up_at(slack_url: str, kind: str, since: float) -> float:
    """When Slack received the last of the calls that `kind`'s requests since `since` caused
    (wall clock; the fake stamps each call)."""
    base = slack_url.removesuffix("api/")
    url = f"{base}_fake/calls?method={FOLLOW_UP[kind]}"
    with urllib.request.urlopen(url, timeout=60) as answer:
        return max((float(c["at"]) for c in json.load(answer) if c["at"] >= since), default=since)


def idle_cpu_per_second(pids: list[int]) -> float:
    """CPU seconds per second the app's processes spend with no request (each one polls)."""
    before = sum(cpu_seconds(pid) for pid in pids)
    time.sleep(IDLE_SECONDS)
    return (sum(cpu_seconds(pid) for pid in pids) - before) / IDLE_SECONDS


def wait_for_workers(slack_url: str, processes: int, timeout: float = 120.0) -> None:
    """Each process asks Slack who it is while it starts: wait until every one has."""
    base = slack_url.removesuffix("api/")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{base}_fake/count?method=auth.test", timeout=30) as answer:
            if int(json.load(answer)["calls"]) >= processes:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{processes} processes did not all start in {timeout} s")


@contextmanager
def app_in(
    processes: int, slack_url: str, database_url: str, pinned: bool
) -> Iterator[tuple[str, list[int]]]:
    """The app as `make run` starts it, with HTTP_PROCESSES=`processes`; yields its URL and
    its processes' ids."""
    port = free_port()
    env = {**app_env(slack_url, database_url, port), "HTTP_PROCESSES": str(processes)}
    with running(["app.py"], port, env) as parent:
        wait_for_workers(slack_url, processes)
        pids = app_pids(parent.pid)
        if pinned:
            for pid in pids:
                pin(pid)
        yield f"http://127.0.0.1:{port}/slack/events", pids


def measure(processes: int, pinned: bool, count: int) -> dict[str, Round]:
    """One round: a fresh database, fake Slack and app; each kind of request's figures."""
    from bench.databases import postgres_database

    rounds: dict[str, Round] = {}
    with postgres_database() as database_url:
        if database_url is None:
            raise SystemExit("bench.workers needs PostgreSQL (TEST_DATABASE_URL)")
        with (
            fake_slack() as slack_url,
            app_in(processes, slack_url, database_url, pinned) as (url, pids),
        ):
            where = seed_crisis(url, slack_url, database_url)
            for kind in KINDS:
                load(
                    url,
                    kind,
                    CONCURRENCY,
                    WARM_UP,
                    crisis_id=where.crisis_id,
                    channel=where.channel,
                )
                wait_until_quiet(slack_url)
                idle = idle_cpu_per_second(pids)
                cpu_before = sum(cpu_seconds(pid) for pid in pids)
                started = time.time()
                result = load(
                    url, kind, CONCURRENCY, count, crisis_id=where.crisis_id, channel=where.channel
                )
                wait_until_quiet(slack_url)
                done = last_follow_up_at(slack_url, kind, started) - started
                window = time.time() - started
                cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_before - idle * window
                rounds[kind] = Round(
                    answered=count / result.wall,
                    done=count / max(done, result.wall),
                    p50=result.ms(0.5),
                    p99=result.ms(0.99),
                    cpu_ms=cpu * 1000 / count,
                    statuses=", ".join(f"{code}: {n}" for code, n in result.statuses.items()),
                )
    return rounds


def rows(placement: str, processes: int, rounds: list[dict[str, Round]]) -> list[list[object]]:
    """One row per kind: the median round (by requests answered per second), and the range."""
    lines: list[list[object]] = []
    for kind in KINDS:
        ordered = sorted((r[kind] for r in rounds), key=lambda r: r.answered)
        median = ordered[len(ordered) // 2]
        lines.append(
            [
                placement,
                processes,
                kind,
                f"{median.answered:.0f}",
                f"{ordered[0].answered:.0f}-{ordered[-1].answered:.0f}",
                f"{median.p50:.0f}",
                f"{median.p99:.0f}",
                f"{median.cpu_ms:.1f}",
                f"{median.done:.0f}",
                median.statuses,
            ]
        )
    return lines


EXPLAINED = """\
{requests} requests of each kind at concurrency {concurrency} (after {warm_up} to warm up), \
{rounds} rounds per configuration, each on a fresh database, fake Slack and app (python app.py \
with HTTP_PROCESSES), median round shown. answered / s: acknowledgements per second; app CPU: \
the CPU time of every app process per request, the work after the acknowledgement included \
and the processes' idle CPU (polls, measured for {idle:.0f} s before) left out; \
done / s: requests per second until Slack received the last decision card or form they caused \
(one crisis's cards go out in order, one after another, whatever the number of processes).

Placements: first nothing pinned (the app's processes, the fake Slack, the load generator and \
PostgreSQL share all {cores} cores); then ack_latency's: {split}.
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=REQUESTS)
    args = parser.parse_args()
    found: list[list[object]] = []
    gains: list[str] = []
    split = ""
    for placement, pinned in (("nothing pinned", False), ("ack_latency's", True)):
        if pinned:
            split = split_cores()
        rounds = {
            n: [measure(n, pinned, args.requests) for _ in range(args.rounds)] for n in PROCESSES
        }
        for processes in PROCESSES:
            found += rows(placement, processes, rounds[processes])
        for kind in KINDS:
            one, two = (statistics.median(r[kind].answered for r in rounds[n]) for n in PROCESSES)
            gains.append(f"{placement}, {kind}: 2 processes answer {two / one:.2f}x what 1 does")
    print("## Several app processes behind one port (PostgreSQL)\n")
    print(
        EXPLAINED.format(
            requests=args.requests,
            concurrency=CONCURRENCY,
            warm_up=WARM_UP,
            rounds=args.rounds,
            cores=os.cpu_count(),
            split=split,
            idle=IDLE_SECONDS,
        )
    )
    print(table(HEADER, found))
    print()
    print("\n".join(f"- {line}" for line in gains))


if __name__ == "__main__":
    main()
