"""`/crisis checkin`: a trust check-in per affected segment, from the command or its reminder."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.crisis.model import Crisis, CrisisStatus
from bot.durations import format_duration
from bot.errors import FormErrors, NotAllowed
from bot.recovery.scope import affected_segments
from bot.trust.checkins import TEXT_MAX, CheckInDraft, Scale, SegmentAction, parse_score
from handlers.context import button_rest, crisis_of
from handlers.forms import FormReader, read_id
from handlers.ids import TrustAction, TrustBlock, TrustCallback
from handlers.router import Invocation
from handlers.trust.checkin_blocks import build_check_in_form
from handlers.trust.common import field_errors, show_modal, whole_number
from handlers.wiring import Listeners, Wiring

COMMAND = "/crisis checkin"
FIELDS = {
    "segment": TrustBlock.CHECK_IN_SEGMENT,
    "check_in": TrustBlock.CHECK_IN,
    "complaints": TrustBlock.COMPLAINTS,
    "customers_lost": TrustBlock.CUSTOMERS_LOST,
    "saying": TrustBlock.SAYING,
    "change": TrustBlock.CHANGE,
    "action_owner": TrustBlock.ACTION_OWNER,
    "action_due": TrustBlock.ACTION_DUE,
}


def register(app: App, wiring: Wiring) -> None:
    """Wire the trust check-ins."""
    listeners = CheckInListeners(wiring)
    wiring.router.add(
        "checkin",
        listeners.open_from_command,
        usage="/crisis checkin",
        meaning="Record a trust check-in per affected segment (after resolution).",
    )
    of_button, of_view = [wiring.finder.of_button], [wiring.finder.of_view]
    app.action(TrustAction.OPEN_CHECK_IN, middleware=of_button)(listeners.open_from_button)
    app.view(TrustCallback.CHECK_IN, middleware=of_view)(listeners.submit)


class CheckInListeners(Listeners):
    """Thin listeners: ack -> parse -> call TrustCheckIns -> render."""

    def __init__(self, wiring: Wiring) -> None:
        super().__init__(wiring)
        self.check_ins = wiring.services.check_ins

    def open_from_command(self, invocation: Invocation) -> None:
        """`/crisis checkin` in a resolved crisis's channel: the latest check-in due."""
        crisis = invocation.crisis
        view = self._form(crisis, self._due_label(crisis))
        invocation.ack()
        invocation.client.views_open(trigger_id=invocation.trigger_id, view=view)

    def open_from_button(
        self, ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """ "Record check-in" on a check-in reminder (value: '<crisis>:<check-in>')."""
        view = self._form(crisis_of(context), button_rest(context))
        ack()
        show_modal(client, body, view)

    def submit(self, ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        """Record the check-in; field errors keep the form open."""
        crisis = crisis_of(context)
        form = FormReader(view)
        draft = read_check_in(form)
        if form.errors or draft is None:
            ack(response_action="errors", errors=form.errors)
            return
        try:
            self.check_ins.record(crisis.team_id, crisis.id, draft, by=context.user_id or "")
        except FormErrors as invalid:
            ack(response_action="errors", errors=field_errors(invalid, FIELDS))
            return
        ack()

    def _form(self, crisis: Crisis, label: str) -> View:
        if crisis.status is CrisisStatus.OPEN:
            raise NotAllowed("Trust check-ins come after the crisis is resolved.")
        segments = affected_segments(crisis, self.services.insight.segments(crisis.team_id))
        return build_check_in_form(
            crisis,
            segments,
            labels=self.check_ins.labels,
            chosen=label,
            prevention=self.check_ins.prevention(crisis.team_id, crisis.id),
        )

    def _due_label(self, crisis: Crisis) -> str:
        # The latest check-in whose time has come (the first one before any has).
        now, resolved = self.services.response.now(), crisis.resolved_at or crisis.declared_at
        due = [after for after in self.services.playbook.trust_check_ins if resolved + after <= now]
        return format_duration(due[-1] if due else self.services.playbook.trust_check_ins[0])


def read_check_in(form: FormReader) -> CheckInDraft | None:
    """The check-in in the form, or None with field errors under their fields."""
    label = form.choices_single(TrustBlock.CHECK_IN) or ""
    segment = read_id(form.choices_single(TrustBlock.CHECK_IN_SEGMENT))
    if segment is None:
        form.errors[TrustBlock.CHECK_IN_SEGMENT] = "Choose one of the segments this crisis affects."
    complaints = whole_number(form, TrustBlock.COMPLAINTS, required=True)
    lost = whole_number(form, TrustBlock.CUSTOMERS_LOST, required=True)
    scale = form.choice(TrustBlock.SCALE, Scale, label="a satisfaction scale")
    scores = [_score(form, block, scale) for block in (TrustBlock.BEFORE, TrustBlock.AFTER)]
    saying = form.text(TrustBlock.SAYING, label="what customers are saying", max_length=TEXT_MAX)
    change = form.text(
        TrustBlock.CHANGE, label="what we change", required=False, max_length=TEXT_MAX
    )
    action = _action(form)
    before, after = scores
    if form.errors or None in (segment, complaints, lost, scale, before, after):
        return None
    assert segment is not None and complaints is not None and lost is not None
    assert scale is not None and before is not None and after is not None
    return CheckInDraft(
        label, segment, complaints, lost, scale, before, after, saying, change, action
    )


def _score(form: FormReader, block_id: str, scale: Scale | None) -> int | None:
    text = form.text(block_id, label="a score", max_length=8)
    if scale is None or not text:
        return None
    try:
        return parse_score(text, scale)
    except ValueError as bad:
        form.errors[block_id] = str(bad)
        return None


def _action(form: FormReader) -> SegmentAction | None:
    owner = form.element(TrustBlock.ACTION_OWNER).get("selected_user")
    day = form.element(TrustBlock.ACTION_DUE).get("selected_date")
    if owner is None and day is None:
        return None
    if owner is None or day is None:
        missing = TrustBlock.ACTION_OWNER if owner is None else TrustBlock.ACTION_DUE
        form.errors[missing] = "A follow-up action needs both an owner and a due date."
        return None
    try:
        due = datetime.combine(datetime.strptime(str(day), "%Y-%m-%d").date(), time(9), UTC)
    except ValueError:
        form.errors[TrustBlock.ACTION_DUE] = "Choose a due date."
        return None
    return SegmentAction(str(owner), due)
