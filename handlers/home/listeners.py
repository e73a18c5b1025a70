"""The Home tab's listeners: publish it when opened; its buttons open the right forms."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from handlers.crisis.declaration import open_blank_declaration
from handlers.ids import Action
from handlers.insight.listeners import insight_list
from handlers.wiring import Listeners, Wiring


def register(app: App, wiring: Wiring) -> None:
    """Wire `app_home_opened` and the Home's own buttons (step buttons reuse the board's)."""
    listeners = HomeListeners(wiring)
    app.event("app_home_opened")(listeners.home_opened)
    app.action(Action.HOME_DECLARE)(listeners.declare)
    app.action(Action.HOME_INSIGHT)(listeners.manage_segments)
    app.action(Action.HOME_OPEN_CHANNEL)(listeners.open_channel)


class HomeListeners(Listeners):
    """Thin listeners: ack -> read -> render."""

    def __init__(self, wiring: Wiring) -> None:
        super().__init__(wiring)
        self.homes = wiring.homes

    def home_opened(self, event: dict[str, Any], context: BoltContext) -> None:
        """The person opened the app: draw their Home (Bolt has acknowledged the event)."""
        # The same event fires for the Messages tab, which has nothing to draw.
        if event.get("tab") != "home" or not event.get("user"):
            return
        self.homes.publish(context.team_id or "", str(event["user"]))

    def declare(
        self, ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """ "Declare a crisis": the declaration modal (from the Home, so no origin channel)."""
        ack()
        open_blank_declaration(
            self.services, self.views, client, context, trigger_id=body["trigger_id"]
        )

    def manage_segments(
        self, ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """ "Manage segments": the `/crisis insight` modal."""
        ack()
        view = insight_list(self.services, context.team_id or "")
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def open_channel(self, ack: Ack) -> None:
        """A link button: Slack opens the channel; the click only needs acknowledging."""
        ack()
