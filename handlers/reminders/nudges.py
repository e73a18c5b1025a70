"""Reminder messages, rendered when sent from the reminder's kind, facts and crisis."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    MarkdownTextObject,
    SectionBlock,
)

from bot.reminders.model import Nudge, ReminderKind
from handlers.ids import Action
from handlers.text import clip, escape
from handlers.trust.nudges import trust_buttons, trust_reminder_text

OPENS_A_STEP = {ReminderKind.STEP_OVERDUE, ReminderKind.REVIEW_DUE}


def reminder_text(nudge: Nudge) -> str:
    """The nudge in words; it always names its crisis (title and channel)."""
    spec = nudge.reminder.spec
    crisis = f"*{escape(nudge.crisis_title)}*"
    if nudge.crisis_channel_id:
        crisis += f" (<#{nudge.crisis_channel_id}>)"
    if spec.kind is ReminderKind.STEP_OVERDUE:
        step = nudge.step_title or spec.subject
        return f":alarm_clock: *{step}* is overdue in {crisis}. {nudge.step_prompt or ''}".strip()
    if spec.kind is ReminderKind.STATUS_UPDATE_DUE:
        return (
            f":mega: A status update is due in {crisis}: what changed, and how are customers "
            "affected now?"
        )
    if spec.kind is ReminderKind.CUSTOMER_ETA:
        return (
            f":hourglass: The fix promised to customers in {crisis} is due "
            f"{_eta(spec.params)}. If it slips, tell customers before they find out: "
            "post a `/crisis update` and update the status page."
        )
    if spec.kind is ReminderKind.REVIEW_DUE:
        return f":mag: The review of {crisis} is due. Open it with `/crisis review`."
    trust = trust_reminder_text(nudge, crisis)
    if trust is not None:
        return trust
    action = escape(str(spec.params.get("action", "")))  # typed by a person: never a ping
    return f":white_check_mark: A follow-up from the review of {crisis} is due: {action}"


def _eta(params: Any) -> str:
    raw = params.get("eta")
    if not raw:
        return "soon"
    eta = datetime.fromisoformat(raw)
    return f"<!date^{int(eta.timestamp())}^{{time}}|{eta:%H:%M} UTC>"


def build_reminder(nudge: Nudge) -> list[Block]:
    """The reminder's text with its buttons: open the step (if any), snooze."""
    reminder = nudge.reminder
    buttons: list[Any] = []
    if reminder.spec.kind in OPENS_A_STEP:
        buttons.append(
            ButtonElement(
                text="Open step",
                action_id=Action.OPEN_STEP,
                value=f"{reminder.spec.crisis_id}:{reminder.spec.subject}",
                style="primary",
            )
        )
    if reminder.spec.kind is ReminderKind.STATUS_UPDATE_DUE:
        buttons.append(
            ButtonElement(
                text="Post an update",
                action_id=Action.POST_UPDATE,
                value=str(reminder.spec.crisis_id),
                style="primary",
            )
        )
    buttons += trust_buttons(nudge)
    buttons += [
        ButtonElement(text="Snooze 30 min", action_id=Action.SNOOZE_30, value=str(reminder.id)),
        ButtonElement(text="Snooze 2 h", action_id=Action.SNOOZE_120, value=str(reminder.id)),
    ]
    return [
        SectionBlock(text=MarkdownTextObject(text=clip(reminder_text(nudge), 3000))),
        ActionsBlock(elements=buttons),
    ]
