"""Bolt-level guards: an acknowledgement that stays given, and an answer for stale buttons."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.response import BoltResponse

from handlers.forms import mapping
from handlers.http_gate import Refused, check_shape
from handlers.ids import Action
from handlers.wiring import Listeners, Wiring

STALE_FORM = "That form is out of date, so nothing was saved. Please open it again."
STALE_BUTTON = (
    "This button is stale: it belongs to an older version of this message. "
    "Use `/crisis status` in the crisis channel to get a fresh board."
)

KNOWN_ACTIONS = frozenset(Action)


class StickyAck(Ack):
    """An Ack whose recorded response, once given, is never reset.

    Bolt's thread runner sets `ack.response = None` when a listener fails after acking, and
    then the HTTP request waits out the 3 s and answers 404; Slack shows a timeout on top of
    the app's own message. Keeping the response lets the error handler speak alone.
    """

    _kept: BoltResponse | None = None

    @property
    def response(self) -> BoltResponse | None:
        return self._kept

    @response.setter
    def response(self, value: BoltResponse | None) -> None:
        if value is not None or self._kept is None:
            self._kept = value


def keep_acknowledgements(context: BoltContext, next: Callable[[], None]) -> None:
    """Global middleware: every request gets a StickyAck before any listener sees `ack`."""
    context["ack"] = StickyAck()  # type: ignore[no-untyped-call]
    next()


def refuse_malformed(body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
    """Global middleware: the HTTP gate's shape check for Socket Mode too (no team, no actions)."""
    try:
        check_shape(body)
    except Refused as refused:
        return BoltResponse(status=400, body=refused.reason)
    next()
    return None


def register(app: App, wiring: Wiring) -> None:
    """Install the sticky ack and, registered last, the answer for unknown buttons and forms."""
    app.use(keep_acknowledgements)
    app.use(refuse_malformed)
    listeners = StaleListeners(wiring)
    app.action(re.compile(".*"))(listeners.stale_button)
    app.view(re.compile(".*"))(listeners.stale_form)


class StaleListeners(Listeners):
    """What a click or a submission nobody else handles gets: a word, never silence."""

    def stale_button(self, ack: Ack, action: dict[str, Any], context: BoltContext) -> None:
        """A button of an older message (or a forged one)."""
        ack()
        if mapping(action).get("action_id") in KNOWN_ACTIONS:
            return  # a link button (it opens its URL in Slack); nothing to do here
        if context.user_id:
            self.slack.tell(context.user_id, STALE_BUTTON, channel_id=context.channel_id)

    def stale_form(self, ack: Ack, context: BoltContext) -> None:
        """A form of an older version of the app."""
        ack()  # closes the form: no field of ours is there to put an error under
        if context.user_id:
            self.slack.tell(context.user_id, STALE_FORM)
