"""The crisis board: the pinned message that shows where the response stands."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.crisis import Crisis, Step
from handlers.blocks.text import clip, escape, local_time, mention, mentions

SECTION_MAX = 3000
STATE_ICONS = {"pending": ":white_circle:", "done": ":white_check_mark:"}


def board_text(crisis: Crisis) -> str:
    """The notification text that goes with the board."""
    return f"Crisis board: {crisis.title} ({crisis.severity.label})"


def build_board(crisis: Crisis) -> list[Block]:
    """The board's blocks for the crisis as it stands."""
    return [
        HeaderBlock(text=clip(f":rotating_light: {crisis.title}", 150)),
        SectionBlock(
            fields=[
                MarkdownTextObject(text=f"*Severity*\n{crisis.severity.label}"),
                MarkdownTextObject(text=f"*Type*\n{crisis.crisis_type.label}"),
                MarkdownTextObject(text=f"*Lead*\n{mention(crisis.lead_id)}"),
                MarkdownTextObject(text=f"*Status*\n{crisis.status.value.capitalize()}"),
                MarkdownTextObject(text=f"*Declared*\n{local_time(crisis.declared_at)}"),
                MarkdownTextObject(
                    text=clip(f"*Responders*\n{mentions(crisis.responder_ids)}", 2000)
                ),
            ]
        ),
        SectionBlock(
            text=MarkdownTextObject(
                text=clip(f"*What happened*\n{escape(crisis.description)}", SECTION_MAX)
            )
        ),
        DividerBlock(),
        SectionBlock(text=MarkdownTextObject(text="*Playbook*")),
        *(_step_section(position, step) for position, step in enumerate(crisis.steps, 1)),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"Crisis #{crisis.id} · At every decision, ask: "
                    "*How will this affect customers?*"
                )
            ]
        ),
    ]


def _step_section(position: int, step: Step) -> SectionBlock:
    icon = STATE_ICONS.get(step.state.value, ":white_circle:")
    if step.done and step.completed_at is not None:
        when = f"done {local_time(step.completed_at)}"
    elif step.due_at is not None:
        when = f"due {local_time(step.due_at)}"
    else:
        when = "after the crisis is resolved"
    return SectionBlock(
        text=MarkdownTextObject(
            text=f"{icon} *{position}. {step.title}* · {mention(step.owner_id)} · {when}"
        )
    )
