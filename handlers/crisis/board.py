"""The crisis board: the pinned message that shows where the response stands."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.comms.model import CommsStatus
from bot.crisis.impact import IMPACT_QUESTION
from bot.crisis.model import Crisis, CrisisStatus, Step, StepKey
from bot.insight.model import Exposure
from bot.trust.record import TrustBoard
from handlers.ids import Action
from handlers.insight.blocks import exposure_text
from handlers.text import clip, escape, local_time, mention, mentions, message_link
from handlers.trust.board import trust_board_blocks

SECTION_MAX = 3000
STATE_ICONS = {"pending": ":white_circle:", "done": ":white_check_mark:"}


def board_text(crisis: Crisis) -> str:
    """The notification text that goes with the board (the title escaped: fallbacks ping too)."""
    return f"Crisis board: {escape(crisis.title)} ({crisis.severity.label})"


def step_value(crisis: Crisis, key: StepKey) -> str:
    """The value of a button that opens a step of this crisis."""
    return f"{crisis.id}:{key.value}"


def build_board(
    crisis: Crisis,
    exposure: Exposure | None = None,
    trust: TrustBoard | None = None,
    told: CommsStatus | None = None,
) -> list[Block]:
    """The board's blocks for the crisis as it stands (the exposure, the trust work, customers
    told)."""
    blocks: list[Block] = [
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
        _section(f"*What happened*\n{escape(crisis.description)}"),
        *_source(crisis),
        *([_section(f"*Customers exposed*\n{exposure_text(exposure)}")] if exposure else []),
        DividerBlock(),
        _section("*Playbook*"),
        *(_step_section(crisis, n, step) for n, step in enumerate(crisis.steps, 1)),
    ]
    blocks.extend(_priorities(crisis))
    if crisis.customer_eta is not None:
        blocks.append(_section(f"*Fix promised to customers by* {local_time(crisis.customer_eta)}"))
    if told is not None:
        blocks.append(_section(told_text(told)))
    if crisis.status is CrisisStatus.OPEN:
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Log a decision",
                        action_id=Action.LOG_DECISION,
                        value=str(crisis.id),
                        style="primary",
                    ),
                    ButtonElement(
                        text="Post an update", action_id=Action.POST_UPDATE, value=str(crisis.id)
                    ),
                    ButtonElement(
                        text="Tell customers", action_id=Action.TELL_CUSTOMERS, value=str(crisis.id)
                    ),
                ]
            )
        )
    blocks.extend(trust_board_blocks(crisis, trust))
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"Crisis #{crisis.id} · At every decision, ask: *{IMPACT_QUESTION}*"
                )
            ]
        )
    )
    return blocks


def _source(crisis: Crisis) -> list[Block]:
    source = crisis.source
    if source is None:
        return []
    text = f":link: Declared from {message_link(source.permalink, source.channel_id)}"
    return [ContextBlock(elements=[MarkdownTextObject(text=text)])]


def told_text(told: CommsStatus) -> str:
    """ "Customers last told <time> · next update promised by <time>", and the script's state."""
    if told.last_told_at is None:
        text = "*Customers not told yet* · `/crisis tell` drafts an update for approval"
    else:
        text = f"*Customers last told* {local_time(told.last_told_at)}"
    if told.overdue_since is not None:
        text += (
            f" · :warning: *the update promised by {local_time(told.overdue_since)} "
            "is overdue*: tell them now"
        )
    elif told.next_update_by is not None:
        text += f" · *next update promised by* {local_time(told.next_update_by)}"
    if told.script_version is not None:
        text += f"\n*Call-centre script v{told.script_version}* · " + (
            f":warning: stale: {'; '.join(told.script_stale)}. `/crisis script` writes the next."
            if told.script_stale
            else "current"
        )
    return text


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_MAX)))


def _step_section(crisis: Crisis, position: int, step: Step) -> SectionBlock:
    icon = STATE_ICONS.get(step.state.value, ":white_circle:")
    if step.done and step.completed_at is not None:
        when = f"done {local_time(step.completed_at)} by {mention(step.completed_by or '')}"
    elif step.due_at is not None:
        when = f"due {local_time(step.due_at)}"
    else:
        when = "after the crisis is resolved"
    text = f"{icon} *{position}. {step.title}* · {mention(step.owner_id)} · {when}"
    if step.summary:
        text += f"\n>{escape(clip(step.summary, 500))}"
    button = None
    if _can_open(crisis, step):
        button = ButtonElement(
            text=f"Open {step.title}"[:75],
            action_id=Action.OPEN_STEP,
            value=step_value(crisis, step.key),
        )
    return SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_MAX)), accessory=button)


def _can_open(crisis: Crisis, step: Step) -> bool:
    if step.done:
        return False
    if step.key is StepKey.REVIEW:
        return crisis.status is CrisisStatus.RESOLVED
    return crisis.status is CrisisStatus.OPEN


def _priorities(crisis: Crisis) -> list[Block]:
    open_priorities = [p for p in crisis.priorities if p.open]
    if not open_priorities:
        return []
    lines = [
        f"{n}. {escape(clip(p.text, 300))} · reduces {p.harm.label.lower()} · {mention(p.owner_id)}"
        for n, p in enumerate(open_priorities, 1)
    ]
    return [_section("*Priorities until resolved*\n" + "\n".join(lines))]
