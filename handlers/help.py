"""`/crisis help`: every subcommand, in one ephemeral message."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from handlers.text import clip

Usages = list[tuple[str, str]]


def help_text(usages: Usages) -> str:
    """The help as plain text (the message's notification text)."""
    return "Crisis Desk commands: " + ", ".join(usage for usage, _ in usages)


def build_help(usages: Usages, *, problem: str | None = None) -> list[Block]:
    """The help, optionally headed by what was wrong with the command."""
    lines = "\n".join(f"`{usage}` · {meaning}" for usage, meaning in usages)
    blocks: list[Block] = []
    if problem:
        blocks.append(
            SectionBlock(text=MarkdownTextObject(text=clip(f":warning: {problem}", 3000)))
        )
    blocks.append(
        SectionBlock(
            text=MarkdownTextObject(
                text=clip(f"*Crisis Desk* runs the customer-crisis playbook.\n{lines}", 3000)
            )
        )
    )
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="At every decision the bot asks: *How will this affect customers?*"
                )
            ]
        )
    )
    return blocks
