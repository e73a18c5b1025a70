"""A reminder worker process for the multi-process tests: the app's own poller, nothing else.

python -m tests.reminders.worker DATABASE_URL SLACK_API_URL [--lease S] [--seconds S]
Delivers until no reminder is pending (or --seconds pass), then exits.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from sqlalchemy import func
from sqlmodel import Session, select

from bot.clock import utc_now
from bot.reminders.model import ReminderKind, ReminderSpec
from bot.reminders.poller import ReminderPoller
from handlers.reminders.sender import SlackReminderSender
from storage.db import create_db_engine, migrate
from storage.reminder_claims import SqlReminderClaims
from storage.reminder_tables import ReminderRow
from storage.tables import CrisisRow
from storage.unit_of_work import SqlUnitOfWork
from tests.fake_slack import FakeSlack


def seed(
    database_url: str, fake: FakeSlack, count: int, *, spread_seconds: float, start_in: float = 0.0
) -> None:
    """One crisis and `count` reminders, each to its own channel, due over the next seconds."""
    engine = create_db_engine(database_url)
    migrate(engine)
    now = utc_now() + timedelta(seconds=start_in)
    channels = [fake.create_channel(f"crisis-load-{n}", members=("UBOT",)) for n in range(count)]
    with SqlUnitOfWork(engine) as unit:
        crisis = CrisisRow(
            idempotency_key=f"load-{now.timestamp()}",
            team_id="T0001",
            title="Load",
            description="Load",
            crisis_type="other",
            severity="sev3",
            status="open",
            lead_id="U001",
            declared_by="U001",
            declared_at=now,
        )
        unit.session.add(crisis)
        unit.session.flush()
        for n, channel in enumerate(channels):
            unit.reminders.schedule(
                ReminderSpec(
                    crisis_id=crisis.id,
                    kind=ReminderKind.ACTION_DUE,
                    subject=str(n),
                    due_at=now + timedelta(seconds=spread_seconds * n / count),
                    channel_id=channel,
                    text=f"Reminder {n}",
                )
            )
        unit.commit()
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("slack_api_url")
    parser.add_argument("--lease", type=float, default=30.0)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--poll", type=float, default=0.05, help="seconds between polls")
    args = parser.parse_args()
    engine = create_db_engine(args.database_url)
    client = WebClient(token="xoxb-test-token", base_url=args.slack_api_url)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=5))
    poller = ReminderPoller(
        claims=SqlReminderClaims(engine),
        sender=SlackReminderSender(client),
        clock=utc_now,
        owner=f"worker-{os.getpid()}",
        lease=timedelta(seconds=args.lease),
        batch=args.batch,
    )
    print("ready", flush=True)
    deadline = time.monotonic() + args.seconds
    delivered = 0
    while time.monotonic() < deadline:
        delivered += poller.run_until_idle()
        with Session(engine) as session:
            left = session.exec(
                select(func.count()).select_from(ReminderRow).where(ReminderRow.status == "pending")
            ).one()
        if not left:
            break
        time.sleep(args.poll)
    print(f"delivered {delivered}", flush=True)
    engine.dispose()


if __name__ == "__main__":
    main()
