"""The resolve and review modals, and opening the review form from a command or the board."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.models.blocks import (
    Block,
    DatePickerElement,
    InputBlock,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.crisis.facts import ReviewAnswers
from bot.crisis.model import Crisis, StepKey
from bot.services import Services
from handlers.crisis.assessment import assessment_blocks
from handlers.crisis.modals import intro, metadata, text_input
from handlers.ids import Block as Id
from handlers.ids import Callback, action_block, review_block
from handlers.trust.board import compensation_button

ACTION_ROWS = 3
ANSWER_MAX = 3000


def build_resolve_modal(crisis: Crisis, *, segment_blocks: Sequence[Block] = ()) -> View:
    """Resolve: how, the compensation confirmed, and the final customer-impact assessment."""
    return View(
        type="modal",
        callback_id=Callback.RESOLVE,
        title="Resolve the crisis",
        submit="Resolve",
        close="Cancel",
        private_metadata=metadata(crisis),
        blocks=[
            intro(crisis, "Resolving stops the response's reminders and schedules the review."),
            text_input(Id.RESOLVED_HOW, "How was it resolved?", max_length=ANSWER_MAX),
            text_input(
                Id.COMPENSATION_CONFIRMED,
                "Compensation confirmed",
                hint="What customers receive, and for which segments (or why none).",
            ),
            compensation_button(crisis, "Compensation by segment"),
            *assessment_blocks(segment_blocks),
        ],
    )


def build_review_modal(crisis: Crisis, prompt: str, *, now: datetime) -> View:
    """The review: six questions from the playbook and follow-up actions with owners."""
    questions = [
        text_input(review_block(key), question, max_length=ANSWER_MAX)
        for key, question in ReviewAnswers.QUESTIONS
    ]
    actions: list[Block] = []
    due = (now + timedelta(days=14)).strftime("%Y-%m-%d")
    for row in range(1, ACTION_ROWS + 1):
        actions += [
            text_input(
                action_block(row, "text"), f"Follow-up action {row}", optional=True, max_length=500
            ),
            InputBlock(
                block_id=action_block(row, "owner"),
                label=f"Action {row} owner",
                optional=True,
                element=UserSelectElement(action_id=action_block(row, "owner")),
            ),
            InputBlock(
                block_id=action_block(row, "due"),
                label=f"Action {row} due",
                optional=True,
                element=DatePickerElement(action_id=action_block(row, "due"), initial_date=due),
            ),
        ]
    return View(
        type="modal",
        callback_id=Callback.REVIEW,
        title="Crisis review",
        submit="Complete review",
        close="Cancel",
        private_metadata=metadata(crisis),
        blocks=[intro(crisis, prompt), *questions, *actions],
    )


def open_review(services: Services, crisis: Crisis, client: WebClient, trigger_id: str) -> None:
    """Open the review form."""
    prompt = services.playbook.step(StepKey.REVIEW).prompt
    client.views_open(
        trigger_id=trigger_id, view=build_review_modal(crisis, prompt, now=services.response.now())
    )
