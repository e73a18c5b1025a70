"""Promises and follow-up items in Slack: the list, the reminders, the breach, the item form."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DateTimePickerElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    SectionBlock,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.comms.keeping import PromiseOverview
from bot.comms.promises import NOTE_MAX, CustomerItem, Promise, PromiseKind, PromiseState
from bot.crisis.model import Crisis
from handlers.crisis.modals import text_input
from handlers.ids import Action, Callback
from handlers.ids import Block as Id
from handlers.text import clip, escape, local_time, mention

LIST_MAX = 20  # items shown with a button; a message holds at most 50 blocks
STATE_WORDS = {
    PromiseState.OPEN: "open",
    PromiseState.OVERDUE: ":warning: overdue",
    PromiseState.KEPT: ":white_check_mark: kept",
    PromiseState.LATE: ":hourglass: kept late",
    PromiseState.BROKEN: ":x: broken",
}


def late_by(delta: timedelta) -> str:
    """'25 min', '2 h 5 min'."""
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def promise_line(promise: Promise, crisis: Crisis, now: datetime) -> str:
    """One promise: what, by when, and how it stands."""
    what = "Next update" if promise.kind is PromiseKind.NEXT_UPDATE else "Fix"
    state = promise.state(crisis, now)
    text = f"{what} by {local_time(promise.due_at)} · {STATE_WORDS[state]}"
    lateness = promise.lateness(now)
    if lateness is not None and state in (PromiseState.LATE, PromiseState.OVERDUE):
        text += f" by {late_by(lateness)}"
    return text


def item_line(item: CustomerItem, next_update_by: datetime | None) -> str:
    """One item: its kind, text, owner, when it is due, and whether it is done."""
    due = item.due(next_update_by)
    when = f"due {local_time(due)}" if due else "due with the next update"
    text = f"*{item.kind.label}*: {escape(clip(item.text, 300))} · {mention(item.owner_id)} · "
    if item.done:
        how = (
            "told in an approved update"
            if item.done_update_id
            else escape(clip(item.done_note or "", 300))
        )
        return text + f":white_check_mark: done ({how})"
    return text + when


def build_promises(overview: PromiseOverview) -> list[Block]:
    """`/crisis promises`: every promise (open, kept, late, broken) and every item."""
    crisis, now = overview.crisis, overview.now
    lines = [promise_line(p, crisis, now) for p in overview.promises] or ["No promises yet."]
    blocks: list[Block] = [
        HeaderBlock(text=clip(f"Promises to customers: {crisis.title}", 150)),
        SectionBlock(text=MarkdownTextObject(text=clip("\n".join(lines), 3000))),
    ]
    if not overview.items:
        blocks.append(_context("No decision owes customers anything yet."))
    for item in overview.items[:LIST_MAX]:
        button = None
        if not item.done:
            button = ButtonElement(text="Update", action_id=Action.EDIT_ITEM, value=str(item.id))
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=item_line(item, overview.next_update_by)),
                accessory=button,
            )
        )
    if len(overview.items) > LIST_MAX:
        blocks.append(_context(f"{len(overview.items) - LIST_MAX} more items not shown."))
    return blocks


def build_promise_reminder(crisis: Crisis, promise: Promise) -> list[Block]:
    """Before a promise falls due: publish an update, or a holding statement."""
    text = (
        f":hourglass_flowing_sand: {mention(promise.made_by)} {mention(crisis.lead_id)} "
        f"Due {local_time(promise.due_at)}: customers were promised "
        f"{'an update' if promise.kind is PromiseKind.NEXT_UPDATE else 'the fix'} by then. "
        "Publish an update, or a holding statement."
    )
    return [_section(text), _holding_buttons(crisis)]


def build_breach(crisis: Crisis, promise: Promise) -> list[Block]:
    """A promise fell due unkept."""
    text = (
        f":warning: The update promised to customers by {local_time(promise.due_at)} "
        f"is overdue. {mention(crisis.lead_id)}, tell them now: a holding statement is one click."
    )
    return [_section(text), _holding_buttons(crisis)]


def build_item_reminder(crisis: Crisis, item: CustomerItem, due: datetime) -> list[Block]:
    """Before an item falls due: its owner is reminded."""
    text = (
        f":alarm_clock: {mention(item.owner_id)} due {local_time(due)}: "
        f"*{item.kind.label}*: {escape(clip(item.text, 500))}"
    )
    button = ButtonElement(text="Update", action_id=Action.EDIT_ITEM, value=str(item.id))
    return [SectionBlock(text=MarkdownTextObject(text=clip(text, 3000)), accessory=button)]


def build_item_form(crisis: Crisis, item: CustomerItem) -> View:
    """Reassign an item, give it a due time, or mark it done with a note."""
    return View(
        type="modal",
        callback_id=Callback.CUSTOMER_ITEM,
        title=clip(item.kind.label, 24),
        submit="Save",
        close="Cancel",
        private_metadata=json.dumps({"crisis": crisis.id, "item": item.id}),
        blocks=[
            _context(f"*{escape(clip(item.text, 2000))}*"),
            InputBlock(
                block_id=Id.ITEM_OWNER,
                label="Owner",
                element=UserSelectElement(action_id=Id.ITEM_OWNER, initial_user=item.owner_id),
            ),
            InputBlock(
                block_id=Id.ITEM_DUE,
                label="Due (empty: by the next update promised to customers)",
                optional=True,
                element=DateTimePickerElement(
                    action_id=Id.ITEM_DUE,
                    initial_date_time=int(item.due_at.timestamp()) if item.due_at else None,
                ),
            ),
            text_input(
                Id.ITEM_NOTE,
                "Done? Say what was done",
                optional=True,
                max_length=NOTE_MAX,
            ),
        ],
    )


def _holding_buttons(crisis: Crisis) -> ActionsBlock:
    return ActionsBlock(
        elements=[
            ButtonElement(
                text="Draft a holding statement",
                action_id=Action.HOLDING_STATEMENT,
                value=str(crisis.id),
                style="primary",
            ),
            ButtonElement(
                text="Tell customers", action_id=Action.TELL_CUSTOMERS, value=str(crisis.id)
            ),
        ]
    )


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text, 3000)))


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, 3000))])
