"""The playbook steps: the board's "Open" buttons and the Reset, Refocus and Fix forms."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.crisis.decisions import DecisionDraft, DecisionKind
from bot.crisis.facts import Facts, FixPlan, PriorityDraft, RefocusPlan, ResetAnswers
from bot.crisis.impact import Harm, ImpactAssessment
from bot.crisis.model import STEP_ACTS, Severity, StepKey
from bot.crisis.rules import Act
from bot.errors import AlreadyDone, NotFound
from handlers.context import button_rest, crisis_id_of, crisis_of
from handlers.crisis.assessment import read_assessment
from handlers.crisis.modals import (
    PRIORITY_ROWS,
    build_fix_modal,
    build_refocus_modal,
    build_reset_modal,
)
from handlers.crisis.review_form import open_review
from handlers.crisis.submissions import answer_submission
from handlers.forms import FormReader, read_timestamp
from handlers.ids import Action, Callback, priority_block
from handlers.ids import Block as Id
from handlers.insight.choices import impact_segment_choice, known_segment_ids
from handlers.text import clip, mention
from handlers.wiring import Listeners, Wiring

SUMMARY_MAX = 300


def register(app: App, wiring: Wiring) -> None:
    """Wire the step buttons and forms; the middleware puts each one's crisis in `context`."""
    steps = StepListeners(wiring)
    finder = wiring.finder
    app.action(Action.OPEN_STEP, middleware=[finder.of_button])(steps.open_step)
    app.view(Callback.RESET, middleware=[finder.of_view])(steps.submit_reset)
    app.view(Callback.REFOCUS, middleware=[finder.of_view])(steps.submit_refocus)
    app.view(Callback.FIX, middleware=[finder.of_view])(steps.submit_fix)


