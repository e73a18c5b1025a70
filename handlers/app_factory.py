"""Builds the Bolt app: the Web API client, listeners, and the error handler."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

from bot.clock import Clock
from bot.services import Services
from bot.settings import Settings
from handlers import commands, guards
from handlers import workspaces as workspace_events
from handlers.background import Background
from handlers.comms import listeners as comms
from handlers.comms import promise_listeners as promises
from handlers.comms import script_listeners as scripts
from handlers.context import CrisisFinder
from handlers.crisis import decisions, declaration, shortcuts, status, steps
from handlers.errors import build_error_handler
from handlers.event_dedup import EventLog, build_event_dedup
from handlers.executor import DrainableExecutor
from handlers.home import listeners as home
from handlers.home.refresh import SlackHomeRefresher
from handlers.insight import choices as segment_choices
from handlers.insight import listeners as insight
from handlers.reminders import actions as reminder_actions
from handlers.review import listeners as closing
from handlers.router import CommandRouter
from handlers.slack_gateway import SlackCrisisChannels
from handlers.slack_retry import WaitingRateLimitHandler
from handlers.trust import checkins, compensation, outreach
from handlers.view_cache import ViewCache
from handlers.wiring import Wiring
from handlers.workspaces import WorkspaceClient, WorkspaceRegistry, build_team_context

RATE_LIMIT_RETRIES = 3
# Each registers its listeners (and `/crisis` subcommands) with `register(app, wiring)`.
# Bolt tries listeners in this order for every request, so `/crisis` (most requests, and only
# commands match it) comes first; its router finds the subcommands the modules below add.
LISTENER_MODULES = (
    commands,
    home,
    shortcuts,
    declaration,
    decisions,
    status,
    closing,
    steps,
    reminder_actions,
    insight,
    comms,
    promises,
    scripts,
    segment_choices,
    compensation,
    outreach,
    checkins,
    guards,  # last: its catch-all answers buttons and forms nobody else claimed
)


INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"


def build_web_client(
    settings: Settings,
    *,
    bot_tokens: Callable[[str], str | None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> WebClient:
    """A WebClient on SLACK_API_URL that waits out short 429s (Retry-After) a few times.

    Distributed, it acts as the bot of whichever workspace is being served (`bot_tokens`).
    """
    client: WebClient
    if settings.distributed and bot_tokens is not None:
        client = WorkspaceClient(bot_tokens=bot_tokens, base_url=settings.slack_api_url, timeout=15)
    else:
        client = WebClient(
            token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=15
        )
    client.retry_handlers.append(WaitingRateLimitHandler(sleep, RATE_LIMIT_RETRIES))
    return client


def build_oauth_settings(
    settings: Settings, *, installations: InstallationStore, states: OAuthStateStore
) -> OAuthSettings:
    """Bolt's OAuth flow at /slack/install and /slack/oauth_redirect, on the given stores."""
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(settings.slack_scopes),
        installation_store=installations,
        state_store=states,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
    )


def build_app(
    settings: Settings,
    services: Services,
    *,
    client: WebClient,
    slack: SlackCrisisChannels,
    listeners: DrainableExecutor,
    background: Background,
    homes: SlackHomeRefresher,
    events: EventLog,
    clock: Clock,
    workspaces: WorkspaceRegistry,
    oauth: OAuthSettings | None = None,
) -> App:
    """The Bolt app with every listener registered (one workspace: calls auth.test once)."""
    bolt_logger = logging.getLogger("crisis_desk.bolt")
    bolt_logger.addFilter(_without_token_warning)
    app = App(
        client=client,
        signing_secret=settings.slack_signing_secret,
        logger=bolt_logger,
        listener_executor=listeners,
        oauth_settings=oauth,
        # HTTP requests reach the app only through the gate (handlers/http_gate.py), which has
        # verified the signature on the raw bytes; Socket Mode requests carry none.
        request_verification_enabled=False,
    )
    app.error(build_error_handler(slack))
    app.use(build_team_context())
    app.use(build_event_dedup(events, clock))
    workspace_events.register(app, workspaces if oauth is not None else None, clock)
    wiring = Wiring(
        services=services,
        router=CommandRouter(),
        finder=CrisisFinder(services.response),
        background=background,
        slack=slack,
        homes=homes,
        views=ViewCache(),
    )
    for module in LISTENER_MODULES:
        module.register(app, wiring)
    return app


def _without_token_warning(record: logging.LogRecord) -> bool:
    # App() reads SLACK_BOT_TOKEN from the environment by itself and then warns at every start
    # that the client we pass wins; the client is built from the same token, so say nothing.
    return record.getMessage() != warning_client_prioritized_and_token_skipped()
