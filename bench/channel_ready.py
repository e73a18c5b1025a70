"""Time from the declaration's submit to a pinned board, with Slack answering after a fixed delay.

Reported also as a multiple of the per-call delay: the Slack round trips on the critical path.
"""

from __future__ import annotations

import statistics
import time
import urllib.request

from bench.databases import sqlite_database
from bench.processes import crisis_desk, fake_calls, fake_slack, wait_until_quiet
from bench.slack_bodies import body_for, signed_headers
from bench.stats import table

DELAYS = (0.0, 0.1)
RUNS = 5


def time_to_pin(app_url: str, slack_url: str, delay: float) -> float:
    """Seconds from sending one declaration to Slack answering the pins.add for its board."""
    pinned = len(fake_calls(slack_url, "pins.add"))
    body = body_for("declare", crisis_id=0, channel="C00000001")
    request = urllib.request.Request(app_url, data=body.encode(), headers=signed_headers(body))
    started = time.time()
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200
    while True:
        calls = fake_calls(slack_url, "pins.add")
        if len(calls) > pinned:
            # The fake records a call when it arrives and answers `delay` later.
            return float(calls[pinned]["at"]) + delay - started
        time.sleep(0.005)


def main() -> None:
    rows = []
    medians: dict[float, float] = {}
    for delay in DELAYS:
        with (
            sqlite_database() as database,
            fake_slack(delay) as slack_url,
            crisis_desk(slack_url, database) as (app_url, _),
        ):
            times = []
            for _ in range(RUNS):
                wait_until_quiet(slack_url, quiet=max(1.0, 5 * delay))
                times.append(time_to_pin(app_url, slack_url, delay))
            median = medians[delay] = statistics.median(times)
            trips = f"{median / delay:.1f}" if delay else "-"
            net = f"{(median - medians[0.0]) / delay:.1f}" if delay else "-"
            rows.append(
                [
                    f"{delay * 1000:.0f}",
                    f"{median * 1000:.0f}",
                    f"{max(times) * 1000:.0f}",
                    trips,
                    net,
                ]
            )
    print("## Time to a ready crisis channel (declaration submit -> board pinned)\n")
    header = [
        "Slack delay per call ms",
        "median ms",
        "max ms",
        "median / delay",
        "Slack round trips: (median - median at 0 ms) / delay",
    ]
    print(table(header, rows))


if __name__ == "__main__":
    main()
