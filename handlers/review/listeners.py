"""`/crisis resolve` and `/crisis review`: closing a crisis and learning from it."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.crisis.decisions import DecisionDraft, DecisionKind
from bot.crisis.facts import FollowUpAction, Resolution, ReviewAnswers
from bot.crisis.impact import Direction, ImpactAssessment
from bot.crisis.rules import Act
from handlers.context import crisis_of
from handlers.crisis.assessment import read_assessment
from handlers.crisis.review_form import (
    ACTION_ROWS,
    build_resolve_modal,
    open_review,
)
from handlers.crisis.submissions import answer_submission
from handlers.forms import FormReader
from handlers.ids import Block as Id
from handlers.ids import Callback, action_block, review_block
from handlers.insight.choices import impact_segment_blocks, known_segment_ids
from handlers.review.move import is_move, move_review
from handlers.router import Invocation
from handlers.text import clip
from handlers.wiring import Listeners, Wiring

ANSWER_MAX = 3000


def register(app: App, wiring: Wiring) -> None:
    """Wire resolution and the review."""
    listeners = ClosingListeners(wiring)
    router, finder = wiring.router, wiring.finder
    router.add(
        "resolve",
        listeners.resolve,
        usage="/crisis resolve",
        meaning="Resolve the crisis and schedule its review (lead only).",
    )
    router.add(
        "review",
        listeners.review,
        usage="/crisis review [move <when>]",
        meaning="Hold the review once the crisis is resolved (writes the review document); "
        "`move` reschedules it (lead only).",
    )
    app.view(Callback.RESOLVE, middleware=[finder.of_view])(listeners.submit_resolve)
    app.view(Callback.REVIEW, middleware=[finder.of_view])(listeners.submit_review)


class ClosingListeners(Listeners):
    """Thin listeners: ack -> parse -> call the closing service -> render."""

    def __init__(self, wiring: Wiring) -> None:
        super().__init__(wiring)
        self.closing = wiring.services.closing

    def resolve(self, invocation: Invocation) -> None:
        """`/crisis resolve`: the lead's resolution form."""
        crisis = invocation.crisis
        crisis.require(invocation.user_id, Act.RESOLVE)
        invocation.ack()
        segments = impact_segment_blocks(self.services, crisis.team_id, crisis.segment_ids)
        invocation.client.views_open(
            trigger_id=invocation.trigger_id,
            view=build_resolve_modal(crisis, segment_blocks=segments),
        )

    def review(self, invocation: Invocation) -> None:
        """`/crisis review`: the review form; `/crisis review move <when>` reschedules it."""
        if is_move(invocation):
            move_review(invocation, self.services)
            return
        crisis = invocation.crisis
        crisis.require(invocation.user_id, Act.REVIEW)
        invocation.ack()
        open_review(self.services, crisis, invocation.client, invocation.trigger_id)

    def submit_resolve(self, ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        """The resolution form."""
        crisis = crisis_of(context)
        form = FormReader(view)
        how = form.text(Id.RESOLVED_HOW, label="how it was resolved", max_length=ANSWER_MAX)
        compensation = form.text(
            Id.COMPENSATION_CONFIRMED, label="the compensation confirmed", max_length=ANSWER_MAX
        )
        known = known_segment_ids(self.services, crisis.team_id)
        assessment = read_assessment(form, known_segments=known)
        draft = (
            None
            if assessment is None
            else DecisionDraft(
                crisis_id=crisis.id,
                kind=DecisionKind.RESOLUTION,
                summary=clip(how, 300),
                decided_by=context.user_id or "",
                assessment=assessment,
                facts=Resolution(how=how, compensation=compensation),
            )
        )
        answer_submission(
            ack,
            form,
            record=lambda: self.closing.resolve(draft, key=f"view:{view['id']}") if draft else None,
        )

    def submit_review(self, ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        """The review form."""
        crisis = crisis_of(context)
        form = FormReader(view)
        answers = {
            key: form.text(review_block(key), label="an answer", max_length=ANSWER_MAX)
            for key, _ in ReviewAnswers.QUESTIONS
        }
        review = ReviewAnswers(
            **answers, actions=tuple(read_actions(form, today=self.response.now()))
        )
        draft = DecisionDraft(
            crisis_id=crisis.id,
            kind=DecisionKind.REVIEW,
            summary=clip(review.causes, 300),
            decided_by=context.user_id or "",
            assessment=_no_assessment(),
            facts=review,
        )
        answer_submission(
            ack,
            form,
            record=lambda: self.closing.complete_review(draft, key=f"view:{view['id']}"),
        )


def read_actions(form: FormReader, *, today: datetime) -> list[FollowUpAction]:
    """Filled-in follow-up actions; each needs an owner and a due date that isn't past."""
    actions = []
    for row in range(1, ACTION_ROWS + 1):
        text = form.text(
            action_block(row, "text"), label="the action", required=False, max_length=500
        )
        if not text:
            continue
        owner = form.user(action_block(row, "owner"), label="who owns this action")
        due = _date(form.element(action_block(row, "due")).get("selected_date"))
        if due is None or due.date() < today.date():
            form.errors[action_block(row, "due")] = "Choose a due date from today on."
        elif owner:
            actions.append(FollowUpAction(text=text, owner_id=owner, due_at=due))
    return actions


def _date(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        return None
    # Due in the morning (UTC) of that day: a reminder that arrives while people are at work.
    return datetime.combine(day, time(9, 0), tzinfo=UTC)


def _no_assessment() -> ImpactAssessment:
    # The review looks back; its customer impact lives in the decisions it reviews.
    return ImpactAssessment(Direction.UNKNOWN)
