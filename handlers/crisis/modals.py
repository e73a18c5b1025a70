"""Modals for the response: a decision, the Reset / Refocus / Fix steps, a status update."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DateTimePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.crisis.decisions import DECISION_MAX
from bot.crisis.impact import NOTE_MAX
from bot.crisis.model import Crisis, Severity
from bot.durations import format_duration
from handlers.crisis.assessment import assessment_blocks, harm_options
from handlers.crisis.declare_modal import severity_option
from handlers.ids import Block as Id
from handlers.ids import Callback, priority_block
from handlers.text import clip, escape
from handlers.trust.board import compensation_button

PRIORITY_ROWS = 3
NEXT_UPDATE_CHOICES = (
    timedelta(minutes=15),
    timedelta(minutes=30),
    timedelta(hours=1),
    timedelta(hours=2),
    timedelta(hours=4),
    timedelta(days=1),
)


def metadata(crisis: Crisis, **extra: str) -> str:
    """private_metadata naming the crisis (and anything else the submission needs)."""
    return json.dumps({"crisis": crisis.id, **extra})


def intro(crisis: Crisis, text: str) -> ContextBlock:
    return ContextBlock(
        elements=[MarkdownTextObject(text=clip(f"*{escape(crisis.title)}* · {text}", 3000))]
    )


def text_input(
    block_id: str,
    label: str,
    *,
    hint: str | None = None,
    optional: bool = False,
    initial: str | None = None,
    max_length: int = NOTE_MAX,
) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=label,
        hint=hint,
        optional=optional,
        element=PlainTextInputElement(
            action_id=block_id,
            multiline=True,
            max_length=max_length,
            initial_value=clip(initial, max_length) if initial else None,
        ),
    )


def build_decision_modal(
    crisis: Crisis, *, text: str = "", source_ts: str = "", segment_blocks: Sequence[Block] = ()
) -> View:
    """Log a decision, headed by the question the whole product is built around."""
    return View(
        type="modal",
        callback_id=Callback.DECISION,
        title="Log a decision",
        submit="Log decision",
        close="Cancel",
        private_metadata=metadata(crisis, source_ts=source_ts),
        blocks=[
            intro(crisis, "Every decision is recorded with its impact on customers."),
            text_input(
                Id.DECISION_TEXT, "What was decided?", initial=text, max_length=DECISION_MAX
            ),
            *assessment_blocks(segment_blocks),
        ],
    )


def build_reset_modal(
    crisis: Crisis,
    prompt: str,
    *,
    segment_blocks: Sequence[Block] = (),
    severity_picker: bool = False,
) -> View:
    """Reset: exactly how the crisis affects customers (and, for the lead, the severity)."""
    severity: list[Block] = []
    if severity_picker:
        severity.append(
            InputBlock(
                block_id=Id.RESET_SEVERITY,
                label="Severity (confirm or change it)",
                element=StaticSelectElement(
                    action_id=Id.RESET_SEVERITY,
                    options=[severity_option(s) for s in Severity],
                    initial_option=severity_option(crisis.severity),
                ),
            )
        )
    return View(
        type="modal",
        callback_id=Callback.RESET,
        title="Reset",
        submit="Complete Reset",
        close="Cancel",
        private_metadata=metadata(crisis),
        blocks=[
            intro(crisis, prompt),
            text_input(Id.PRODUCTS, "How it affects customers' products or services"),
            text_input(Id.OUTCOMES, "How it affects their immediate business outcomes"),
            text_input(Id.EXPECTATIONS, "How it affects their short-term expectations"),
            *severity,
            *assessment_blocks(segment_blocks),
        ],
    )


def build_refocus_modal(
    crisis: Crisis, prompt: str, *, segment_blocks: Sequence[Block] = ()
) -> View:
    """Refocus priorities: each priority tied to the harm it reduces, with an owner."""
    rows: list[Block] = []
    for row in range(1, PRIORITY_ROWS + 1):
        optional = row > 1
        rows += [
            text_input(
                priority_block(row, "text"),
                f"Priority {row}",
                optional=optional,
                hint="The work that gives customers the most value right now: other products or "
                "services they can use meanwhile, or helping them prepare for delays."
                if row == 1
                else None,
                max_length=500,
            ),
            InputBlock(
                block_id=priority_block(row, "harm"),
                label=f"Priority {row} reduces",
                optional=optional,
                element=StaticSelectElement(
                    action_id=priority_block(row, "harm"), options=harm_options()
                ),
            ),
            InputBlock(
                block_id=priority_block(row, "owner"),
                label=f"Priority {row} owner",
                optional=optional,
                element=UserSelectElement(
                    action_id=priority_block(row, "owner"), initial_user=crisis.lead_id
                ),
            ),
        ]
    return View(
        type="modal",
        callback_id=Callback.REFOCUS,
        title="Refocus priorities",
        submit="Set priorities",
        close="Cancel",
        private_metadata=metadata(crisis),
        blocks=[intro(crisis, prompt), *rows, *assessment_blocks(segment_blocks)],
    )


def build_fix_modal(
    crisis: Crisis,
    prompt: str,
    *,
    segment_blocks: Sequence[Block] = (),
    compensation_blocks: Sequence[Block] = (),
) -> View:
    """Fix: stop the bleed (told to customers), then the long-term plan and compensation."""
    return View(
        type="modal",
        callback_id=Callback.FIX,
        title="Fix",
        submit="Complete Fix",
        close="Cancel",
        private_metadata=metadata(crisis),
        blocks=[
            intro(crisis, prompt),
            text_input(Id.SHORT_TERM, "Short-term plan: how we stop the bleed"),
            # Empty until the lead sets it: a promise nobody made must not be put on the board.
            InputBlock(
                block_id=Id.CUSTOMER_ETA,
                label="Fix time we promise customers",
                optional=True,
                hint="A promise: set it only once customers have been told this time. The lead "
                "is reminded before it; leave it empty if no time was promised yet.",
                element=DateTimePickerElement(action_id=Id.CUSTOMER_ETA),
            ),
            text_input(Id.MEANWHILE, "How we help customers meanwhile"),
            text_input(Id.LONG_TERM, "Long-term plan: what we do once it is shored up"),
            text_input(Id.COMPENSATION, "Compensation: what we offer", optional=True),
            compensation_button(crisis, "Compensation by segment"),
            *compensation_blocks,
            *assessment_blocks(segment_blocks),
        ],
    )


def build_update_modal(crisis: Crisis, *, cadence: timedelta) -> View:
    """A status update: what changed, customer impact now, when the next one comes."""
    choices = sorted({*NEXT_UPDATE_CHOICES, cadence})
    options = [Option(value=format_duration(c), text=f"In {format_duration(c)}") for c in choices]
    default = next(o for o in options if o.value == format_duration(cadence))
    return View(
        type="modal",
        callback_id=Callback.UPDATE,
        title="Post a status update",
        submit="Post update",
        close="Cancel",
        private_metadata=metadata(crisis),
        blocks=[
            intro(crisis, "Honest, regular updates are how customers' trust comes back."),
            text_input(Id.WHAT_CHANGED, "What changed since the last update"),
            text_input(Id.IMPACT_NOW, "How customers are affected now"),
            InputBlock(
                block_id=Id.NEXT_UPDATE,
                label="Next update",
                element=StaticSelectElement(
                    action_id=Id.NEXT_UPDATE, options=options, initial_option=default
                ),
            ),
        ],
    )
