"""Outreach in Block Kit: the crisis's programmes with their progress, and the two forms."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    DateTimePickerElement,
    InputBlock,
    MarkdownTextObject,
    NumberInputElement,
    Option,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.crisis.model import Crisis
from bot.insight.model import Segment
from bot.trust.outreach import HIGH_TOUCH, MESSAGE_MAX, NOTES_MAX, Programme
from bot.trust.record import OutreachProgress
from handlers.ids import TrustAction, TrustBlock, TrustCallback
from handlers.insight.blocks import OPTIONS_MAX, segment_option
from handlers.text import clip, escape
from handlers.trust.board import outreach_line
from handlers.trust.common import long_text_input as text_input

# Each programme takes two blocks; a modal holds 100.
PROGRAMMES_SHOWN = 45


def build_outreach_list(
    crisis: Crisis, programmes: Sequence[Programme], *, viewer: str, now: datetime
) -> View:
    """`/crisis outreach`: every programme with its progress, and what `viewer` may do."""
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=f"*High-touch outreach for {escape(clip(crisis.title, 150))}*\n"
                "Account managers and the call centre contact each segment in person."
            ),
            accessory=ButtonElement(
                text="Start a programme",
                action_id=TrustAction.ADD_PROGRAMME,
                value=str(crisis.id),
                style="primary",
            ),
        )
    ]
    if not programmes:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text="No programmes yet.")]))
    for programme in programmes[:PROGRAMMES_SHOWN]:
        line = outreach_line(OutreachProgress(programme, programme.overdue(now)))
        message = escape(clip(programme.message, 500))
        blocks.append(SectionBlock(text=MarkdownTextObject(text=clip(f"{line}\n>{message}", 3000))))
        buttons = [
            ButtonElement(
                text="Edit", action_id=TrustAction.EDIT_PROGRAMME, value=str(programme.id)
            )
        ]
        if not programme.done and viewer in (programme.owner_id, crisis.lead_id):
            buttons.insert(
                0,
                ButtonElement(
                    text="Report progress",
                    action_id=TrustAction.REPORT_PROGRESS,
                    value=str(programme.id),
                    style="primary",
                ),
            )
        blocks.append(ActionsBlock(elements=buttons))
    return View(
        type="modal",
        callback_id=TrustCallback.OUTREACH,
        title="Outreach",
        close="Done",
        private_metadata=json.dumps({"crisis": crisis.id}),
        blocks=blocks,
    )


def build_programme_form(
    crisis: Crisis, segments: Sequence[Segment], programme: Programme | None
) -> View:
    """Start a programme for one segment, or change one."""
    options = [segment_option(s) for s in segments[:OPTIONS_MAX]]
    chosen = next((o for o in options if programme and o.value == str(programme.segment_id)), None)
    points = [Option(value=tp.value, text=tp.label.capitalize()) for tp in HIGH_TOUCH]
    ticked = [o for o in points if programme and o.value in programme.touch_points]
    metadata = {"crisis": crisis.id, "programme": programme.id if programme else None}
    return View(
        type="modal",
        callback_id=TrustCallback.PROGRAMME,
        title="Edit programme" if programme else "Start a programme",
        submit="Save",
        close="Back",
        private_metadata=json.dumps(metadata),
        blocks=[
            InputBlock(
                block_id=TrustBlock.PROGRAMME_SEGMENT,
                label="Segment",
                element=StaticSelectElement(
                    action_id=TrustBlock.PROGRAMME_SEGMENT,
                    placeholder="Choose a segment",
                    options=options,
                    initial_option=chosen,
                ),
            ),
            InputBlock(
                block_id=TrustBlock.PROGRAMME_TOUCH_POINTS,
                label="Touch points",
                hint="Leave empty for the segment's own.",
                optional=True,
                element=CheckboxesElement(
                    action_id=TrustBlock.PROGRAMME_TOUCH_POINTS,
                    options=points,
                    initial_options=ticked or None,
                ),
            ),
            InputBlock(
                block_id=TrustBlock.PROGRAMME_OWNER,
                label="Owner",
                hint="Leave empty for the segment's owner.",
                optional=True,
                element=UserSelectElement(
                    action_id=TrustBlock.PROGRAMME_OWNER,
                    initial_user=programme.owner_id if programme else None,
                ),
            ),
            InputBlock(
                block_id=TrustBlock.PROGRAMME_TARGET,
                label="Customers to contact",
                hint="Leave empty for every customer of the segment.",
                optional=True,
                element=NumberInputElement(
                    action_id=TrustBlock.PROGRAMME_TARGET,
                    is_decimal_allowed=False,
                    min_value="1",
                    initial_value=str(programme.target) if programme else None,
                ),
            ),
            InputBlock(
                block_id=TrustBlock.PROGRAMME_DUE,
                label="Due",
                element=DateTimePickerElement(
                    action_id=TrustBlock.PROGRAMME_DUE,
                    initial_date_time=int(programme.due_at.timestamp()) if programme else None,
                ),
            ),
            text_input(
                TrustBlock.PROGRAMME_MESSAGE,
                "The message it carries",
                hint="The approved customer update or call script the contacts convey.",
                initial=programme.message if programme else None,
                max_length=MESSAGE_MAX,
            ),
        ],
    )


def build_report_form(programme: Programme) -> View:
    """Report progress: how many more customers were contacted, and what they said."""
    left = programme.target - programme.contacted
    return View(
        type="modal",
        callback_id=TrustCallback.REPORT,
        title="Report progress",
        submit="Report",
        close="Back",
        private_metadata=json.dumps({"programme": programme.id}),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"*{escape(clip(programme.segment_name, 80))}*: "
                    f"{programme.contacted:,} of {programme.target:,} contacted, {left:,} to go."
                )
            ),
            InputBlock(
                block_id=TrustBlock.REPORT_CONTACTED,
                label="Customers contacted since the last report",
                element=NumberInputElement(
                    action_id=TrustBlock.REPORT_CONTACTED,
                    is_decimal_allowed=False,
                    min_value="1",
                ),
            ),
            text_input(
                TrustBlock.REPORT_NOTES, "What customers said", optional=True, max_length=NOTES_MAX
            ),
        ],
    )
