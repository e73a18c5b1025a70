"""Crisis Desk composition root: settings -> engine -> services -> Bolt app -> scheduler -> run."""

from __future__ import annotations

import logging
import os
import socket
import sys
import time
import uuid
from collections.abc import Callable, Sequence

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock, utc_now
from bot.comms.deliveries import CommsDeliveries
from bot.comms.keeping import CustomerPromises, customers_told
from bot.comms.model import CommsSettings
from bot.comms.script_service import CallScripts
from bot.comms.service import CustomerUpdates
from bot.crisis.playbook import Playbook, PlaybookError, load_playbook
from bot.delivery.engine import DeliveryEngine, DeliverySource
from bot.durations import format_duration
from bot.home.service import PersonalHomes
from bot.insight.service import CustomerInsight
from bot.outbox.source import OutboxDeliveries
from bot.recovery.checkin_service import TrustCheckIns
from bot.recovery.compensation_service import CompensationRegister
from bot.recovery.outreach_service import OutreachProgrammes
from bot.recovery.reminders import TrustReminders
from bot.reminders.policy import ReminderPolicy
from bot.reminders.poller import ReminderDeliveries
from bot.response.closing import CrisisClosing
from bot.response.declaration import CrisisDeclarations
from bot.response.response import CrisisResponse
from bot.services import Services
from bot.settings import ConfigError, Settings, load_settings
from bot.trust.reader import TrustReader
from handlers import serving
from handlers.app_factory import (
    INSTALL_PATH,
    build_app,
    build_oauth_settings,
    build_web_client,
)
from handlers.background import Background
from handlers.comms.effect_sender import SlackEffects
from handlers.comms.webhook_sender import StandardWebhookSender
from handlers.delivery.outbox_sender import SlackOutbox
from handlers.executor import DrainableExecutor
from handlers.home.refresh import DEBOUNCE_SECONDS as HOME_DEBOUNCE_SECONDS
from handlers.home.refresh import SlackHomeRefresher
from handlers.processes import Report, supervise
from handlers.reminders.sender import SlackReminderSender
from handlers.runtime import DRAIN_SECONDS, Runtime
from handlers.slack_gateway import SlackCrisisChannels
from handlers.starting import (
    StartRefused,
    bind_port,
    describe_slack_start_failure,
    open_to_slack,
)
from handlers.workspaces import WorkspaceReminderSender
from storage.comms_claims import SqlEffectClaims
from storage.db import create_db_engine, migrate
from storage.home import SqlHomeReader
from storage.outbox import SqlOutboxClaims
from storage.reminder_claims import SqlReminderClaims
from storage.slack_events import SqlEventLog
from storage.trust import SqlTrustUnitOfWorkFactory
from storage.workspaces import InstallationStore, SqlWorkspaces

logger = logging.getLogger("crisis_desk")
# How long an install link stays valid (from /slack/install to Slack's redirect back).
OAUTH_STATE_SECONDS = 600
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# With several processes each line names the process that wrote it.
PROCESSES_LOG_FORMAT = "%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"


