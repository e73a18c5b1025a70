"""The "Declare a customer crisis" modal."""

from __future__ import annotations

import json
from collections.abc import Sequence

from slack_sdk.models.blocks import Block as SlackBlock
from slack_sdk.models.blocks import (
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
    UserMultiSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.crisis.model import DESCRIPTION_MAX, TITLE_MAX, CrisisType, Severity
from handlers.ids import Block, Callback
from handlers.text import clip


def severity_option(severity: Severity) -> Option:
    """A severity choice with its one-line meaning."""
    return Option(value=severity.value, text=severity.label, description=severity.meaning)


def build_declare_modal(
    *,
    title: str,
    declarer_id: str,
    origin_channel_id: str | None,
    segment_blocks: Sequence[SlackBlock] = (),
) -> View:
    """The declaration form, pre-filled with the title typed after `/crisis open`."""
    return View(
        type="modal",
        callback_id=Callback.DECLARE,
        title="Declare a crisis",
        submit="Declare",
        close="Cancel",
        private_metadata=json.dumps({"origin": origin_channel_id}),
        blocks=[
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text="A channel opens for the response, and the playbook starts: "
                        "*Reset*, *Refocus priorities*, *Fix*, then *Review*."
                    )
                ]
            ),
            InputBlock(
                block_id=Block.TITLE,
                label="Title",
                element=PlainTextInputElement(
                    action_id=Block.TITLE,
                    initial_value=clip(title, TITLE_MAX) if title else None,
                    placeholder="e.g. Checkout is double-charging customers",
                    max_length=TITLE_MAX,
                ),
            ),
            InputBlock(
                block_id=Block.DESCRIPTION,
                label="What happened?",
                hint="What customers see or suffer, since when, and how we found out.",
                element=PlainTextInputElement(
                    action_id=Block.DESCRIPTION, multiline=True, max_length=DESCRIPTION_MAX
                ),
            ),
            InputBlock(
                block_id=Block.CRISIS_TYPE,
                label="Type of crisis",
                element=StaticSelectElement(
                    action_id=Block.CRISIS_TYPE,
                    placeholder="Choose a type",
                    options=[Option(value=kind.value, text=kind.label) for kind in CrisisType],
                ),
            ),
            InputBlock(
                block_id=Block.SEVERITY,
                label="Severity",
                element=StaticSelectElement(
                    action_id=Block.SEVERITY,
                    placeholder="How badly are customers hurt?",
                    options=[severity_option(severity) for severity in Severity],
                ),
            ),
            InputBlock(
                block_id=Block.LEAD,
                label="Crisis lead",
                hint="One person who owns the response. You, unless you choose someone else.",
                element=UserSelectElement(action_id=Block.LEAD, initial_user=declarer_id),
            ),
            InputBlock(
                block_id=Block.RESPONDERS,
                label="Responders",
                optional=True,
                hint="They are invited to the crisis channel.",
                element=UserMultiSelectElement(
                    action_id=Block.RESPONDERS, placeholder="Add people"
                ),
            ),
            *segment_blocks,
        ],
    )
