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
from bot.reminder_poller import ReminderPoller
from handlers.reminder_sender import SlackReminderSender
from storage.db import create_db_engine
from storage.reminder_claims import SqlReminderClaims
from storage.reminder_tables import ReminderRow


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("slack_api_url")
    parser.add_argument("--lease", type=float, default=30.0)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--batch", type=int, default=50)
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
        time.sleep(0.05)
    print(f"delivered {delivered}", flush=True)
    engine.dispose()


if __name__ == "__main__":
    main()