def build_runtime(
    settings: Settings,
    playbook: Playbook,
    *,
    clock: Clock = utc_now,
    sleep: Callable[[float], None] = time.sleep,
    home_debounce: float = HOME_DEBOUNCE_SECONDS,
) -> Runtime:
    """Wire the whole app for `settings` (migrates the database, asks Slack who we are).

    `sleep` waits out Slack's Retry-After; `home_debounce` is how long a Home redraw waits for
    more changes (tests inject both so that nothing sleeps for real).
    """
    engine = create_db_engine(settings.database_url)
    migrate(engine)
    workspaces = SqlWorkspaces(engine)
    client, oauth = connect_slack(settings, engine, workspaces, clock, sleep)
    units = SqlTrustUnitOfWorkFactory(engine)
    insight = CustomerInsight(units=units)
    trust = TrustReader(units, clock)
    slack = SlackCrisisChannels(
        client,
        exposure=insight.exposure_for,
        trust=trust.board,
        told=lambda crisis_id: customers_told(units, crisis_id),
    )
    comms, promises, scripts, comms_source = build_comms(
        settings, playbook, engine, units=units, client=client, slack=slack, clock=clock
    )
    kicks = DrainableExecutor(max_workers=2, thread_name_prefix="kick")
    listeners = DrainableExecutor(max_workers=32, thread_name_prefix="listener")
    background = DrainableExecutor(max_workers=16, thread_name_prefix="after-ack")
    # Home redraws wait a moment to coalesce a burst; they wait on threads of their own.
    home_pool = DrainableExecutor(max_workers=4, thread_name_prefix="home")
    reminders = ReminderPolicy(playbook)
    homes = SlackHomeRefresher(
        homes=PersonalHomes(reader=SqlHomeReader(engine), clock=clock),
        client=client,
        executor=home_pool,
        debounce=home_debounce,
    )
    trust_reminders = TrustReminders(outreach_every=playbook.outreach_remind_every)
    services = Services(
        playbook=playbook,
        declarations=CrisisDeclarations(
            units=units,
            playbook=playbook,
            clock=clock,
            announce_channel=settings.announce_channel,
            home=homes,
        ),
        response=CrisisResponse(
            units=units,
            playbook=playbook,
            clock=clock,
            reminders=reminders,
            home=homes,
            observer=promises,
        ),
        closing=CrisisClosing(
            units=units,
            playbook=playbook,
            clock=clock,
            reminders=reminders,
            exposure=insight.exposure_for,
            home=homes,
            trust=trust.record,
            on_resolved=comms.crisis_resolved,
        ),
        insight=insight,
        compensation=CompensationRegister(
            units=units, clock=clock, currency=settings.currency or playbook.currency
        ),
        outreach=OutreachProgrammes(units=units, clock=clock, reminders=trust_reminders),
        check_ins=TrustCheckIns(
            units=units,
            clock=clock,
            labels=tuple(format_duration(after) for after in playbook.trust_check_ins),
            reminders=trust_reminders,
        ),
        comms=comms,
        promises=promises,
        scripts=scripts,
    )
    app = build_app(
        settings,
        services,
        client=client,
        slack=slack,
        listeners=listeners,
        background=Background(background, slack),
        homes=homes,
        events=SqlEventLog(engine),
        clock=clock,
        workspaces=workspaces,
        oauth=oauth,
    )
    deliveries = build_deliveries(
        engine,
        client=client,
        slack=slack,
        units=units,
        services=services,
        reminders=reminders,
        workspaces=workspaces,
        homes=homes,
        clock=clock,
        sleep=sleep,
        more=[comms_source],
    )
    # A commit that wrote outbox rows has them delivered at once, not at the next poll (only
    # the sources it wrote to are visited).
    units.outbox_written = lambda written: deliveries.kick(kicks, written)
    return Runtime(
        settings, engine, services, app, listeners, background, kicks, home_pool, deliveries
    )


def build_comms(
    settings: Settings,
    playbook: Playbook,
    engine: Engine,
    *,
    units: SqlTrustUnitOfWorkFactory,
    client: WebClient,
    slack: SlackCrisisChannels,
    clock: Clock,
) -> tuple[CustomerUpdates, CustomerPromises, CallScripts, CommsDeliveries]:
    """Telling customers: updates, the promises they make, call-centre scripts, and the source
    of what they owe Slack and the webhook receiver (delivered by the one engine)."""
    promises = CustomerPromises(units=units, clock=clock)
    comms_settings = CommsSettings(
        approvers=settings.comms_approvers,
        customer_channel=settings.customer_channel,
        webhooks=settings.webhook_url is not None,
    )
    scripts = CallScripts(units=units, playbook=playbook, clock=clock, settings=comms_settings)
    comms = CustomerUpdates(
        units=units,
        promises=promises,
        scripts=scripts,
        playbook=playbook,
        clock=clock,
        settings=comms_settings,
    )
    webhooks = None
    if settings.webhook_url and settings.webhook_secret:
        webhooks = StandardWebhookSender(settings.webhook_url, settings.webhook_secret)
    sender = SlackEffects(
        client,
        slack,
        exposure=CustomerInsight(units=units).exposure_for,
        support_channel=settings.customer_channel,
        webhooks=webhooks,
    )
    source = CommsDeliveries(
        claims=SqlEffectClaims(engine), units=units, sender=sender, clock=clock
    )
    return comms, promises, scripts, source


