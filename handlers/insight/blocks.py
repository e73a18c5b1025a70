"""Customer segments in Block Kit: the picker with its live exposure, the list, the form."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ConfirmObject,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticMultiSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.insight.model import NAME_MAX, NOTES_MAX, Exposure, Segment, TouchPoint, exposure
from handlers.ids import Action, Callback
from handlers.ids import Block as Id
from handlers.ids import exposure_block as exposure_block_id
from handlers.text import clip, escape, mention

OPTIONS_MAX = 100
# A context block holds ten elements.
CONTEXT_MAX = 10
PAGE_SIZE = 30


def segment_option(segment: Segment) -> Option:
    """A segment as a select option (text within Slack's 75 characters)."""
    return Option(
        value=str(segment.id), text=clip(f"{segment.name} · {segment.customers:,} customers", 75)
    )


def exposure_text(found: Exposure | None) -> str:
    """'Exposure: 12,400 customers · 38.5% of revenue · touch points: support line, ...'."""
    if found is None or not found.segment_names:
        return "Choose the segments affected to see the exposure."
    reach = ", ".join(found.touch_points) or "none recorded"
    return (
        f"*Exposure:* {found.customers:,} customers · {found.revenue_share:.1f}% of revenue"
        f" · touch points: {reach}"
    )


def exposure_block(
    segments_chosen: Sequence[Segment], *, block_id: str, notes: Sequence[str] = ()
) -> ContextBlock:
    """The exposure line for the chosen segments (and notes on them, such as past lessons)."""
    found = exposure(segments_chosen) if segments_chosen else None
    texts = [exposure_text(found), *notes][:CONTEXT_MAX]
    return ContextBlock(
        block_id=block_id, elements=[MarkdownTextObject(text=clip(t, 3000)) for t in texts]
    )


def segments_input(
    segments: Sequence[Segment],
    *,
    block_id: str,
    selected: Sequence[int] = (),
    label: str = "Customer segments affected",
    notes: Sequence[str] = (),
) -> list[Block]:
    """An optional multi-select of segments and, under it, the exposure they add up to.

    The select dispatches its changes (see handlers/insight/choices.py), and the exposure line's
    block id is `ids.exposure_block(block_id)`.
    """
    if not segments:
        return []
    options = [segment_option(s) for s in segments[:OPTIONS_MAX]]
    initial = [o for o in options if o.value in {str(i) for i in selected}]
    chosen = [s for s in segments if s.id in set(selected)]
    return [
        InputBlock(
            block_id=block_id,
            label=label,
            optional=True,
            dispatch_action=True,
            element=StaticMultiSelectElement(
                action_id=block_id,
                placeholder="Choose segments",
                options=options,
                initial_options=initial or None,
            ),
        ),
        exposure_block(chosen, block_id=exposure_block_id(block_id), notes=notes),
    ]


def build_insight_list(
    segments: Sequence[Segment], *, page: int = 1, history: Mapping[int, str] | None = None
) -> View:
    """`/crisis insight`: the workspace's segments (and the crises they went through)."""
    pages = max(1, -(-len(segments) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    shown = segments[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text="Know your customers *before* a crisis: every impact assessment uses these "
                "segments to show who is exposed and how to reach them."
            ),
            accessory=ButtonElement(
                text="Add a segment", action_id=Action.ADD_SEGMENT, value="new", style="primary"
            ),
        ),
    ]
    if not segments:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text="No segments yet.")]))
    for segment in shown:
        points = ", ".join(tp.label for tp in segment.touch_points) or "none recorded"
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=clip(
                        f"*{escape(segment.name)}* · {segment.customers:,} customers · "
                        f"{segment.revenue_share:.1f}% of revenue\nTouch points: {points} · "
                        f"owner {mention(segment.owner_id)}",
                        3000,
                    )
                )
            )
        )
        if history and history.get(segment.id):
            text = clip(history[segment.id], 3000)
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=text)]))
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Edit", action_id=Action.EDIT_SEGMENT, value=str(segment.id)
                    ),
                    ButtonElement(
                        text="Remove",
                        action_id=Action.REMOVE_SEGMENT,
                        value=str(segment.id),
                        style="danger",
                        confirm=ConfirmObject(
                            title="Remove this segment?",
                            text=clip(
                                f"{segment.name} will no longer be offered in assessments.", 300
                            ),
                            confirm="Remove",
                            deny="Keep",
                        ),
                    ),
                ]
            )
        )
    if pages > 1:
        nav = [
            ButtonElement(text=f"Page {n}", action_id=f"{Action.SEGMENT_PAGE}_{n}", value=str(n))
            for n in range(1, pages + 1)
            if n != page
        ][:25]
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"Page {page} of {pages}")]))
        blocks.append(ActionsBlock(elements=nav))
    return View(
        type="modal",
        callback_id=Callback.INSIGHT,
        title="Customer insight",
        close="Done",
        private_metadata=json.dumps({"page": page}),
        blocks=blocks,
    )


def build_segment_form(segment: Segment | None, *, user_id: str) -> View:
    """Add or edit one segment."""
    touch_options = [Option(value=tp.value, text=tp.label.capitalize()) for tp in TouchPoint]
    chosen = [o for o in touch_options if segment and TouchPoint(o.value) in segment.touch_points]
    return View(
        type="modal",
        callback_id=Callback.SEGMENT,
        title="Edit segment" if segment else "Add a segment",
        submit="Save",
        close="Back",
        private_metadata=json.dumps({"segment": segment.id if segment else None}),
        blocks=[
            InputBlock(
                block_id=Id.SEGMENT_NAME,
                label="Name",
                element=PlainTextInputElement(
                    action_id=Id.SEGMENT_NAME,
                    max_length=NAME_MAX,
                    initial_value=segment.name if segment else None,
                    placeholder="e.g. Enterprise merchants (EU)",
                ),
            ),
            InputBlock(
                block_id=Id.SEGMENT_CUSTOMERS,
                label="Number of customers",
                element=NumberInputElement(
                    action_id=Id.SEGMENT_CUSTOMERS,
                    is_decimal_allowed=False,
                    min_value="0",
                    initial_value=str(segment.customers) if segment else None,
                ),
            ),
            InputBlock(
                block_id=Id.SEGMENT_REVENUE,
                label="Share of revenue (%)",
                element=NumberInputElement(
                    action_id=Id.SEGMENT_REVENUE,
                    is_decimal_allowed=True,
                    min_value="0",
                    max_value="100",
                    initial_value=f"{segment.revenue_share:g}" if segment else None,
                ),
            ),
            InputBlock(
                block_id=Id.SEGMENT_TOUCH_POINTS,
                label="Key touch points",
                optional=True,
                element=CheckboxesElement(
                    action_id=Id.SEGMENT_TOUCH_POINTS,
                    options=touch_options,
                    initial_options=chosen or None,
                ),
            ),
            InputBlock(
                block_id=Id.SEGMENT_OWNER,
                label="Owner of this insight",
                element=UserSelectElement(
                    action_id=Id.SEGMENT_OWNER,
                    initial_user=segment.owner_id if segment else user_id,
                ),
            ),
            InputBlock(
                block_id=Id.SEGMENT_NOTES,
                label="Notes",
                optional=True,
                element=PlainTextInputElement(
                    action_id=Id.SEGMENT_NOTES,
                    multiline=True,
                    max_length=NOTES_MAX,
                    initial_value=segment.notes if segment and segment.notes else None,
                ),
            ),
        ],
    )
