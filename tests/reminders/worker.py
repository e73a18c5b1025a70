"""A delivery worker process for the multi-process tests: the app's own delivery engine.

python -m tests.reminders.worker DATABASE_URL SLACK_API_URL [--lease S] [--seconds S]
Delivers until no reminder or outbox row is pending (or --seconds pass), then exits.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import timedelta

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from app import build_runtime
from bot.clock import utc_now
from bot.crisis.playbook import load_playbook
from bot.delivery.engine import DeliveryEngine
from bot.reminders.model import ReminderKind, ReminderSpec
from bot.settings import Settings
from storage.db import create_db_engine, migrate
from storage.outbox_tables import OutboxRow
from storage.reminder_tables import ReminderRow
from storage.unit_of_work import SqlUnitOfWork
from tests.databases import add_crisis_row
from tests.fake_slack import FakeSlack

CPU_LINE = "CPU seconds since ready:"


def seed(
    database_url: str, fake: FakeSlack, count: int, *, spread_seconds: float, start_in: float = 0.0
) -> None:
    """One crisis and `count` reminders, each to its own channel, due over the next seconds."""
    engine = create_db_engine(database_url)
    migrate(engine)
    now = utc_now() + timedelta(seconds=start_in)
    channels = [fake.create_channel(f"crisis-load-{n}", members=("UBOT",)) for n in range(count)]
    with SqlUnitOfWork(engine) as unit:
        crisis_id = add_crisis_row(unit.session, key=f"load-{now.timestamp()}", declared_at=now)
        for n, channel in enumerate(channels):
            unit.reminders.schedule(
                ReminderSpec(
                    crisis_id=crisis_id,
                    kind=ReminderKind.ACTION_DUE,
                    subject=str(n),
                    due_at=now + timedelta(seconds=spread_seconds * n / count),
                    channel_id=channel,
                    params={"action": f"Reminder {n}"},
                )
            )
        unit.commit()
    engine.dispose()


def pending_work(engine: Engine) -> int:
    """Due reminders and outbox rows still waiting to be delivered."""
    with Session(engine) as session:
        reminders = session.exec(
            select(func.count())
            .select_from(ReminderRow)
            .where(ReminderRow.status == "pending", col(ReminderRow.due_at) <= utc_now())
        ).one()
        outbox = session.exec(
            select(func.count()).select_from(OutboxRow).where(OutboxRow.status == "pending")
        ).one()
    return int(reminders) + int(outbox)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("slack_api_url")
    parser.add_argument("--lease", type=float, default=30.0)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--poll", type=float, default=0.05, help="seconds between polls")
    args = parser.parse_args()
    settings = Settings(
        slack_bot_token="xoxb-test-token",
        slack_signing_secret="worker-secret",
        slack_api_url=args.slack_api_url,
        database_url=args.database_url,
    )
    runtime = build_runtime(settings, load_playbook(settings.playbook_path))
    engine = DeliveryEngine(
        sources=runtime.deliveries.sources,
        clock=utc_now,
        owner=f"worker-{os.getpid()}",
        lease=timedelta(seconds=args.lease),
        batch=args.batch,
    )
    print("ready", flush=True)
    ready = time.process_time()
    deadline = time.monotonic() + args.seconds
    delivered = 0
    while time.monotonic() < deadline:
        delivered += engine.run_until_idle()
        if not pending_work(runtime.engine):
            break
        time.sleep(args.poll)
    # The CPU the deliveries took (start-up left out), for bench/outbox.py.
    print(f"{CPU_LINE} {time.process_time() - ready:.3f}", flush=True)
    print(f"delivered {delivered}", flush=True)
    engine.close()
    runtime.close()


if __name__ == "__main__":
    main()
