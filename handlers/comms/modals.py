"""The customer update form, its preview per touch point, and the "request changes" form."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    DateTimePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    SectionBlock,
    StaticMultiSelectElement,
)
from slack_sdk.models.views import View

from bot.comms.model import REASON_MAX, SECTION_MAX, CustomerUpdate, Section
from bot.comms.promises import CustomerItem
from bot.crisis.model import Crisis
from bot.durations import format_duration
from bot.insight.model import Segment, TouchPoint
from handlers.comms.customer_text import customer_texts, touch_point_texts
from handlers.crisis.modals import text_input
from handlers.forms import FormReader, read_id, read_metadata
from handlers.ids import Block as Id
from handlers.ids import Callback, comms_block
from handlers.insight.blocks import segments_input
from handlers.text import clip, escape

SECTION_HINTS = {
    Section.WHAT_HAPPENED: "Plain words, no jargon: what customers noticed, and since when.",
    Section.WHAT_IT_MEANS: "What they can't do, and what it costs them.",
    Section.WHAT_WE_DO: "The steps we are taking toward a fix.",
    Section.MEANWHILE: "Alternatives and workarounds they can use now.",
    Section.OFFER: "Refunds, credits, help. Leave empty if nothing is decided yet.",
}
KEEP_VALUE = "keep"
ITEMS_MAX = 10  # Slack: at most 10 checkboxes


def build_update_form(
    crisis: Crisis,
    *,
    segments: Sequence[Segment],
    now: datetime,
    cadence: timedelta,
    source: CustomerUpdate | None = None,
    tell_items: Sequence[CustomerItem] = (),
) -> View:
    """The customer update form: audience, touch points, the honest sections, the next update."""
    chosen = source.segment_ids if source else crisis.segment_ids
    points = source.touch_points if source else _touch_points_of(segments, chosen)
    next_at = (
        now + cadence if source is None or source.next_update_at <= now else source.next_update_at
    )
    extra = {"revises": source.id} if source else {}
    return View(
        type="modal",
        callback_id=Callback.CUSTOMER_UPDATE,
        title="Tell customers" if source is None else f"Revise update #{source.number}",
        submit="Preview",
        close="Cancel",
        private_metadata=json.dumps({"crisis": crisis.id, **extra}),
        blocks=[
            _intro(
                crisis.title,
                "Honest and forthcoming: what happened, what it means for them, "
                "what we are doing. An approver checks it before it goes out.",
            ),
            *segments_input(
                segments, block_id=Id.AUDIENCE, selected=chosen, label="Who hears about it"
            ),
            _touch_points_input(points),
            *_section_inputs(source),
            *_items_input(tell_items, source.item_ids if source else ()),
            *_closing_inputs(crisis, cadence, next_at),
        ],
    )


def _closing_inputs(crisis: Crisis, cadence: timedelta, next_at: datetime) -> list[Block]:
    """When customers hear next (required), and "keep them" for words they shouldn't read."""
    return [
        InputBlock(
            block_id=Id.PROMISED_UPDATE,
            label="When they will hear from us next",
            hint=f"At {crisis.severity.label}, at most {format_duration(cadence)} from now.",
            element=DateTimePickerElement(
                action_id=Id.PROMISED_UPDATE, initial_date_time=int(next_at.timestamp())
            ),
        ),
        InputBlock(
            block_id=Id.KEEP_WORDS,
            label="Words customers shouldn't read",
            optional=True,
            element=CheckboxesElement(
                action_id=Id.KEEP_WORDS,
                options=[Option(value=KEEP_VALUE, text="Keep them: I mean these words")],
            ),
        ),
    ]


def _intro(title: str, text: str) -> ContextBlock:
    return ContextBlock(
        elements=[MarkdownTextObject(text=clip(f"*{escape(title)}* · {text}", 3000))]
    )


def _section_inputs(source: CustomerUpdate | None) -> list[Block]:
    return [
        text_input(
            comms_block(section.value),
            section.label,
            hint=SECTION_HINTS[section],
            optional=not section.required,
            initial=source.text(section) if source else None,
            max_length=SECTION_MAX,
        )
        for section in Section
    ]


def _items_input(items: Sequence[CustomerItem], chosen: Sequence[int]) -> list[Block]:
    """What decisions asked us to tell customers, to include (each is done once approved)."""
    if not items:
        return []
    options = [Option(value=str(i.id), text=clip(i.text, 75)) for i in items[:ITEMS_MAX]]
    initial = [o for o in options if o.value in {str(i) for i in chosen}]
    return [
        InputBlock(
            block_id=Id.TELL_ITEMS,
            label="Decisions asked us to tell customers",
            hint="Tick what this update tells them; each is done once the update is approved.",
            optional=True,
            element=CheckboxesElement(
                action_id=Id.TELL_ITEMS, options=options, initial_options=initial or None
            ),
        )
    ]


def _touch_points_input(selected: Sequence[TouchPoint]) -> InputBlock:
    options = [Option(value=point.value, text=point.label.capitalize()) for point in TouchPoint]
    initial = [o for o in options if o.value in {p.value for p in selected}]
    return InputBlock(
        block_id=Id.TOUCH_POINTS,
        label="Where to tell them",
        element=StaticMultiSelectElement(
            action_id=Id.TOUCH_POINTS,
            placeholder="Choose touch points",
            options=options,
            initial_options=initial or None,
        ),
    )


def _touch_points_of(segments: Sequence[Segment], chosen: Sequence[int]) -> list[TouchPoint]:
    wanted = set(chosen)
    points = dict.fromkeys(p for s in segments if s.id in wanted for p in s.touch_points)
    return list(points) or [TouchPoint.STATUS_PAGE]


def build_preview(crisis: Crisis, update: CustomerUpdate) -> View:
    """What each chosen touch point will say, before the draft goes for approval."""
    texts = customer_texts(update)
    blocks: list[Block] = [
        _intro(
            crisis.title,
            "This is what customers will read. Go back to change it, or send it for approval.",
        )
    ]
    for point in update.touch_points:
        heading, text, limit = touch_point_texts(texts, point)
        count = f" · {len(text)}/{limit} characters" if limit else ""
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text=clip(f"*{heading}*{count}\n```{escape(text)}```", 3000)
                )
            )
        )
    return View(
        type="modal",
        callback_id=Callback.UPDATE_PREVIEW,
        title="Preview",
        submit="Send for approval",
        close="Back",
        private_metadata=json.dumps({"crisis": crisis.id, "update": update.id}),
        blocks=blocks,
    )


def build_reason_form(
    crisis: Crisis, *, callback: str, subject: tuple[str, int], question: str
) -> View:
    """Ask why changes are needed (`subject` names what is sent back); the author reads it."""
    key, subject_id = subject
    return View(
        type="modal",
        callback_id=callback,
        title="Request changes",
        submit="Send back",
        close="Cancel",
        private_metadata=json.dumps({"crisis": crisis.id, key: subject_id}),
        blocks=[text_input(Id.CHANGES_REASON, question, max_length=REASON_MAX)],
    )


def read_reason(view: dict[str, Any], key: str) -> tuple[str, int]:
    """The reason typed, and the id (under `key`) of what is sent back; FormErrors if either
    is missing."""
    form = FormReader(view)
    reason = form.text(Id.CHANGES_REASON, label="what should change", max_length=REASON_MAX)
    subject_id = read_id(read_metadata(view).get(key))
    if subject_id is None:
        form.errors.setdefault(Id.CHANGES_REASON, "This form is out of date. Start again.")
    form.raise_errors()
    assert subject_id is not None
    return reason, subject_id
