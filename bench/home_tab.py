"""The Home tab at scale: time to read and draw a person's Home when the workspace has 1,000
open crises (all led by that person, so every list is cut), and the SQL statements it issues."""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from bench.data_scale import counting, crisis_rows
from bench.databases import both_databases
from bench.stats import table
from bot.home.service import PersonalHomes
from handlers.home.blocks import build_home_view
from storage.db import create_db_engine, migrate
from storage.home import SqlHomeReader
from storage.tables import CrisisRow, CrisisStepRow

CRISES = 1_000
REPEATS = 30
T0 = datetime(2026, 1, 1, tzinfo=UTC)
STEPS = (
    ("reset", "Reset"),
    ("refocus", "Refocus priorities"),
    ("fix", "Fix"),
    ("review", "Review"),
)


def seed(url: str) -> None:
    """Bulk-insert open crises, each with its four steps."""
    engine = create_db_engine(url)
    migrate(engine)
    with engine.begin() as connection:
        connection.execute(insert(CrisisRow), crisis_rows(CRISES, every=timedelta(minutes=1)))
        connection.execute(
            insert(CrisisStepRow),
            [
                {
                    "crisis_id": n,
                    "position": position,
                    "key": key,
                    "title": title,
                    "state": "pending",
                    "owner_id": "U001",
                    "due_at": None if key == "review" else T0 + timedelta(hours=n),
                }
                for n in range(1, CRISES + 1)
                for position, (key, title) in enumerate(STEPS)
            ],
        )
    engine.dispose()


def main() -> None:
    rows = []
    with both_databases() as databases:
        for label, url in databases:
            seed(url)
            engine = create_db_engine(url)
            homes = PersonalHomes(reader=SqlHomeReader(engine), clock=lambda: T0)
            for user in ("U001", "U009"):
                durations = []
                for _ in range(REPEATS):
                    started = time.perf_counter()
                    view = build_home_view(homes.home_for("T0001", user)).to_dict()
                    durations.append((time.perf_counter() - started) * 1000)
                with counting(engine) as statements:
                    homes.home_for("T0001", user)
                who = "lead of every crisis" if user == "U001" else "bystander"
                blocks = len(view["blocks"])
                rows.append(
                    (label, who, f"{statistics.median(durations):.1f}", len(statements), blocks)
                )
            engine.dispose()
    print(f"## Home tab with {CRISES:,} open crises (read + Block Kit, median of {REPEATS})\n")
    print(table(("database", "person", "ms", "SQL statements", "blocks"), rows))


if __name__ == "__main__":
    main()
