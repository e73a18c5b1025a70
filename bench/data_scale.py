"""Scale of the data: 1,000 crises and 100,000 decisions. Time to render `/crisis timeline` of a
large crisis and `/crisis list`, and the SQL statements each issues (constant in the rows)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event, insert

from bench.databases import both_databases
from bench.stats import table
from storage.db import create_db_engine, migrate
from storage.decision_tables import DecisionRow
from storage.tables import CrisisRow, TimelineEventRow
from tests.fake_slack import FakeSlack
from tests.harness import Harness, start_harness

CRISES = 1_000
DECISIONS = 100_000
BIG = 20_000  # decisions (and timeline events) of the one large crisis
REPEATS = 20
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def crisis_rows(count: int, *, every: timedelta) -> list[dict[str, Any]]:
    """`count` open crises of team T0001, led by U001, declared `every` apart from T0."""
    return [
        {
            "idempotency_key": f"seed-{n}",
            "team_id": "T0001",
            "title": f"Crisis {n}",
            "description": "Seeded",
            "crisis_type": "other",
            "severity": "sev2",
            "status": "open",
            "lead_id": "U001",
            "declared_by": "U001",
            "responder_ids": [],
            "segment_ids": [],
            "channel_id": f"CSEED{n:05d}",
            "declared_at": T0 + n * every,
        }
        for n in range(1, count + 1)
    ]


def seed(url: str) -> None:
    """Bulk-insert the crises, decisions and timeline events."""
    engine = create_db_engine(url)
    migrate(engine)
    per_small = (DECISIONS - BIG) // (CRISES - 1)
    with engine.begin() as connection:
        connection.execute(insert(CrisisRow), crisis_rows(CRISES, every=timedelta(hours=1)))
        for crisis_id in range(1, CRISES + 1):
            count = BIG if crisis_id == 1 else per_small
            at = [T0 + timedelta(seconds=i) for i in range(count)]
            connection.execute(
                insert(DecisionRow),
                [
                    {
                        "idempotency_key": f"d-{crisis_id}-{i}",
                        "crisis_id": crisis_id,
                        "kind": "decision",
                        "summary": f"Decision {i}",
                        "decided_by": "U002",
                        "decided_at": at[i],
                        "direction": "negative",
                        "segment_ids": [],
                        "harms": [],
                        "mitigation": "Refund",
                        "highlight": "",
                        "facts": None,
                    }
                    for i in range(count)
                ],
            )
            connection.execute(
                insert(TimelineEventRow),
                [
                    {
                        "crisis_id": crisis_id,
                        "at": at[i],
                        "actor_id": "U002",
                        "kind": "decision",
                        "subject": f"Decision {i}",
                    }
                    for i in range(count)
                ],
            )
    engine.dispose()


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def measure(harness: Harness, text: str, channel: str) -> tuple[float, int]:
    """Median milliseconds to answer `/crisis <text>` in `channel`, and its SQL statements."""
    durations = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        answer = harness.sender.command(text, channel=channel)
        durations.append((time.perf_counter() - started) * 1000)
        assert answer.status == 200 and "ephemeral" in answer.body, answer.body[:200]
    with counting(harness.runtime.engine) as statements:
        harness.sender.command(text, channel=channel)
    return statistics.median(durations), len(statements)


def main() -> None:
    rows = []
    with both_databases() as databases:
        for label, url in databases:
            started = time.perf_counter()
            seed(url)
            seeded = time.perf_counter() - started
            with FakeSlack() as fake:
                harness = start_harness(url, fake)
                try:
                    cases = [
                        ("timeline of the large crisis, page 1", "timeline", "CSEED00001"),
                        ("timeline of the large crisis, page 500", "timeline 500", "CSEED00001"),
                        ("timeline of a small crisis", "timeline", "CSEED00002"),
                        ("decisions of the large crisis, page 1", "decisions", "CSEED00001"),
                        ("crisis list, page 1", "list", "CSEED00001"),
                        ("crisis list, page 50", "list 50", "CSEED00001"),
                    ]
                    for name, text, channel in cases:
                        ms, statements = measure(harness, text, channel)
                        rows.append([label, name, f"{ms:.1f}", statements])
                finally:
                    harness.stop()
            rows.append(
                [
                    label,
                    f"(seeding {CRISES:,} crises, {DECISIONS:,} decisions and events)",
                    f"{seeded * 1000:.0f}",
                    "-",
                ]
            )
    print("## Scale of the data\n")
    print(table(["database", "request", "median ms", "SQL statements"], rows))


if __name__ == "__main__":
    main()
