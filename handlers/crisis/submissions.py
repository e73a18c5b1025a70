"""Shared plumbing for the response's listeners: finding the crisis, answering submissions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack

from bot.crisis.model import Crisis
from bot.crisis.response import CrisisResponse, Recorded
from bot.errors import CrisisDeskError, NotFound
from handlers.forms import FormReader, mapping, read_id, read_metadata


def crisis_from_view(
    response: CrisisResponse, view: dict[str, Any], body: dict[str, Any]
) -> Crisis:
    """The crisis a modal belongs to (from its private_metadata), checked against the team."""
    crisis_id = read_id(read_metadata(view).get("crisis"))
    if crisis_id is None:
        raise NotFound("This form doesn't belong to a crisis any more. Close it and start again.")
    crisis = response.crisis(crisis_id)
    team = mapping(body.get("team")).get("id")
    if team and crisis.team_id and team != crisis.team_id:
        raise NotFound("That crisis no longer exists.")
    return crisis


def button_value(body: dict[str, Any]) -> str:
    """The value of the button that was clicked ('' if the payload has none)."""
    actions = body.get("actions")
    return str(
        mapping(actions[0] if isinstance(actions, list) and actions else None).get("value", "")
    )


def crisis_from_button(response: CrisisResponse, body: dict[str, Any]) -> tuple[Crisis, str]:
    """The crisis a clicked button names (value "<id>" or "<id>:<rest>"), and the rest."""
    head, _, rest = button_value(body).partition(":")
    crisis_id = read_id(head)
    if crisis_id is None:
        raise NotFound("That button no longer works. Use `/crisis status` in the crisis channel.")
    crisis = response.crisis(crisis_id)
    team = mapping(body.get("team")).get("id")
    if team and crisis.team_id and team != crisis.team_id:
        raise NotFound("That crisis no longer exists.")
    return crisis, rest


def user_of(body: dict[str, Any]) -> str:
    """The id of the person behind an interaction."""
    return str(mapping(body.get("user")).get("id", ""))


def team_of(body: dict[str, Any]) -> str:
    """The workspace an event or interaction comes from."""
    return str(
        body.get("team_id")
        or mapping(body.get("team")).get("id")
        or mapping(body.get("user")).get("team_id")
        or ""
    )


def first_input(view: dict[str, Any]) -> str:
    """The block id of the modal's first input (where form-wide problems are shown)."""
    blocks = view.get("blocks")
    for block in blocks if isinstance(blocks, list) else []:
        if mapping(block).get("type") == "input":
            return str(mapping(block).get("block_id"))
    return "error"


def answer_submission(
    ack: Ack,
    view: dict[str, Any],
    form: FormReader,
    *,
    record: Callable[[], Recorded | None],
) -> None:
    """Keep the modal open with field errors, or record (its cards go out through the outbox)
    and close the modal."""
    if form.errors:
        ack(response_action="errors", errors=form.errors)
        return
    try:
        record()
    except CrisisDeskError as refused:
        ack(response_action="errors", errors={first_input(view): refused.user_message})
        return
    # A repeat (None) was recorded, and published, by the first submission.
    ack()
