"""What a comms button or form names: an id that can be one, in the clicker's own workspace."""

from __future__ import annotations

from typing import Any

from bot.crisis.model import Crisis
from bot.errors import NotFound
from bot.response.response import CrisisResponse
from handlers.forms import mapping, read_id, read_metadata


def user_of(body: dict[str, Any]) -> str:
    """The id of the person behind an interaction."""
    return str(mapping(body.get("user")).get("id", ""))


def button_value(body: dict[str, Any]) -> str:
    """The value of the button that was clicked ('' if the payload has none)."""
    actions = body.get("actions")
    first = actions[0] if isinstance(actions, list) and actions else None
    return str(mapping(first).get("value", ""))


STALE = "That button no longer works. Use it from the newest message in the crisis channel."


def clicked_id(body: dict[str, Any]) -> int:
    """The id a clicked button carries, or NotFound."""
    found = read_id(button_value(body))
    if found is None:
        raise NotFound(STALE)
    return found


def metadata_id(view: dict[str, Any], key: str) -> int:
    """The id a form's private_metadata carries under `key`, or NotFound."""
    found = read_id(read_metadata(view).get(key))
    if found is None:
        raise NotFound("This form is out of date, so nothing was saved. Please open it again.")
    return found


def crisis_for(response: CrisisResponse, body: dict[str, Any], crisis_id: int) -> Crisis:
    """The crisis, if it belongs to the workspace the request came from (forged ids can name
    any)."""
    crisis = response.crisis(crisis_id)
    team = mapping(body.get("team")).get("id")
    if team and crisis.team_id and team != crisis.team_id:
        raise NotFound("That crisis no longer exists.")
    return crisis
