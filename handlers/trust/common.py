"""Plumbing shared by the trust listeners: showing a modal where the click was, field errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.blocks import InputBlock, PlainTextInputElement
from slack_sdk.models.views import View

from bot.crisis.model import Crisis
from bot.errors import FormErrors, NotFound
from handlers.context import crisis_of
from handlers.forms import FormReader, mapping, read_id
from handlers.router import Invocation
from handlers.wiring import Listeners


def show_modal(client: WebClient, body: dict[str, Any], view: Any) -> None:
    """Push `view` over the modal that was clicked in, or open it from a message."""
    if mapping(body.get("view")).get("id"):
        client.views_push(trigger_id=body["trigger_id"], view=view)
    else:
        client.views_open(trigger_id=body["trigger_id"], view=view)


def field_errors(invalid: FormErrors, fields: Mapping[str, str]) -> dict[str, str]:
    """The domain's field -> message as block id -> message (unknown fields on the first)."""
    first = next(iter(fields.values()))
    return {fields.get(field, first): message for field, message in invalid.errors.items()}


def value_of(action: Any) -> str:
    """The clicked element's value ('' when it has none)."""
    return str(mapping(action).get("value", ""))


def clicked_id(value: str, command: str) -> int:
    """The id a button carries, or NotFound naming the command to run again."""
    number = read_id(value)
    if number is None:
        raise NotFound(f"That button no longer works. Run `{command}` again.")
    return number


def long_text_input(
    block_id: str,
    label: str,
    *,
    max_length: int,
    hint: str | None = None,
    optional: bool = False,
    initial: str | None = None,
) -> InputBlock:
    """A multi-line text input (what customers said, a message, what we change)."""
    return InputBlock(
        block_id=block_id,
        label=label,
        hint=hint,
        optional=optional,
        element=PlainTextInputElement(
            action_id=block_id,
            multiline=True,
            max_length=max_length,
            initial_value=initial[:max_length] if initial else None,
        ),
    )


def whole_number(form: FormReader, block_id: str, *, required: bool) -> int | None:
    """A number input's whole number (None, with a field error when required or malformed)."""
    raw = form.element(block_id).get("value")
    text = str(raw).strip() if raw is not None else ""
    if not text and not required:
        return None
    if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 12:
        form.errors[block_id] = "Enter a whole number of customers."
        return None
    return int(text)


class CrisisListModal(Listeners):
    """A crisis's list in a modal (the register, the programmes): opened by command or button."""

    def list_view(self, crisis: Crisis, viewer: str) -> View:
        """The list as `viewer` may act on it."""
        raise NotImplementedError

    def open_from_command(self, invocation: Invocation) -> None:
        """The subcommand, in a crisis channel."""
        view = self.list_view(invocation.crisis, invocation.user_id)
        invocation.ack()
        invocation.client.views_open(trigger_id=invocation.trigger_id, view=view)

    def open_from_button(
        self, ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """A button on the board, or in a step's form (then pushed over it)."""
        view = self.list_view(crisis_of(context), context.user_id or "")
        ack()
        show_modal(client, body, view)

    def after_change(
        self, client: WebClient, view: dict[str, Any], crisis: Crisis, user: str
    ) -> None:
        """Redraw the list under a closed form, if the form was pushed over one."""
        previous = view.get("previous_view_id")
        if isinstance(previous, str) and previous:
            client.views_update(view_id=previous, view=self.list_view(crisis, user))
