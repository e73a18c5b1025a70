"""The Home tab's listeners: publish it when opened; its buttons open the right forms."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.services import Services
from handlers.crisis.declaration import open_blank_declaration
from handlers.crisis.submissions import team_of
from handlers.home.refresh import SlackHomeRefresher
from handlers.ids import Action
from handlers.insight.blocks import build_insight_list


def register(app: App, services: Services, homes: SlackHomeRefresher) -> None:
    """Wire `app_home_opened` and the Home's own buttons (step buttons reuse the board's)."""
    listeners = HomeListeners(services, homes)
    app.event("app_home_opened")(listeners.home_opened)
    app.action(Action.HOME_DECLARE)(listeners.declare)
    app.action(Action.HOME_INSIGHT)(listeners.manage_segments)
    app.action(Action.HOME_OPEN_CHANNEL)(listeners.open_channel)


class HomeListeners:
    """Thin listeners: ack -> read -> render."""

    def __init__(self, services: Services, homes: SlackHomeRefresher) -> None:
        self.services = services
        self.homes = homes

    def home_opened(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        """The person opened the app: draw their Home (Bolt has acknowledged the event)."""
        # The same event fires for the Messages tab, which has nothing to draw.
        if event.get("tab") != "home" or not event.get("user"):
            return
        self.homes.publish(team_of(body), str(event["user"]))

    def declare(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        """ "Declare a crisis": the declaration modal (from the Home, so no origin channel)."""
        ack()
        open_blank_declaration(self.services, body, client)

    def manage_segments(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        """ "Manage segments": the `/crisis insight` modal."""
        ack()
        view = build_insight_list(self.services.insight.segments(team_of(body)))
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def open_channel(self, ack: Ack) -> None:
        """A link button: Slack opens the channel; the click only needs acknowledging."""
        ack()
