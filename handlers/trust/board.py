"""The trust work's part of the crisis board: compensation totals, outreach progress, buttons."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    MarkdownTextObject,
    SectionBlock,
)

from bot.crisis.model import Crisis
from bot.trust.record import OutreachProgress, TrustBoard
from documents.trust import costs_text, progress_text, states_text
from handlers.ids import TrustAction
from handlers.text import clip, escape, local_time, mention


def trust_board_blocks(crisis: Crisis, trust: TrustBoard | None) -> list[Block]:
    """Compensation (estimated cost, offers by state) and outreach progress, and their buttons."""
    blocks: list[Block] = []
    if trust is not None and not trust.compensation.empty:
        summary = trust.compensation
        text = f"*Compensation* · estimated {costs_text(summary)} · {states_text(summary)}"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=text)))
    if trust is not None and trust.outreach:
        lines = [outreach_line(progress) for progress in trust.outreach]
        text = clip("*Outreach*\n" + "\n".join(lines), 3000)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=text)))
    blocks.append(
        ActionsBlock(
            elements=[
                _button("Compensation", TrustAction.OPEN_COMPENSATION, crisis),
                _button("Outreach", TrustAction.OPEN_OUTREACH, crisis),
            ]
        )
    )
    return blocks


def outreach_line(progress: OutreachProgress) -> str:
    """'Segment: `▓▓░░░░░░░░` 120 of 420 contacted (28%) · @owner · due <time>' (+ overdue)."""
    programme = progress.programme
    state = ":red_circle: *overdue*" if progress.overdue else f"due {local_time(programme.due_at)}"
    if programme.done:
        state = ":white_check_mark: done"
    return (
        f"{escape(clip(programme.segment_name, 80))}: `{progress_text(programme)}`"
        f" · {mention(programme.owner_id)} · {state}"
    )


def compensation_button(crisis: Crisis, text: str = "Compensation") -> ActionsBlock:
    """The button that opens the register (pushed over a form when clicked in one)."""
    return ActionsBlock(elements=[_button(text, TrustAction.OPEN_COMPENSATION, crisis)])


def _button(text: str, action_id: str, crisis: Crisis) -> ButtonElement:
    return ButtonElement(text=text, action_id=action_id, value=str(crisis.id))
