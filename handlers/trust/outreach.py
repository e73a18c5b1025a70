"""`/crisis outreach`: high-touch outreach programmes and their progress, in modals."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.crisis.model import Crisis
from bot.errors import FormErrors
from bot.insight.model import TouchPoint
from bot.recovery.scope import affected_segments
from bot.trust.outreach import HIGH_TOUCH, MESSAGE_MAX, NOTES_MAX, Programme, ProgrammeDraft
from handlers.context import crisis_of
from handlers.forms import FormReader, read_id, read_metadata, read_timestamp
from handlers.ids import TrustAction, TrustBlock, TrustCallback
from handlers.trust.common import (
    CrisisListModal,
    clicked_id,
    field_errors,
    show_modal,
    value_of,
    whole_number,
)
from handlers.trust.outreach_blocks import (
    build_outreach_list,
    build_programme_form,
    build_report_form,
)
from handlers.wiring import Wiring

PROGRAMME_FIELDS = {
    "segment": TrustBlock.PROGRAMME_SEGMENT,
    "touch_points": TrustBlock.PROGRAMME_TOUCH_POINTS,
    "owner": TrustBlock.PROGRAMME_OWNER,
    "target": TrustBlock.PROGRAMME_TARGET,
    "due": TrustBlock.PROGRAMME_DUE,
    "message": TrustBlock.PROGRAMME_MESSAGE,
}
REPORT_FIELDS = {"contacted": TrustBlock.REPORT_CONTACTED, "notes": TrustBlock.REPORT_NOTES}
COMMAND = "/crisis outreach"
STALE = "This form is out of date. Close it and run `/crisis outreach` again."


def register(app: App, wiring: Wiring) -> None:
    """Wire outreach programmes."""
    listeners = OutreachListeners(wiring)
    wiring.router.add(
        "outreach",
        listeners.open_from_command,
        usage="/crisis outreach",
        meaning="Outreach programmes by account managers and the call centre, and their progress.",
    )
    of_button, of_view = [wiring.finder.of_button], [wiring.finder.of_view]
    app.action(TrustAction.OPEN_OUTREACH, middleware=of_button)(listeners.open_from_button)
    app.action(TrustAction.ADD_PROGRAMME, middleware=of_button)(listeners.start)
    app.action(TrustAction.EDIT_PROGRAMME)(listeners.edit)
    app.action(TrustAction.REPORT_PROGRESS)(listeners.open_report_form)
    app.view(TrustCallback.PROGRAMME, middleware=of_view)(listeners.submit_programme)
    app.view(TrustCallback.REPORT)(listeners.submit_report)


class OutreachListeners(CrisisListModal):
    """Thin listeners: ack -> parse -> call OutreachProgrammes -> render."""

    def __init__(self, wiring: Wiring) -> None:
        super().__init__(wiring)
        self.outreach = wiring.services.outreach

    def list_view(self, crisis: Crisis, viewer: str) -> View:
        """The programmes with their progress, as `viewer` may act on them."""
        programmes = self.outreach.programmes(crisis.team_id, crisis.id)
        now = self.services.response.now()
        return build_outreach_list(crisis, programmes, viewer=viewer, now=now)

    def start(
        self, ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """ "Start a programme" (the button names the crisis): the form over the list."""
        view = self._programme_form(crisis_of(context), None)
        ack()
        client.views_push(trigger_id=body["trigger_id"], view=view)

    def edit(
        self,
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        context: BoltContext,
        client: WebClient,
    ) -> None:
        """ "Edit" (the button names the programme): the form with its plan."""
        team = context.team_id or ""
        programme = self.outreach.programme(team, clicked_id(value_of(action), COMMAND))
        crisis = self.services.compensation.crisis(team, programme.crisis_id)
        view = self._programme_form(crisis, programme)
        ack()
        client.views_push(trigger_id=body["trigger_id"], view=view)

    def _programme_form(self, crisis: Crisis, programme: Programme | None) -> View:
        segments = affected_segments(crisis, self.services.insight.segments(crisis.team_id))
        return build_programme_form(crisis, segments, programme)

    def open_report_form(
        self,
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        context: BoltContext,
        client: WebClient,
    ) -> None:
        """ "Report progress", from the outreach list or from a reminder."""
        programme_id = clicked_id(value_of(action), COMMAND)
        programme = self.outreach.programme(context.team_id or "", programme_id)
        ack()
        show_modal(client, body, build_report_form(programme))

    def submit_programme(
        self, ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """The programme form: save, and show the list as it is now (the board redraws)."""
        crisis = crisis_of(context)
        programme_id = read_metadata(view).get("programme")
        form = FormReader(view)
        draft = read_programme(form)
        if programme_id is not None and read_id(programme_id) is None:
            form.errors[TrustBlock.PROGRAMME_SEGMENT] = STALE
        if form.errors or draft is None:
            ack(response_action="errors", errors=form.errors)
            return
        user = context.user_id or ""
        try:
            self.outreach.save(crisis.team_id, crisis.id, draft, by=user, programme_id=programme_id)
        except FormErrors as invalid:
            ack(response_action="errors", errors=field_errors(invalid, PROGRAMME_FIELDS))
            return
        ack()
        self.after_change(client, view, crisis, user)

    def submit_report(
        self, ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """The progress report: record it (never past the target), then redraw."""
        programme_id = read_id(read_metadata(view).get("programme"))
        form = FormReader(view)
        contacted = whole_number(form, TrustBlock.REPORT_CONTACTED, required=True)
        notes = form.text(
            TrustBlock.REPORT_NOTES, label="the notes", required=False, max_length=NOTES_MAX
        )
        if programme_id is None:
            form.errors[TrustBlock.REPORT_CONTACTED] = STALE
        if form.errors or programme_id is None or contacted is None:
            ack(response_action="errors", errors=form.errors)
            return
        team, user = context.team_id or "", context.user_id or ""
        try:
            after = self.outreach.report(
                team, programme_id, by=user, contacted=contacted, notes=notes
            )
        except FormErrors as invalid:
            ack(response_action="errors", errors=field_errors(invalid, REPORT_FIELDS))
            return
        ack()
        self.after_change(
            client, view, self.services.compensation.crisis(team, after.crisis_id), user
        )


def read_programme(form: FormReader) -> ProgrammeDraft | None:
    """The programme in the form, or None with field errors under their fields."""
    segment = read_id(form.choices_single(TrustBlock.PROGRAMME_SEGMENT))
    if segment is None:
        form.errors[TrustBlock.PROGRAMME_SEGMENT] = (
            "Choose one of the segments this crisis affects."
        )
    values = form.choices(TrustBlock.PROGRAMME_TOUCH_POINTS)
    points = tuple(TouchPoint(v) for v in values if v in {tp.value for tp in HIGH_TOUCH})
    if len(points) != len(values):
        form.errors[TrustBlock.PROGRAMME_TOUCH_POINTS] = "Choose touch points from the list."
    owner = None
    if form.element(TrustBlock.PROGRAMME_OWNER).get("selected_user") is not None:
        owner = form.user(TrustBlock.PROGRAMME_OWNER, label="the programme's owner")
    target = whole_number(form, TrustBlock.PROGRAMME_TARGET, required=False)
    due = read_timestamp(form, TrustBlock.PROGRAMME_DUE, label="when it is due")
    message = form.text(
        TrustBlock.PROGRAMME_MESSAGE, label="the message it carries", max_length=MESSAGE_MAX
    )
    if form.errors or segment is None or due is None:
        return None
    return ProgrammeDraft(segment, owner, points, target, due, message)