class StepListeners(Listeners):
    """Thin listeners: ack -> parse -> call the response service -> render."""

    def known_segments(self, team_id: str, form: FormReader) -> set[int]:
        """Segment ids the team's assessments may name (none read when none were chosen)."""
        chosen = form.choices(Id.IMPACT_SEGMENTS)
        return known_segment_ids(self.services, team_id, chosen=chosen)

    def open_step(
        self, ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """The board's "Open <step>" button."""
        crisis, user = crisis_of(context), context.user_id or ""
        key = button_rest(context)
        if key not in {key.value for key in StepKey}:
            raise NotFound("That button no longer works. Use `/crisis status`.")
        step = crisis.step(StepKey(key))
        if step.done:
            by = mention(step.completed_by or "")
            raise AlreadyDone(f"{step.title} is already done (by {by}).")
        # Refuse before acknowledging: Bolt can lose an ack followed at once by an exception.
        crisis.require(user, STEP_ACTS[step.key])
        ack()
        if step.key is StepKey.REVIEW:
            open_review(self.services, crisis, client, body["trigger_id"])
            return
        prompt = self.services.playbook.step(step.key).prompt
        choice = impact_segment_choice(self.services, crisis.team_id, crisis.segment_ids)
        # The severity picker is the lead's alone: who may change it is part of the form.
        picker = step.key is StepKey.RESET and crisis.may(user, Act.CHANGE_SEVERITY)

        def build() -> View:
            segments = choice.blocks()
            if step.key is StepKey.RESET:
                return build_reset_modal(
                    crisis, prompt, segment_blocks=segments, severity_picker=picker
                )
            if step.key is StepKey.REFOCUS:
                return build_refocus_modal(crisis, prompt, segment_blocks=segments)
            return build_fix_modal(crisis, prompt, segment_blocks=segments)

        view = self.views.view((step.key, crisis, choice, prompt, picker), build)
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def submit_reset(self, ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        """The Reset form (its severity picker only in the lead's)."""
        crisis_id, team_id = crisis_id_of(context), context.team_id or ""
        form = FormReader(view)
        answers = ResetAnswers(
            products=form.text(
                Id.PRODUCTS, label="the effect on products or services", max_length=2000
            ),
            outcomes=form.text(
                Id.OUTCOMES, label="the effect on business outcomes", max_length=2000
            ),
            expectations=form.text(
                Id.EXPECTATIONS, label="the effect on expectations", max_length=2000
            ),
        )
        # No picker (a responder's form), or none chosen: the severity stays as it is.
        severity = None
        if form.has(Id.RESET_SEVERITY):
            severity = form.choice(Id.RESET_SEVERITY, Severity, label="a severity")
        assessment = read_assessment(form, known_segments=self.known_segments(team_id, form))
        draft = _draft(
            crisis_id,
            DecisionKind.RESET,
            context,
            assessment,
            summary=answers.products,
            facts=answers,
        )
        answer_submission(
            ack,
            form,
            record=lambda: (
                self.response.complete_reset(
                    draft,
                    key=f"view:{view['id']}",
                    severity=severity,
                    segment_ids=draft.assessment.segment_ids,
                )
                if draft
                else None
            ),
        )

    def submit_refocus(self, ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        """The Refocus priorities form."""
        crisis_id, team_id = crisis_id_of(context), context.team_id or ""
        form = FormReader(view)
        priorities = read_priorities(form)
        assessment = read_assessment(form, known_segments=self.known_segments(team_id, form))
        draft = _draft(
            crisis_id,
            DecisionKind.REFOCUS,
            context,
            assessment,
            summary="; ".join(p.text for p in priorities),
            facts=RefocusPlan(tuple(priorities)),
        )
        answer_submission(
            ack,
            form,
            record=lambda: (
                self.response.complete_refocus(
                    draft, key=f"view:{view['id']}", priorities=priorities
                )
                if draft
                else None
            ),
        )

    def submit_fix(self, ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        """The Fix form (lead only)."""
        crisis_id, team_id = crisis_id_of(context), context.team_id or ""
        form = FormReader(view)
        eta = read_timestamp(
            form, Id.CUSTOMER_ETA, label="the fix time promised to customers", required=False
        )
        if eta is not None and eta <= self.response.now():
            form.errors[Id.CUSTOMER_ETA] = "The fix time promised to customers must be ahead."
        plan = FixPlan(
            short_term=form.text(Id.SHORT_TERM, label="the short-term plan", max_length=2000),
            meanwhile=form.text(
                Id.MEANWHILE, label="how we help customers meanwhile", max_length=2000
            ),
            long_term=form.text(Id.LONG_TERM, label="the long-term plan", max_length=2000),
            compensation=form.text(
                Id.COMPENSATION, label="compensation", required=False, max_length=2000
            ),
            customer_eta=eta,
        )
        assessment = read_assessment(form, known_segments=self.known_segments(team_id, form))
        draft = _draft(
            crisis_id, DecisionKind.FIX, context, assessment, summary=plan.short_term, facts=plan
        )
        answer_submission(
            ack,
            form,
            record=lambda: (
                self.response.complete_fix(draft, key=f"view:{view['id']}") if draft else None
            ),
        )


def read_priorities(form: FormReader) -> list[PriorityDraft]:
    """The filled-in priority rows; a row needs its text, the harm it reduces and an owner."""
    priorities = []
    for row in range(1, PRIORITY_ROWS + 1):
        text_id = priority_block(row, "text")
        text = form.text(text_id, label=f"priority {row}", required=row == 1, max_length=500)
        if not text:
            continue
        harm = form.choice(priority_block(row, "harm"), Harm, label="the harm it reduces")
        owner = form.user(priority_block(row, "owner"), label="an owner")
        if harm is not None and owner:
            priorities.append(PriorityDraft(text=text, harm=harm, owner_id=owner))
    return priorities


def _draft(
    crisis_id: int,
    kind: DecisionKind,
    context: BoltContext,
    assessment: ImpactAssessment | None,
    *,
    summary: str,
    facts: Facts,
) -> DecisionDraft | None:
    if assessment is None:
        return None
    return DecisionDraft(
        crisis_id=crisis_id,
        kind=kind,
        summary=clip(summary, SUMMARY_MAX),
        decided_by=context.user_id or "",
        assessment=assessment,
        facts=facts,
    )
