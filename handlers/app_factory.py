"""Builds the Bolt app: the Web API client, listeners, and the error handler."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.clock import Clock
from bot.services import Services
from bot.settings import Settings
from handlers import commands, guards
from handlers.background import Background
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
from handlers.slack_gateway import SlackCrisisChannels

RATE_LIMIT_RETRIES = 3


def build_web_client(settings: Settings) -> WebClient:
    """A WebClient on SLACK_API_URL that waits out 429s (Retry-After) a few times."""
    client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=15)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES))
    return client


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
) -> App:
    """The Bolt app with every listener registered (calls auth.test once)."""
    bolt_logger = logging.getLogger("crisis_desk.bolt")
    bolt_logger.addFilter(_without_token_warning)
    app = App(
        client=client,
        signing_secret=settings.slack_signing_secret,
        logger=bolt_logger,
        listener_executor=listeners,
    )
    app.error(build_error_handler(slack))
    app.use(build_event_dedup(events, clock))
    router = commands.CommandRouter()
    declaration.register(app, router, services, background)
    decisions.register(app, router, services, background)
    status.register(app, router, services, background)
    closing.register(app, router, services, background)
    steps.register(app, services, background)
    reminder_actions.register(app, services, slack)
    insight.register(app, router, services)
    segment_choices.register(app, services)
    home.register(app, services, homes)
    shortcuts.register(app, services)
    commands.register(app, router)
    guards.register(app, slack)  # last: its catch-all answers buttons nobody else claimed
    return app


def _without_token_warning(record: logging.LogRecord) -> bool:
    # App() reads SLACK_BOT_TOKEN from the environment by itself and then warns at every start
    # that the client we pass wins; the client is built from the same token, so say nothing.
    return record.getMessage() != warning_client_prioritized_and_token_skipped()
