"""The trust work's reminders in words and buttons, rendered when they are sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import ButtonElement

from bot.reminders.model import Nudge, ReminderKind
from handlers.ids import TrustAction
from handlers.text import escape, local_time


def trust_reminder_text(nudge: Nudge, crisis: str) -> str | None:
    """A check-in, outreach or segment follow-up reminder (None for other kinds)."""
    spec = nudge.reminder.spec
    params = spec.params
    if spec.kind is ReminderKind.TRUST_FOLLOW_UP:
        return (
            f":handshake: Trust check-in, {spec.subject} after {crisis} was resolved: how are "
            "the customers it affected? Record complaints, customers lost, satisfaction and "
            "what we change, segment by segment."
        )
    if spec.kind is ReminderKind.OUTREACH_DUE:
        due = datetime.fromisoformat(params.get("due", ""))
        when = "was due" if spec.due_at > due else "is due"
        return (
            f":telephone_receiver: Outreach to {escape(params.get('segment', ''))} for {crisis} "
            f"{when} {local_time(due)}: aim {int(params.get('target', '0')):,} customers. "
            "Report how many you have contacted and what they said."
        )
    if spec.kind is ReminderKind.ACTION_DUE and params.get("segment"):
        return (
            f":white_check_mark: A follow-up for {escape(params['segment'])} from a trust "
            f"check-in of {crisis} is due: {escape(params.get('action', ''))}"
        )
    return None


def trust_buttons(nudge: Nudge) -> list[Any]:
    """The button that records what the reminder asks for."""
    spec = nudge.reminder.spec
    if spec.kind is ReminderKind.TRUST_FOLLOW_UP:
        value = f"{spec.crisis_id}:{spec.subject}"
        return [_button("Record check-in", TrustAction.OPEN_CHECK_IN, value)]
    if spec.kind is ReminderKind.OUTREACH_DUE:
        return [_button("Report progress", TrustAction.REPORT_PROGRESS, spec.subject)]
    return []


def _button(text: str, action_id: str, value: str) -> ButtonElement:
    return ButtonElement(text=text, action_id=action_id, value=value, style="primary")
