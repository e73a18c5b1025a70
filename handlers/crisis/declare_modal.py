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

from bot.crisis.model import DESCRIPTION_MAX, TITLE_MAX, CrisisType, Severity, SourceMessage
from handlers.ids import Block, Callback
from handlers.text import clip, message_link


def severity_option(severity: Severity) -> Option:
    """A severity choice with its one-line meaning."""
    return Option(value=severity.value, text=severity.label, description=severity.meaning)


def build_declare_modal(
    *,
    title: str,
    declarer_id: str,
    origin_channel_id: str | None,
    segment_blocks: Sequence[SlackBlock] = (),
    description: str = "",
    source: SourceMessage | None = None,
) -> View:
    """The declaration form, pre-filled (title, what happened) and remembering its source."""
    metadata: dict[str, object] = {"origin": origin_channel_id}
    if source is not None:
        metadata["source"] = {
            "channel": source.channel_id,
            "ts": source.ts,
            "permalink": source.permalink,
            "thread": source.thread_ts,
        }
    return View(
        type="modal",
        callback_id=Callback.DECLARE,
        title="Declare a crisis",
        submit="Declare",
        close="Cancel",
        private_metadata=json.dumps(metadata),
        blocks=[
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text="A channel opens for the response, and the playbook starts: "
                        "*Reset*, *Refocus priorities*, *Fix*, then *Review*."
                    )
                ]
            ),
            *_source_line(source),
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
                    action_id=Block.DESCRIPTION,
                    multiline=True,
                    max_length=DESCRIPTION_MAX,
                    initial_value=clip(description, DESCRIPTION_MAX) if description else None,
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


def _source_line(source: SourceMessage | None) -> list[SlackBlock]:
    if source is None:
        return []
    where = message_link(source.permalink, source.channel_id)
    text = f"From {where}: its thread will link the crisis channel."
    return [ContextBlock(elements=[MarkdownTextObject(text=text)])]
