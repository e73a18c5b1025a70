"""The reminder messages' snooze buttons."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.errors import NotFound
from handlers.forms import mapping, read_id
from handlers.ids import Action
from handlers.text import local_time
from handlers.wiring import Listeners, Wiring

SNOOZES = {Action.SNOOZE_30: timedelta(minutes=30), Action.SNOOZE_120: timedelta(hours=2)}


def register(app: App, wiring: Wiring) -> None:
    """Wire the snooze buttons."""
    listeners = ReminderListeners(wiring)
    for action in SNOOZES:
        app.action(action)(listeners.snooze)


class ReminderListeners(Listeners):
    """The buttons under a reminder."""

    def snooze(self, ack: Ack, action: dict[str, Any], context: BoltContext) -> None:
        """ "Snooze 30 min" / "Snooze 2 h": bring the reminder back later."""
        reminder_id = read_id(mapping(action).get("value"))
        if reminder_id is None:
            raise NotFound("That reminder button no longer works.")
        user = context.user_id or ""
        delay = SNOOZES[Action(action["action_id"])]
        # Snooze (a short write) before acknowledging, so a refusal goes through the error
        # handler's answer instead of racing the acknowledgement.
        until = self.response.snooze_reminder(
            reminder_id, by=user, delay=delay, team_id=context.team_id or ""
        )
        ack()
        self.slack.tell(
            user,
            f":zzz: Snoozed. I'll remind you again {local_time(until)}.",
            channel_id=context.channel_id,
        )
