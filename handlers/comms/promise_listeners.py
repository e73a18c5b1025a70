"""`/crisis promises`, the holding-statement button, and changing a follow-up item."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.comms.keeping import CustomerPromises
from bot.comms.service import CustomerUpdates
from bot.errors import FormErrors
from handlers.comms.promise_blocks import build_item_form, build_promises
from handlers.comms.subjects import clicked_id, crisis_for, metadata_id, user_of
from handlers.context import crisis_of
from handlers.forms import FormReader, read_timestamp
from handlers.ids import Action, Callback
from handlers.ids import Block as Id
from handlers.router import Invocation
from handlers.wiring import Listeners, Wiring

# Lengths and emptiness are judged by the domain's rules, which name the field.
UNCHECKED = 10**6


def register(app: App, wiring: Wiring) -> None:
    """Wire promises and follow-up items."""
    listeners = PromiseListeners(wiring)
    router, finder = wiring.router, wiring.finder
    router.add(
        "promises",
        listeners.promises,
        usage="/crisis promises",
        meaning="What customers were promised (open, kept, late, broken) and what decisions "
        "owe them.",
    )
    app.action(Action.HOLDING_STATEMENT, middleware=[finder.of_button])(listeners.holding_statement)
    app.action(Action.EDIT_ITEM)(listeners.edit_item)
    app.view(Callback.CUSTOMER_ITEM, middleware=[finder.of_view])(listeners.submit_item)


class PromiseListeners(Listeners):
    """Thin listeners: ack -> parse -> call the promises service -> render."""

    def __init__(self, wiring: Wiring) -> None:
        super().__init__(wiring)
        self.keeping: CustomerPromises = wiring.services.promises
        self.comms: CustomerUpdates = wiring.services.comms

    def promises(self, invocation: Invocation) -> None:
        """`/crisis promises`, only to the person who asked."""
        crisis = invocation.crisis
        blocks = build_promises(self.keeping.overview(crisis))
        invocation.reply(f"Promises to customers: {crisis.title}", blocks)

    def holding_statement(self, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        """One click: a holding statement goes for approval."""
        crisis = crisis_of(context)
        self.comms.holding_statement(crisis.id, actor=user_of(body))
        ack()

    def edit_item(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        """ "Update" on an item: owner, due time, or done with a note."""
        item = self.keeping.item(clicked_id(body))
        crisis = crisis_for(self.response, body, item.crisis_id)
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=build_item_form(crisis, item))

    def submit_item(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
    ) -> None:
        """Save the item's owner and due time; a note marks it done."""
        crisis = crisis_of(context)
        form = FormReader(view)
        owner = form.user(Id.ITEM_OWNER, label="who owns it")
        due = None
        if form.element(Id.ITEM_DUE).get("selected_date_time") is not None:
            due = read_timestamp(form, Id.ITEM_DUE, label="when it is due")
        note = form.text(Id.ITEM_NOTE, label="what was done", required=False, max_length=UNCHECKED)
        item_id = metadata_id(view, "item")
        if form.errors:
            ack(response_action="errors", errors=form.errors)
            return
        try:
            self.keeping.change_item(
                crisis, item_id, actor=user_of(body), owner_id=owner, due_at=due, note=note
            )
        except FormErrors as refused:
            ack(response_action="errors", errors=refused.errors)
            return
        ack()
