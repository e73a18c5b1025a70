"""The reminder messages' snooze buttons."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from slack_bolt import Ack, App

from bot.errors import NotFound
from bot.services import Services
from handlers.crisis.submissions import button_value, team_of, user_of
from handlers.forms import mapping, read_id
from handlers.ids import Action
from handlers.slack_gateway import SlackCrisisChannels
from handlers.text import local_time

SNOOZES = {Action.SNOOZE_30: timedelta(minutes=30), Action.SNOOZE_120: timedelta(hours=2)}


def register(app: App, services: Services, slack: SlackCrisisChannels) -> None:
    """Wire the snooze buttons."""
    for action, delay in SNOOZES.items():
        app.action(action)(_snoozer(services, slack, delay))


def _snoozer(services: Services, slack: SlackCrisisChannels, delay: timedelta) -> Any:
    def snooze(ack: Ack, body: dict[str, Any]) -> None:
        reminder_id = read_id(button_value(body))
        if reminder_id is None:
            raise NotFound("That reminder button no longer works.")
        user = user_of(body)
        # Snooze (a short write) before acknowledging, so a refusal goes through the error
        # handler's answer instead of racing the acknowledgement.
        until = services.response.snooze_reminder(
            reminder_id, by=user, delay=delay, team_id=team_of(body)
        )
        ack()
        channel = mapping(body.get("channel")).get("id")
        slack.tell(
            user,
            f":zzz: Snoozed. I'll remind you again {local_time(until)}.",
            channel_id=channel if isinstance(channel, str) else None,
        )

    return snooze
