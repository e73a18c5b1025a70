"""Trust check-ins in Block Kit: the form per segment, and a segment's last lessons."""

from __future__ import annotations

import json
from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.crisis.model import Crisis
from bot.insight.model import Segment
from bot.trust.checkins import TEXT_MAX, Scale
from handlers.ids import TrustBlock, TrustCallback
from handlers.insight.blocks import OPTIONS_MAX, segment_option
from handlers.text import clip, escape
from handlers.trust.common import long_text_input as text_input


def build_check_in_form(
    crisis: Crisis,
    segments: Sequence[Segment],
    *,
    labels: Sequence[str],
    chosen: str,
    prevention: str,
) -> View:
    """One segment's trust check-in: complaints, customers lost, satisfaction, what we change."""
    checks = [Option(value=label, text=f"{label} after resolution") for label in labels]
    scales = [Option(value=scale.value, text=scale.value) for scale in Scale]
    return View(
        type="modal",
        callback_id=TrustCallback.CHECK_IN,
        title="Trust check-in",
        submit="Record",
        close="Cancel",
        private_metadata=json.dumps({"crisis": crisis.id}),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"*{escape(clip(crisis.title, 150))}*: how are the customers it "
                    "affected doing? One form per segment."
                )
            ),
            _select(TrustBlock.CHECK_IN, "Check-in", checks, chosen),
            _select(
                TrustBlock.CHECK_IN_SEGMENT,
                "Segment",
                [segment_option(s) for s in segments[:OPTIONS_MAX]],
                None,
            ),
            _count(TrustBlock.COMPLAINTS, "Complaints since the crisis"),
            _count(TrustBlock.CUSTOMERS_LOST, "Customers lost"),
            _select(TrustBlock.SCALE, "Satisfaction scale", scales, Scale.ZERO_TO_TEN.value),
            _text(TrustBlock.BEFORE, "Satisfaction before the crisis", max_length=8),
            _text(TrustBlock.AFTER, "Satisfaction now", max_length=8),
            text_input(TrustBlock.SAYING, "What customers are saying", max_length=TEXT_MAX),
            text_input(
                TrustBlock.CHANGE,
                "What we change",
                initial=prevention or None,
                optional=True,
                max_length=TEXT_MAX,
            ),
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text="Give the change an owner and a due date to make it a follow-up "
                        "action on the segment, reminded like the review's."
                    )
                ]
            ),
            InputBlock(
                block_id=TrustBlock.ACTION_OWNER,
                label="Follow-up owner",
                optional=True,
                element=UserSelectElement(action_id=TrustBlock.ACTION_OWNER),
            ),
            InputBlock(
                block_id=TrustBlock.ACTION_DUE,
                label="Follow-up due",
                optional=True,
                element=DatePickerElement(action_id=TrustBlock.ACTION_DUE),
            ),
        ],
    )


def _select(block_id: str, label: str, options: list[Option], chosen: str | None) -> Block:
    initial = next((o for o in options if o.value == chosen), None)
    return InputBlock(
        block_id=block_id,
        label=label,
        element=StaticSelectElement(action_id=block_id, options=options, initial_option=initial),
    )


def _count(block_id: str, label: str) -> Block:
    return InputBlock(
        block_id=block_id,
        label=label,
        element=NumberInputElement(action_id=block_id, is_decimal_allowed=False, min_value="0"),
    )


def _text(block_id: str, label: str, *, max_length: int) -> Block:
    return InputBlock(
        block_id=block_id,
        label=label,
        element=PlainTextInputElement(action_id=block_id, max_length=max_length),
    )
