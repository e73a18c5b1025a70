"""The one error handler: every failure reaches the person as words, never as a 500 or silence."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from typing import Any

from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackClientError

from bot.crisis.rules import FieldKey, Reason, Refused
from bot.errors import CrisisDeskError, FormErrors, InvalidInput, NotACrisisChannel, SlackCallFailed
from handlers.forms import mapping
from handlers.ids import Block
from handlers.outbound import SlackTeller
from handlers.slack_errors import describe, error_code
from handlers.text import mention

logger = logging.getLogger(__name__)
# Where each field the rule book names is shown, in whichever of our modals holds it.
FIELD_BLOCKS = {FieldKey.SEVERITY: (Block.RESET_SEVERITY, Block.SEVERITY)}

ErrorHandler = Callable[[Exception, dict[str, Any], BoltResponse | None], BoltResponse | None]


def build_error_handler(slack: SlackTeller) -> ErrorHandler:
    """A Bolt error handler that maps domain errors to messages and hides nothing in logs."""

    def handle_error(
        error: Exception, body: dict[str, Any], response: BoltResponse | None
    ) -> BoltResponse | None:
        message = message_for(error)
        acknowledged = response is None
        if not acknowledged and body.get("type") == "view_submission":
            errors = _field_errors(error, body, message)
            return _json(200, {"response_action": "errors", "errors": errors})
        if not acknowledged and "command" in body:
            return _json(200, {"response_type": "ephemeral", "text": message})
        user_id, channel_id = _who_and_where(body)
        if user_id:
            slack.tell(user_id, message, channel_id=channel_id)
        return BoltResponse(status=200, body="") if not acknowledged else None

    return handle_error


def message_for(error: Exception) -> str:
    """What the person reads about `error` (unexpected ones are logged with a reference)."""
    if isinstance(error, NotACrisisChannel):
        # The domain says what is wrong; the command to run is Slack's words.
        return f"{error.user_message} To declare a new crisis: `/crisis open <title>`."
    if isinstance(error, Refused):
        return refusal_text(error)
    if isinstance(error, CrisisDeskError):
        return error.user_message
    if isinstance(error, SlackCallFailed):
        return f"I couldn't {error.action}: {error.reason}. Nothing already saved is lost."
    if isinstance(error, SlackClientError):
        # A listener's own Slack call (views.open, say) was refused: an expected failure.
        logger.warning("a Slack call failed: %s", error_code(error) or type(error).__name__)
        return f"I couldn't finish that: {describe(error)}. Nothing already saved is lost."
    reference = uuid.uuid4().hex[:8]
    logger.error("unexpected error (ref %s)", reference, exc_info=error)
    return (
        "Something went wrong on our side, and I couldn't finish that. "
        f"Nothing already saved is lost. (ref `{reference}`)"
    )


def refusal_text(refused: Refused) -> str:
    """A refusal in a message (not a form field): who leads, and how the lead can change."""
    if refused.reason is not Reason.LEAD_ONLY:
        return refused.user_message
    return (
        f"{refused.user_message} {mention(refused.lead_id)} leads this crisis, and can hand "
        "the lead over with `/crisis lead @person`."
    )


def _field_errors(error: Exception, body: dict[str, Any], message: str) -> dict[str, str]:
    if isinstance(error, FormErrors):
        return error.errors
    if isinstance(error, InvalidInput):
        return {error.field: message}
    blocks = mapping(body.get("view")).get("blocks")
    inputs = [str(mapping(b).get("block_id")) for b in _list(blocks) if _is_input(b)]
    if isinstance(error, CrisisDeskError):
        # Field errors are plain text: the domain's own words, without mentions or code.
        message = error.user_message
    if isinstance(error, Refused) and error.field is not None:
        shown = [block for block in FIELD_BLOCKS[error.field] if block in inputs]
        if shown:
            return {shown[0]: message}
    # No field to blame: show the message on the form's first input so it stays open.
    return {inputs[0] if inputs else "error": message}


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _is_input(block: object) -> bool:
    return mapping(block).get("type") == "input"


def _who_and_where(body: dict[str, Any]) -> tuple[str | None, str | None]:
    user = body.get("user")
    user_id = user.get("id") if isinstance(user, dict) else body.get("user_id")
    channel = body.get("channel")
    channel_id = channel.get("id") if isinstance(channel, dict) else body.get("channel_id")
    return (
        user_id if isinstance(user_id, str) else None,
        channel_id if isinstance(channel_id, str) else None,
    )


def _json(status: int, payload: dict[str, Any]) -> BoltResponse:
    return BoltResponse(
        status=status,
        body=json.dumps(payload),
        headers={"content-type": "application/json;charset=utf-8"},
    )
