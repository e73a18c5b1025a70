"""`/crisis tell`, the board's "Tell customers" button, the preview, approval, and revision."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.comms.model import Section, UpdateDraft
from bot.comms.promises import ItemKind
from bot.comms.service import CustomerUpdates
from bot.crisis.model import Crisis
from bot.errors import FormErrors
from bot.insight.model import TOUCH_POINT_VALUES, TouchPoint
from handlers.comms.modals import (
    KEEP_VALUE,
    build_preview,
    build_reason_form,
    build_update_form,
    read_reason,
)
from handlers.comms.subjects import clicked_id, crisis_for, metadata_id, user_of
from handlers.context import crisis_of
from handlers.forms import FormReader, read_id, read_metadata, read_timestamp
from handlers.ids import Action, Callback, comms_block
from handlers.ids import Block as Id
from handlers.insight.choices import known_segment_ids
from handlers.router import Invocation
from handlers.wiring import Listeners, Wiring

# Lengths and emptiness are judged by the domain's rules, which name the field.
UNCHECKED = 10**6


def register(app: App, wiring: Wiring) -> None:
    """Wire the customer update flow."""
    listeners = CommsListeners(wiring)
    router, finder = wiring.router, wiring.finder
    router.add(
        "tell",
        listeners.tell,
        usage="/crisis tell",
        meaning="Tell customers: draft an honest update; an approver publishes it.",
    )
    app.action(Action.TELL_CUSTOMERS, middleware=[finder.of_button])(listeners.tell_button)
    app.view(Callback.CUSTOMER_UPDATE, middleware=[finder.of_view])(listeners.submit_draft)
    app.view(Callback.UPDATE_PREVIEW, middleware=[finder.of_view])(listeners.submit_preview)
    app.action(Action.APPROVE_UPDATE)(listeners.approve)
    app.action(Action.REQUEST_CHANGES)(listeners.request_changes)
    app.view(Callback.CHANGES_REASON, middleware=[finder.of_view])(listeners.submit_reason)
    app.action(Action.REVISE_UPDATE)(listeners.revise)


class CommsListeners(Listeners):
    """Thin listeners: ack -> parse -> call the customer updates service -> render."""

    def __init__(self, wiring: Wiring) -> None:
        super().__init__(wiring)
        self.comms: CustomerUpdates = wiring.services.comms

    def _form(self, crisis: Crisis, source_id: int | None = None) -> View:
        source = self.comms.revisable(source_id) if source_id is not None else None
        return build_update_form(
            crisis,
            segments=self.services.insight.segments(crisis.team_id),
            now=self.response.now(),
            cadence=self.services.playbook.status_update_every[crisis.severity],
            source=source,
            tell_items=self.services.promises.open_items(crisis.id, ItemKind.TELL),
        )

    def tell(self, invocation: Invocation) -> None:
        """`/crisis tell`: the customer update form."""
        crisis = invocation.crisis
        view = self._form(crisis)
        invocation.ack()
        invocation.client.views_open(trigger_id=invocation.trigger_id, view=view)

    def tell_button(
        self, ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """The board's "Tell customers" button."""
        crisis = crisis_of(context)
        view = self._form(crisis)
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def revise(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        """ "Revise the update" in the author's DM: the form again, filled in."""
        update = self.comms.version(clicked_id(body))
        crisis = crisis_for(self.response, body, update.crisis_id)
        view = self._form(crisis, update.id)
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def submit_draft(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
    ) -> None:
        """The form: field errors, or the preview pushed on top (Back returns to the form)."""
        crisis = crisis_of(context)
        form = FormReader(view)
        draft = self._read_draft(form, crisis, view, user_of(body))
        if draft is None:
            ack(response_action="errors", errors=form.errors)
            return
        try:
            saved = self.comms.save_draft(draft)
        except FormErrors as refused:
            ack(
                response_action="errors",
                errors={comms_block(k): m for k, m in refused.errors.items()},
            )
            return
        ack(response_action="push", view=build_preview(crisis, saved))

    def _read_draft(
        self, form: FormReader, crisis: Crisis, view: dict[str, Any], author: str
    ) -> UpdateDraft | None:
        sections = {
            section: form.text(
                comms_block(section.value),
                label=section.label,
                required=False,
                max_length=UNCHECKED,
            )
            for section in Section
        }
        known = known_segment_ids(self.services, crisis.team_id)
        segments = tuple(int(v) for v in form.choices(Id.AUDIENCE) if v.isdigit())
        if not set(segments) <= known:
            form.errors[Id.AUDIENCE] = "Some of those segments no longer exist; choose again."
        points = tuple(
            TouchPoint(v) for v in form.choices(Id.TOUCH_POINTS) if v in TOUCH_POINT_VALUES
        )
        next_at = read_timestamp(form, Id.PROMISED_UPDATE, label="when customers hear next")
        revises = read_id(read_metadata(view).get("revises"))
        if form.errors or next_at is None:
            return None
        return UpdateDraft(
            crisis_id=crisis.id,
            author_id=author,
            sections=sections,
            segment_ids=segments,
            touch_points=points,
            next_update_at=next_at,
            keep_avoided_words=KEEP_VALUE in form.choices(Id.KEEP_WORDS),
            item_ids=tuple(int(v) for v in form.choices(Id.TELL_ITEMS) if v.isdigit()),
            revises=revises,
        )

    def submit_preview(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
    ) -> None:
        """ "Send for approval": close the form and post the request in the crisis channel."""
        crisis = crisis_of(context)
        update_id = metadata_id(view, "update")
        self.comms.version(update_id, crisis_id=crisis.id)
        self.comms.send_for_approval(update_id, actor=user_of(body))
        ack(response_action="clear")

    def approve(self, ack: Ack, body: dict[str, Any]) -> None:
        """Approve and publish: only the first click of an approver publishes."""
        # Decided before ack(): a refusal raised after ack() could lose the ack in Bolt's runner.
        update = self.comms.version(clicked_id(body))
        crisis_for(self.response, body, update.crisis_id)
        self.comms.approve(update.id, actor=user_of(body))
        ack()

    def request_changes(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        """Ask the approver why, in a modal."""
        update = self.comms.check_approver(clicked_id(body), actor=user_of(body))
        crisis = crisis_for(self.response, body, update.crisis_id)
        ack()
        form = build_reason_form(
            crisis,
            callback=Callback.CHANGES_REASON,
            subject=("update", update.id),
            question=f"What should change in update #{update.number} v{update.version}?",
        )
        client.views_open(trigger_id=body["trigger_id"], view=form)

    def submit_reason(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
    ) -> None:
        """Send the version back to its author with the reason."""
        crisis = crisis_of(context)
        reason, update_id = read_reason(view, "update")
        self.comms.version(update_id, crisis_id=crisis.id)
        self.comms.request_changes(update_id, actor=user_of(body), reason=reason)
        ack()
