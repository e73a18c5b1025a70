"""Crisis Desk composition root: settings -> engine -> services -> Bolt app -> scheduler -> run."""

from __future__ import annotations

import logging
import os
import socket
import sys
import uuid
from dataclasses import dataclass

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock, utc_now
from bot.crisis.declaration import CrisisDeclarations
from bot.crisis.playbook import Playbook, PlaybookError, load_playbook
from bot.crisis.response import CrisisResponse
from bot.insight.service import CustomerInsight
from bot.reminders.policy import ReminderPolicy
from bot.reminders.poller import ReminderPoller
from bot.review.closing import CrisisClosing
from bot.services import Services
from bot.settings import ConfigError, Settings, load_settings
from handlers.app_factory import build_app, build_web_client
from handlers.background import Background
from handlers.executor import DrainableExecutor
from handlers.reminders.sender import SlackReminderSender
from handlers.slack_gateway import SlackCrisisChannels
from storage.db import create_db_engine, migrate
from storage.reminder_claims import SqlReminderClaims
from storage.unit_of_work import SqlUnitOfWorkFactory

logger = logging.getLogger("crisis_desk")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


@dataclass
class Runtime:
    """Everything a running process holds."""

    settings: Settings
    engine: Engine
    services: Services
    app: App
    listeners: DrainableExecutor
    background: DrainableExecutor
    slack_calls: DrainableExecutor
    reminders: ReminderPoller
    scheduler: BackgroundScheduler | None = None

    def start_scheduler(self) -> None:
        """Poll for due reminders every CRISIS_POLL_SECONDS in this process (one job, in memory)."""
        scheduler = BackgroundScheduler(timezone="UTC")
        scheduler.add_job(
            self.reminders.run_until_idle,
            "interval",
            seconds=self.settings.reminder_poll_seconds,
            id="deliver-due-reminders",
            max_instances=1,
            coalesce=True,
            next_run_time=utc_now(),
        )
        scheduler.start()
        self.scheduler = scheduler

    def drain(self, timeout: float = 30.0) -> bool:
        """Wait for work already accepted from Slack to finish; False if it did not in time."""
        # Each stage hands work to the next: listeners -> background work -> Slack calls.
        return all(
            pool.drain(timeout) for pool in (self.listeners, self.background, self.slack_calls)
        )

    def close(self) -> None:
        """Finish in-flight work, then release threads and database connections."""
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=True)
        self.drain()
        for pool in (self.listeners, self.background, self.slack_calls):
            pool.shutdown(wait=True)
        self.engine.dispose()


def build_runtime(settings: Settings, playbook: Playbook, *, clock: Clock = utc_now) -> Runtime:
    """Wire the whole app for `settings` (migrates the database, asks Slack who we are)."""
    engine = create_db_engine(settings.database_url)
    migrate(engine)
    client = build_web_client(settings)
    units = SqlUnitOfWorkFactory(engine)
    insight = CustomerInsight(units=units)
    slack = SlackCrisisChannels(client, exposure=insight.exposure_for)
    slack_calls = DrainableExecutor(max_workers=8, thread_name_prefix="slack-call")
    listeners = DrainableExecutor(max_workers=32, thread_name_prefix="listener")
    background = DrainableExecutor(max_workers=16, thread_name_prefix="after-ack")
    reminders = ReminderPolicy(playbook)
    services = Services(
        playbook=playbook,
        declarations=CrisisDeclarations(
            units=units,
            slack=slack,
            playbook=playbook,
            clock=clock,
            executor=slack_calls,
            reminders=reminders,
            announce_channel=settings.announce_channel,
        ),
        response=CrisisResponse(
            units=units, slack=slack, playbook=playbook, clock=clock, reminders=reminders
        ),
        closing=CrisisClosing(
            units=units,
            slack=slack,
            playbook=playbook,
            clock=clock,
            reminders=reminders,
            exposure=insight.exposure_for,
        ),
        insight=insight,
    )
    app = build_app(
        settings,
        services,
        client=client,
        slack=slack,
        listeners=listeners,
        background=Background(background, slack),
    )
    poller = ReminderPoller(
        claims=SqlReminderClaims(engine),
        sender=SlackReminderSender(client),
        clock=clock,
        owner=f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}",
    )
    return Runtime(settings, engine, services, app, listeners, background, slack_calls, poller)


def create_http_server(runtime: Runtime, *, host: str = "0.0.0.0", port: int | None = None):  # type: ignore[no-untyped-def]
    """A waitress server answering Slack at /slack/events (port 0 picks a free one)."""
    from waitress.server import create_server

    from handlers.http_gate import SlackHttpGate

    return create_server(
        SlackHttpGate(runtime.app, runtime.settings.slack_signing_secret),
        host=host,
        port=runtime.settings.port if port is None else port,
        threads=runtime.settings.http_threads,
        ident="crisis-desk",
    )


def read_environment() -> dict[str, str]:
    """The process environment over `.env` (the environment wins)."""
    from dotenv import dotenv_values

    file_values = {k: v for k, v in dotenv_values(".env").items() if v is not None}
    return {**file_values, **os.environ}


def main() -> None:
    """Start Crisis Desk: Socket Mode with SLACK_APP_TOKEN, HTTP on PORT otherwise."""
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    try:
        settings = load_settings(read_environment())
        playbook = load_playbook(settings.playbook_path)
    except (ConfigError, PlaybookError) as problem:
        sys.exit(f"crisis-desk: {problem}")
    try:
        runtime = build_runtime(settings, playbook)
        runtime.start_scheduler()
    except SQLAlchemyError as problem:
        reason = str(problem).splitlines()[0]
        sys.exit(f"crisis-desk: DATABASE_URL: cannot use the database ({reason})")
    except Exception as problem:
        sys.exit(f"crisis-desk: SLACK_BOT_TOKEN: Slack refused to start the app ({problem})")
    try:
        if settings.slack_app_token:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            logger.info("Crisis Desk is running in Socket Mode")
            handler = SocketModeHandler(runtime.app, settings.slack_app_token)
            handler.start()  # type: ignore[no-untyped-call]
        else:
            server = create_http_server(runtime)
            logger.info("Crisis Desk is listening on port %s at /slack/events", settings.port)
            server.run()
    except KeyboardInterrupt:
        pass
    finally:
        runtime.close()


if __name__ == "__main__":
    main()
