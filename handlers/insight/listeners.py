"""`/crisis insight`: customer segments managed in modals (list, add, edit, remove)."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.errors import FormErrors, NotFound
from bot.insight.model import TOUCH_POINT_VALUES, SegmentDraft, TouchPoint
from bot.services import Services
from handlers.forms import FormReader, mapping, read_id, read_metadata
from handlers.ids import Action, Callback
from handlers.ids import Block as Id
from handlers.insight.blocks import build_insight_list, build_segment_form
from handlers.insight.lessons import history_notes
from handlers.router import Invocation
from handlers.wiring import Listeners, Wiring

FIELD_BLOCKS = {
    "name": Id.SEGMENT_NAME,
    "customers": Id.SEGMENT_CUSTOMERS,
    "revenue_share": Id.SEGMENT_REVENUE,
    "owner": Id.SEGMENT_OWNER,
    "notes": Id.SEGMENT_NOTES,
}
PAGE_ACTION = re.compile(rf"^{Action.SEGMENT_PAGE}_\d+$")


def register(app: App, wiring: Wiring) -> None:
    """Wire the insight modals."""
    listeners = InsightListeners(wiring)
    wiring.router.add(
        "insight",
        listeners.open_list,
        usage="/crisis insight",
        meaning="Customer segments (size, revenue, touch points) that assessments use.",
    )
    app.action(Action.ADD_SEGMENT)(listeners.open_form)
    app.action(Action.EDIT_SEGMENT)(listeners.open_form)
    app.action(Action.REMOVE_SEGMENT)(listeners.remove)
    app.action(PAGE_ACTION)(listeners.turn_page)
    app.view(Callback.SEGMENT)(listeners.submit)


class InsightListeners(Listeners):
    """Thin listeners: ack -> parse -> call CustomerInsight -> render."""

    def __init__(self, wiring: Wiring) -> None:
        super().__init__(wiring)
        self.insight = wiring.services.insight

    def open_list(self, invocation: Invocation) -> None:
        """`/crisis insight`."""
        invocation.ack()
        view = insight_list(self.services, invocation.team_id)
        invocation.client.views_open(trigger_id=invocation.trigger_id, view=view)

    def open_form(
        self,
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        context: BoltContext,
        client: WebClient,
    ) -> None:
        """ "Add a segment" or "Edit": push the form over the list."""
        value = _value(action)
        team = context.team_id or ""
        segment = None if value == "new" else self.insight.segment(team, _number(value))
        ack()
        form = build_segment_form(segment, user_id=context.user_id or "")
        client.views_push(trigger_id=body["trigger_id"], view=form)

    def remove(
        self, ack: Ack, body: dict[str, Any], action: Any, context: BoltContext, client: WebClient
    ) -> None:
        """ "Remove" (after Slack's confirmation dialog)."""
        team = context.team_id or ""
        self.insight.remove(team, _number(_value(action)))
        ack()
        self._redraw(client, mapping(body.get("view")), team)

    def turn_page(
        self, ack: Ack, body: dict[str, Any], action: Any, context: BoltContext, client: WebClient
    ) -> None:
        """A page button under a long list."""
        ack()
        page = _number(_value(action))
        self._redraw(client, mapping(body.get("view")), context.team_id or "", page=page)

    def submit(
        self, ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """The segment form: save, go back to the list, and show the list as it is now."""
        form = FormReader(view)
        draft = read_segment(form)
        segment_id = read_metadata(view).get("segment")
        if segment_id is not None and read_id(segment_id) is None:
            form.errors[Id.SEGMENT_NAME] = (
                "This form is out of date. Close it and run `/crisis insight` again."
            )
        if form.errors or draft is None:
            ack(response_action="errors", errors=form.errors)
            return
        team = context.team_id or ""
        try:
            self.insight.save(team, draft, segment_id=segment_id)
        except FormErrors as invalid:
            ack(
                response_action="errors",
                errors={FIELD_BLOCKS.get(k, Id.SEGMENT_NAME): m for k, m in invalid.errors.items()},
            )
            return
        except NotFound as gone:
            ack(response_action="errors", errors={Id.SEGMENT_NAME: gone.user_message})
            return
        # The form closes and Slack shows the list under it again: redraw that list.
        ack()
        previous = view.get("previous_view_id")
        if isinstance(previous, str) and previous:
            client.views_update(view_id=previous, view=insight_list(self.services, team))

    def _redraw(
        self, client: WebClient, view: dict[str, Any], team: str, page: int | None = None
    ) -> None:
        current = read_metadata(view).get("page")
        page = page or (current if isinstance(current, int) else 1)
        client.views_update(
            view_id=view.get("id"), view=insight_list(self.services, team, page=page)
        )


def insight_list(services: Services, team_id: str, *, page: int = 1) -> View:
    """The insight list with each segment's history of crises."""
    segments = services.insight.segments(team_id)
    history = history_notes(services, team_id, segments)
    return build_insight_list(segments, page=page, history=history)


def read_segment(form: FormReader) -> SegmentDraft | None:
    """The segment in the form, or None with field errors."""
    name = form.text(Id.SEGMENT_NAME, label="a name", max_length=80)
    customers = _parse(form, Id.SEGMENT_CUSTOMERS, int, "a whole number of customers")
    share = _parse(form, Id.SEGMENT_REVENUE, float, "a percentage from 0 to 100")
    values = form.choices(Id.SEGMENT_TOUCH_POINTS)
    points = tuple(TouchPoint(v) for v in values if v in TOUCH_POINT_VALUES)
    if len(points) != len(values):
        form.errors[Id.SEGMENT_TOUCH_POINTS] = "Choose touch points from the list."
    owner = form.user(Id.SEGMENT_OWNER, label="an owner")
    notes = form.text(Id.SEGMENT_NOTES, label="the notes", required=False, max_length=2000)
    if customers is None or share is None or form.errors:
        return None
    return SegmentDraft(
        name=name,
        customers=customers,
        revenue_share=share,
        touch_points=points,
        owner_id=owner,
        notes=notes,
    )


def _parse(form: FormReader, block_id: str, kind: type[int] | type[float], what: str) -> Any:
    raw = form.element(block_id).get("value")
    try:
        return kind(str(raw).strip())
    except (TypeError, ValueError):
        form.errors[block_id] = f"Enter {what}."
        return None


def _value(action: Any) -> str:
    return str(mapping(action).get("value", ""))


def _number(value: str) -> int:
    number = read_id(value)
    if number is None:
        raise NotFound("That button no longer works. Run `/crisis insight` again.")
    return number
