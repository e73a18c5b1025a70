"""Acting in many workspaces: each Slack call carries the bot token of the workspace served.

The workspace being served travels in a context variable: set for every request Bolt
dispatches, for every reminder delivered and every Home redrawn, and copied into the work
that follows (DrainableExecutor copies the context into its tasks).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any, Protocol

from slack_bolt import App
from slack_bolt.response import BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.web import SlackResponse

from bot.clock import Clock
from bot.reminders.model import Nudge
from bot.reminders.ports import ReminderSender

logger = logging.getLogger(__name__)
current_team: ContextVar[str | None] = ContextVar("current_team", default=None)
# Calls that authenticate with the app's client credentials, not a workspace's bot token.
APP_LEVEL_METHODS = frozenset({"oauth.v2.access"})


class WorkspaceUnavailable(SlackClientError):
    """The app is not (or no longer) installed in the workspace a call is for."""


@contextmanager
def acting_for(team_id: str | None) -> Iterator[None]:
    """Make the calls inside act in workspace `team_id`."""
    token = current_team.set(team_id)
    try:
        yield
    finally:
        current_team.reset(token)


class WorkspaceClient(WebClient):
    """A WebClient whose every call uses the bot token of the workspace being served."""

    def __init__(self, *, bot_tokens: Callable[[str], str | None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._bot_tokens = bot_tokens

    def api_call(
        self, api_method: str, *, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> SlackResponse:
        """Call Slack as the bot of the workspace being served."""
        team = current_team.get()
        if api_method not in APP_LEVEL_METHODS and not _explicit_token(kwargs):
            if team is None:
                raise WorkspaceUnavailable(f"{api_method}: no workspace is being served")
            token = self._bot_tokens(team)
            if token is None:
                raise WorkspaceUnavailable(f"the app is not installed in workspace {team}")
            headers = {**(headers or {}), "Authorization": f"Bearer {token}"}
        return super().api_call(api_method, headers=headers, **kwargs)


def _explicit_token(kwargs: dict[str, Any]) -> bool:
    # A caller that names its token (Bolt checking a fresh install with auth.test) keeps it.
    return any("token" in (kwargs.get(part) or {}) for part in ("params", "data", "json"))


def build_team_context() -> Callable[..., BoltResponse | None]:
    """A global Bolt middleware: the rest of the request acts in the workspace it came from."""

    def serve_team(context: Any, next_: Callable[[], BoltResponse]) -> BoltResponse | None:
        # Bolt runs the listeners after the middleware returns, so this is set, not scoped:
        # each request sets it afresh in its thread, and executors copy it into their tasks.
        current_team.set(context.team_id)
        return next_()

    return serve_team


class WorkspaceRegistry(Protocol):
    """Where the app records that a workspace installed or removed it."""

    def set_active(self, team_id: str, *, active: bool, at: datetime) -> None:
        """Record whether the app may act in `team_id`."""
        ...

    def team_of_crisis(self, crisis_id: int) -> str | None:
        """The workspace a crisis belongs to."""
        ...


class WorkspaceReminderSender:
    """Delivers each reminder as the bot of the workspace its crisis belongs to."""

    def __init__(self, sender: ReminderSender, workspaces: WorkspaceRegistry) -> None:
        self._sender = sender
        self._workspaces = workspaces

    def deliver(self, nudge: Nudge, *, key: str, in_doubt_since: datetime | None) -> str:
        """Post it in the right workspace; where it went."""
        with acting_for(self._workspaces.team_of_crisis(nudge.reminder.spec.crisis_id)):
            return self._sender.deliver(nudge, key=key, in_doubt_since=in_doubt_since)


def register(app: App, workspaces: WorkspaceRegistry | None, clock: Clock) -> None:
    """Stop acting in a workspace that uninstalled the app or revoked its tokens (data kept).

    With one bot token (`workspaces` None) there is nothing to switch off: the operator
    installs again and sets the new SLACK_BOT_TOKEN, so the event is only logged.
    """

    def removed(body: dict[str, Any], event: dict[str, Any]) -> None:
        team_id = str(body.get("team_id") or "")
        tokens = event.get("tokens")
        if event.get("type") == "tokens_revoked" and not (
            isinstance(tokens, dict) and tokens.get("bot")
        ):
            return  # only people's own tokens: the app uses none of those
        if workspaces is None or not team_id:
            logger.warning("Slack says %s for this app's workspace", event.get("type"))
            return
        workspaces.set_active(team_id, active=False, at=clock())
        # Its crises and reminders stay; a reinstall (OAuth) makes the workspace active again.
        logger.warning(
            "workspace %s: %s; deliveries stop until it installs the app again",
            team_id,
            event.get("type"),
        )

    app.event("app_uninstalled")(removed)
    app.event("tokens_revoked")(removed)