def build_deliveries(
    engine: Engine,
    *,
    client: WebClient,
    slack: SlackCrisisChannels,
    units: SqlTrustUnitOfWorkFactory,
    services: Services,
    reminders: ReminderPolicy,
    workspaces: SqlWorkspaces,
    homes: SlackHomeRefresher,
    clock: Clock,
    sleep: Callable[[float], None],
    more: Sequence[DeliverySource] = (),
) -> DeliveryEngine:
    """The one delivery engine, over the outbox, the reminders (and `more` sources)."""
    return DeliveryEngine(
        sources=[
            OutboxDeliveries(
                claims=SqlOutboxClaims(engine),
                units=units,
                slack=SlackOutbox(client, slack),
                clock=clock,
                reminders=reminders,
                review_record=services.closing.review_record,
                home=homes,
            ),
            ReminderDeliveries(
                claims=SqlReminderClaims(engine),
                sender=WorkspaceReminderSender(
                    SlackReminderSender(client, sleep=sleep), workspaces
                ),
                clock=clock,
                units=units,
                playbook=services.playbook,
            ),
            *more,
        ],
        clock=clock,
        owner=f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}",
        kicked=(OutboxDeliveries.name, CommsDeliveries.name),
    )


def connect_slack(
    settings: Settings,
    engine: Engine,
    workspaces: SqlWorkspaces,
    clock: Clock,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[WebClient, OAuthSettings | None]:
    """One bot token, or (distributed) the OAuth flow and a client that acts per workspace."""
    if not settings.distributed:
        return build_web_client(settings, sleep=sleep), None
    assert settings.slack_client_id is not None
    installations = InstallationStore(
        client_id=settings.slack_client_id, engine=engine, workspaces=workspaces, clock=clock
    )
    states = SQLAlchemyOAuthStateStore(expiration_seconds=OAUTH_STATE_SECONDS, engine=engine)
    oauth = build_oauth_settings(settings, installations=installations, states=states)
    return build_web_client(settings, bot_tokens=installations.bot_token, sleep=sleep), oauth


def read_environment() -> dict[str, str]:
    """The process environment over `.env` (the environment wins)."""
    from dotenv import dotenv_values

    file_values = {k: v for k, v in dotenv_values(".env").items() if v is not None}
    return {**file_values, **os.environ}


def main() -> None:
    """Start Crisis Desk: Socket Mode with SLACK_APP_TOKEN, HTTP on PORT otherwise (in
    HTTP_PROCESSES processes sharing the port)."""
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    # APScheduler logs two INFO lines at every poll; its warnings and errors still show.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    stop = serving.StopSignals()
    stop.install()
    try:
        settings = load_settings(read_environment())
        playbook = load_playbook(settings.playbook_path)
    except (ConfigError, PlaybookError) as problem:
        sys.exit(f"crisis-desk: {problem}")
    if settings.http_processes == 1:
        serve(settings, playbook, stop)
        return
    try:
        listening = bind_port(settings.port)
    except StartRefused as problem:
        sys.exit(f"crisis-desk: {problem}")
    for handler in logging.getLogger().handlers:
        handler.setFormatter(logging.Formatter(PROCESSES_LOG_FORMAT))

    def worker(listening: socket.socket, stop: serving.StopSignals, report: Report) -> None:
        serve(settings, playbook, stop, listening=listening, report=report)

    sys.exit(supervise(settings.http_processes, listening, worker, stop))


def serve(
    settings: Settings,
    playbook: Playbook,
    stop: serving.StopSignals,
    *,
    listening: socket.socket | None = None,
    report: Report | None = None,
) -> None:
    """One app process: build its runtime, serve until `stop`, drain, and say so in one line
    (or, as one of several processes on `listening`, tell the parent through `report`; if the
    parent is gone, say it here)."""
    runtime = _start(settings, playbook)
    try:
        run = open_to_slack(runtime, stop, listening)
    except StartRefused as problem:
        runtime.close()
        sys.exit(f"crisis-desk: {problem}")
    if settings.distributed and report is None:
        logger.info("Workspaces install it at https://<this host>%s", INSTALL_PATH)
    runtime.start_scheduler()
    if report is not None:
        report.ready()
    run()
    in_flight = runtime.in_flight()
    left = runtime.close(DRAIN_SECONDS)
    if report is None or not report.drained(in_flight - left, left):
        logger.info(
            "stopped (%s); work in flight: %d finished, %d left unfinished",
            stop.name or "stop",
            in_flight - left,
            left,
        )
    if left:
        # Threads stuck in unfinished work would hold the interpreter open past the bound.
        logging.shutdown()
        os._exit(0)


def _start(settings: Settings, playbook: Playbook) -> Runtime:
    try:
        return build_runtime(settings, playbook)
    except SQLAlchemyError as problem:
        reason = str(problem).splitlines()[0]
        sys.exit(f"crisis-desk: DATABASE_URL: cannot use the database ({reason})")
    except Exception as problem:
        sys.exit(f"crisis-desk: {describe_slack_start_failure(problem, settings)}")


if __name__ == "__main__":
    main()
