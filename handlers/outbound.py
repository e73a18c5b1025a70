"""What listeners, the error handler and the after-ack runner need from Slack, as Protocols.

The gateway and the Home refresher render every capability's blocks, so they sit above the
capability rooms; the rooms below see them only through these."""

from __future__ import annotations

from typing import Protocol

from bot.crisis.rules import Member


class SlackTeller(Protocol):
    """Tells one person something, where they are."""

    def tell(self, user_id: str, text: str, *, channel_id: str | None = None) -> None:
        """Ephemerally in `channel_id` if the app can post there, otherwise by direct message."""
        ...


class CrisisSlack(SlackTeller, Protocol):
    """The Slack gateway as listeners use it."""

    def member(self, user_id: str) -> Member | None:
        """The person as users.info reports them; None if Slack knows no such user."""
        ...


class HomePublisher(Protocol):
    """Draws one person's Home and publishes it."""

    def publish(self, team_id: str, user_id: str) -> None:
        """Draw one person's Home and publish it now."""
        ...
