"""Listener middleware: find the crisis a request is about once, and put it in `context`.

A channel (slash command, message shortcut), a button's value ("<crisis id>[:<rest>]") or a
modal's private_metadata names the crisis; the middleware looks it up, checks it belongs to the
workspace the request comes from, and listeners read it with `crisis_of(context)`.

The crisis is loaded at most once per request, and only when a listener asks for it: `/crisis
help` never reads it, and a form whose service reads the crisis in its own transaction needs
only `crisis_id_of(context)` (the form's crisis checked to be this workspace's, not loaded).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext

from bot.crisis.model import Crisis
from bot.errors import NotACrisisChannel, NotFound
from bot.response.response import CrisisResponse
from handlers.forms import mapping, read_id, read_metadata

CRISIS = "crisis"
CRISIS_ID = "crisis_id"
BUTTON_REST = "button_rest"
STALE_BUTTON = "That button no longer works. Use `/crisis status` in the crisis channel."
GONE = "That crisis no longer exists."
STALE_FORM = "This form doesn't belong to a crisis any more. Close it and start again."


class FoundCrisis:
    """The crisis a request names, loaded when a listener first asks (then remembered)."""

    def __init__(self, load: Callable[[], Crisis | None]) -> None:
        self._load: Callable[[], Crisis | None] | None = load
        self._crisis: Crisis | None = None

    def get(self) -> Crisis | None:
        """The crisis (None: the request names none)."""
        if self._load is not None:
            self._crisis, self._load = self._load(), None
        return self._crisis


def crisis_of(context: BoltContext) -> Crisis:
    """The crisis the middleware found; NotACrisisChannel if the channel is not a crisis's."""
    found = context.get(CRISIS)
    crisis = found.get() if isinstance(found, FoundCrisis) else found
    if not isinstance(crisis, Crisis):
        raise NotACrisisChannel()
    return crisis


def crisis_id_of(context: BoltContext) -> int:
    """The id of the crisis a form names, checked to be this workspace's, without loading it."""
    crisis_id = context.get(CRISIS_ID)
    if not isinstance(crisis_id, int):
        return crisis_of(context).id
    return crisis_id


def button_rest(context: BoltContext) -> str:
    """What a crisis button's value carries after "<crisis id>:" ('' when nothing)."""
    return str(context.get(BUTTON_REST, ""))


class CrisisFinder:
    """The three ways a request names its crisis, as Bolt listener middleware."""

    def __init__(self, response: CrisisResponse) -> None:
        self._response = response

    def of_channel(self, context: BoltContext, next_: Callable[[], None]) -> None:
        """Slash commands and message shortcuts: the crisis whose channel this is (or none)."""
        team_id, channel_id = context.team_id or "", context.channel_id or ""
        context[CRISIS] = FoundCrisis(lambda: self._in_channel(team_id, channel_id))
        next_()

    def of_button(self, context: BoltContext, action: Any, next_: Callable[[], None]) -> None:
        """Board and card buttons: the crisis named by the button's value."""
        head, _, rest = str(mapping(action).get("value", "")).partition(":")
        crisis_id = read_id(head)
        if crisis_id is None:
            raise NotFound(STALE_BUTTON)
        context[CRISIS] = self._in_team(crisis_id, context)
        context[BUTTON_REST] = rest
        next_()

    def of_view(self, context: BoltContext, view: Any, next_: Callable[[], None]) -> None:
        """Modal submissions: the crisis named in the view's private_metadata."""
        crisis_id = read_id(read_metadata(view).get("crisis"))
        if crisis_id is None:
            raise NotFound(STALE_FORM)
        # Another workspace's crisis is, for this request, no crisis at all.
        if self._response.crisis_team(crisis_id) != context.team_id:
            raise NotFound(GONE)
        context[CRISIS_ID] = crisis_id
        context[CRISIS] = FoundCrisis(lambda: self._response.crisis(crisis_id))
        next_()

    def _in_channel(self, team_id: str, channel_id: str) -> Crisis | None:
        try:
            return self._response.crisis_in_channel(team_id, channel_id)
        except NotACrisisChannel:
            # Fine for `/crisis open`, `list`, `help`...; crisis_of() refuses the rest.
            return None

    def _in_team(self, crisis_id: int, context: BoltContext) -> Crisis:
        crisis = self._response.crisis(crisis_id)
        if context.team_id != crisis.team_id:
            raise NotFound(GONE)
        return crisis
