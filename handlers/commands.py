"""`/crisis`: the one slash command, dispatched by the router the wiring holds."""

from __future__ import annotations

from slack_bolt import App

from handlers.wiring import Wiring

COMMAND = "/crisis"


def register(app: App, wiring: Wiring) -> None:
    """Listen for `/crisis`, with the channel's crisis (if any) in `context`."""
    app.command(COMMAND, middleware=[wiring.finder.of_channel])(wiring.router)
