"""Declaring from anywhere: the global shortcut, and the message shortcut that quotes a message."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.crisis.model import DESCRIPTION_MAX, TITLE_MAX, SourceMessage
from bot.errors import NotFound
from handlers.crisis.declaration import MESSAGE_TS, declaration_form, open_blank_declaration
from handlers.forms import channel_or_none, mapping
from handlers.ids import Shortcut
from handlers.text import clip
from handlers.wiring import Listeners, Wiring


def register(app: App, wiring: Wiring) -> None:
    """Wire both "Declare a crisis" shortcuts."""
    shortcuts = DeclareShortcuts(wiring)
    app.shortcut(Shortcut.DECLARE)(shortcuts.declare)
    app.shortcut(Shortcut.DECLARE_FROM_MESSAGE)(shortcuts.declare_from_message)


def title_from(text: str) -> str:
    """The first line with words in it, as a title."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return clip(first, TITLE_MAX)


class DeclareShortcuts(Listeners):
    """Thin listeners: ack -> read the shortcut -> open the declaration form."""

    def declare(
        self, ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """The global shortcut (search bar or shortcuts menu): an empty declaration form."""
        ack()
        open_blank_declaration(
            self.services, self.views, client, context, trigger_id=body["trigger_id"]
        )

    def declare_from_message(
        self, ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """The message shortcut: the form pre-filled from the message, remembering where it is."""
        message = mapping(body.get("message"))
        channel = channel_or_none(mapping(body.get("channel")).get("id"))
        ts = message.get("ts") or body.get("message_ts")
        if channel is None or not isinstance(ts, str) or not MESSAGE_TS.match(ts):
            raise NotFound("I can't tell which message that was. Try the shortcut again.")
        ack()
        text = str(message.get("text") or "")
        thread = message.get("thread_ts")
        thread_ts = thread if isinstance(thread, str) and MESSAGE_TS.match(thread) else None
        view = declaration_form(
            self.services,
            self.views,
            team_id=context.team_id or "",
            user_id=context.user_id or "",
            title=title_from(text),
            description=clip(text.strip(), DESCRIPTION_MAX),
            origin_channel_id=channel,
            source=SourceMessage(channel, ts, self._permalink(client, channel, ts), thread_ts),
        )
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @staticmethod
    def _permalink(client: WebClient, channel: str, ts: str) -> str | None:
        try:
            return str(client.chat_getPermalink(channel=channel, message_ts=ts)["permalink"])
        except (SlackClientError, OSError):
            # A channel the app can't see: the form still opens, the board shows no link.
            return None
