"""The Home tab's Block Kit: needs you, open crises, recently resolved, customer insight."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TypeVar

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
from slack_sdk.models.views import View

from bot.crisis.model import Crisis, StepKey
from bot.home.model import Home, OpenCrisis, Task, TaskKind
from handlers.crisis.board import step_value
from handlers.ids import Action
from handlers.text import clip, escape, local_time, mention

HOME_BLOCKS_MAX = 100
# Blocks every Home has: the actions row, four headers, three dividers, the insight section,
# and per list either its "nothing here" line or its "and N more" line.
FIXED_BLOCKS = 12
SECTION_MAX = 3000
MORE_HINT = "`/crisis list`"
T = TypeVar("T")


def build_home_view(home: Home) -> View:
    """The person's Home tab, never over Slack's 100 blocks."""
    needs, crises, resolved = fair_shares(
        (len(home.needs_you), home.open_total, len(home.recently_resolved)),
        HOME_BLOCKS_MAX - FIXED_BLOCKS,
    )
    blocks: list[Block] = [
        ActionsBlock(
            elements=[
                ButtonElement(
                    text="Declare a crisis",
                    action_id=Action.HOME_DECLARE,
                    value="declare",
                    style="danger",
                )
            ]
        ),
        HeaderBlock(text="Needs you"),
        *_listed(home.needs_you, needs, len(home.needs_you), _task, "Nothing needs you now."),
        DividerBlock(),
        HeaderBlock(text="Open crises"),
        *_listed(
            home.open_crises,
            crises,
            home.open_total,
            lambda item: _open_crisis(item, home),
            "No crisis is open.",
        ),
        DividerBlock(),
        HeaderBlock(text="Recently resolved"),
        *_listed(
            home.recently_resolved,
            resolved,
            len(home.recently_resolved),
            _resolved,
            "No crisis was resolved in the last 30 days.",
        ),
        DividerBlock(),
        HeaderBlock(text="Customer insight"),
        _insight(home),
    ]
    return View(type="home", blocks=blocks)


def fair_shares(sizes: Sequence[int], budget: int) -> list[int]:
    """Split `budget` rows between lists: small lists get all they need, big ones share the rest."""
    shares = [0] * len(sizes)
    left = budget
    for rank, index in enumerate(sorted(range(len(sizes)), key=lambda i: sizes[i])):
        share = min(sizes[index], left // (len(sizes) - rank))
        shares[index] = share
        left -= share
    return shares


def _listed(
    items: Sequence[T], share: int, total: int, render: Callable[[T], Block], empty: str
) -> list[Block]:
    if total == 0:
        return [_context(empty)]
    shown = [render(item) for item in items[:share]]
    if total > len(shown):
        shown.append(_context(f"and {total - len(shown)} more: {MORE_HINT}"))
    return shown


def _task(task: Task) -> SectionBlock:
    crisis = task.crisis
    flag = ":red_circle: *Overdue* · " if task.overdue else ""
    due = f" · due {local_time(task.due_at)}" if task.due_at else ""
    text = (
        f"{flag}*{escape(clip(task.label, 500))}*{due}\n{_WHAT[task.kind]} {_crisis_link(crisis)}"
    )
    return SectionBlock(text=_markdown(text), accessory=_task_button(task))


_WHAT = {
    TaskKind.STEP: "Step of",
    TaskKind.UPDATE: "Promised to customers in",
    TaskKind.FOLLOW_UP: "Follow-up of",
}


def _task_button(task: Task) -> ButtonElement | None:
    if task.kind is TaskKind.STEP and task.step is not None:
        verb = "Hold the review" if task.step is StepKey.REVIEW else f"Open {task.label}"
        return ButtonElement(
            text=clip(verb, 75),
            action_id=Action.OPEN_STEP,
            value=step_value(task.crisis, task.step),
            style="primary" if task.overdue else None,
        )
    if task.kind is TaskKind.UPDATE:
        return ButtonElement(
            text="Post an update",
            action_id=Action.POST_UPDATE,
            value=str(task.crisis.id),
            style="primary" if task.overdue else None,
        )
    if task.crisis.channel_id is None:
        return None
    return ButtonElement(
        text="Open the channel",
        action_id=Action.HOME_OPEN_CHANNEL,
        value=str(task.crisis.id),
        url=channel_url(task.crisis),
    )


def _open_crisis(item: OpenCrisis, home: Home) -> SectionBlock:
    crisis = item.crisis
    role = _role(crisis, home.user_id)
    next_update = (
        f" · next customer update {local_time(item.next_update_at)}" if item.next_update_at else ""
    )
    text = (
        f"*{crisis.severity.label}* · {_crisis_link(crisis)}{role}\n"
        f"Lead {mention(crisis.lead_id)} · open for {age(home.now - crisis.declared_at)}"
        f"{next_update}"
    )
    return SectionBlock(text=_markdown(text))


def _role(crisis: Crisis, user_id: str) -> str:
    if crisis.lead_id == user_id:
        return " · _you lead it_"
    return " · _you respond_" if user_id in crisis.responder_ids else ""


def _resolved(crisis: Crisis) -> SectionBlock:
    review = crisis.step(StepKey.REVIEW)
    resolved = f"resolved {local_time(crisis.resolved_at)}" if crisis.resolved_at else "resolved"
    if review.done and review.completed_at is not None:
        state = f"review done {local_time(review.completed_at)}, its document is in the channel"
    elif review.due_at is not None:
        state = f"review due {local_time(review.due_at)}"
    else:
        state = "review not scheduled"
    text = f"{_crisis_link(crisis)}\n{resolved} · {state} · lead {mention(crisis.lead_id)}"
    return SectionBlock(text=_markdown(text))


def _insight(home: Home) -> SectionBlock:
    insight = home.insight
    count = f"*{insight.segments}* customer segment{'s' if insight.segments != 1 else ''}"
    updated = (
        f" · last updated {local_time(insight.last_updated)}"
        if insight.last_updated
        else " · none recorded yet: assessments show who is exposed once you add them"
    )
    return SectionBlock(
        text=_markdown(count + updated),
        accessory=ButtonElement(
            text="Manage segments", action_id=Action.HOME_INSIGHT, value="insight"
        ),
    )


def _crisis_link(crisis: Crisis) -> str:
    title = f"*{escape(clip(crisis.title, 150))}*"
    return f"<#{crisis.channel_id}> {title}" if crisis.channel_id else title


def channel_url(crisis: Crisis) -> str:
    """A link that opens the crisis channel in Slack."""
    return f"https://slack.com/app_redirect?channel={crisis.channel_id}&team={crisis.team_id}"


def age(elapsed: timedelta) -> str:
    """A short duration: '45m', '3h 20m', '2d 4h'."""
    minutes = max(0, int(elapsed.total_seconds() // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days}d {hours}h"
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


def _markdown(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=clip(text, SECTION_MAX))


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=text)])
