"""Reading modal submissions defensively: a forged or partial payload yields field errors."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeVar

from bot.errors import FormErrors

USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")
CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,30}$")
METADATA_MAX = 3000
# Ids the database can hold: larger numbers in a forged button or form are simply unknown ids.
ID_MAX = 2**63 - 1
E = TypeVar("E", bound=Enum)


class FormReader:
    """Typed access to `view.state.values`, collecting a message per bad field."""

    def __init__(self, view: Any) -> None:
        state = view.get("state") if isinstance(view, dict) else None
        values = state.get("values") if isinstance(state, dict) else None
        self._values: dict[str, Any] = values if isinstance(values, dict) else {}
        self.errors: dict[str, str] = {}

    def has(self, block_id: str) -> bool:
        """Whether the submitted form holds this input at all."""
        return block_id in self._values

    def element(self, block_id: str) -> dict[str, Any]:
        block = self._values.get(block_id)
        element = block.get(block_id) if isinstance(block, dict) else None
        return element if isinstance(element, dict) else {}

    def text(self, block_id: str, *, label: str, required: bool = True, max_length: int) -> str:
        """A plain-text input, stripped; records an error if required and empty, or too long."""
        value = self.element(block_id).get("value")
        text = value.strip() if isinstance(value, str) else ""
        if required and not text:
            self.errors[block_id] = f"Please fill in {label}."
        elif len(text) > max_length:
            self.errors[block_id] = f"Keep {label} to {max_length} characters (it has {len(text)})."
        return text

    def choice(self, block_id: str, allowed: type[E], *, label: str) -> E | None:
        """A static select's value, converted to the enum `allowed`; records an error if invalid."""
        option = self.element(block_id).get("selected_option")
        value = option.get("value") if isinstance(option, dict) else None
        try:
            return allowed(value)
        except (ValueError, TypeError):
            self.errors[block_id] = f"Please choose {label}."
            return None

    def choices_single(self, block_id: str) -> str | None:
        """A static select's raw value (None when nothing valid is selected)."""
        option = self.element(block_id).get("selected_option")
        value = mapping(option).get("value")
        return value if isinstance(value, str) else None

    def choices(self, block_id: str) -> list[str]:
        """A multi-select's values (strings only)."""
        options = self.element(block_id).get("selected_options")
        if not isinstance(options, list):
            return []
        values = (mapping(option).get("value") for option in options)
        return [value for value in values if isinstance(value, str)]

    def user(self, block_id: str, *, label: str) -> str:
        """A users_select's user; records an error if missing or malformed."""
        user = self.element(block_id).get("selected_user")
        if not isinstance(user, str) or not USER_ID.match(user):
            self.errors[block_id] = f"Please choose {label}."
            return ""
        return user

    def users(self, block_id: str, *, label: str, limit: int = 500) -> tuple[str, ...]:
        """A multi_users_select's users, each once; records an error on malformed ids."""
        users = self.element(block_id).get("selected_users")
        if users is None:
            return ()
        if not isinstance(users, list) or not all(
            isinstance(user, str) and USER_ID.match(user) for user in users
        ):
            self.errors[block_id] = f"Please choose {label} again."
            return ()
        if len(users) > limit:
            self.errors[block_id] = f"Choose at most {limit} {label}."
        return tuple(dict.fromkeys(users))

    def raise_errors(self) -> None:
        """Raise FormErrors if any field was bad."""
        if self.errors:
            raise FormErrors(dict(self.errors))


def mapping(value: Any) -> dict[str, Any]:
    """`value` if it is a JSON object, else an empty one (forged payloads can hold anything)."""
    return value if isinstance(value, dict) else {}


def read_metadata(view: Any) -> dict[str, Any]:
    """The view's private_metadata as a dict ({} if missing, oversized or not our JSON)."""
    raw = view.get("private_metadata") if isinstance(view, dict) else None
    if not isinstance(raw, str) or not raw or len(raw) > METADATA_MAX:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def read_id(value: Any) -> int | None:
    """A positive database id from a button value or metadata (None if it can't be one)."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        value = int(value)
    if type(value) is not int or not 0 < value <= ID_MAX:
        return None
    return value


def channel_or_none(value: Any) -> str | None:
    """A channel id if `value` looks like one."""
    return value if isinstance(value, str) and CHANNEL_ID.match(value) else None


def read_timestamp(
    form: FormReader, block_id: str, *, label: str, required: bool = True
) -> datetime | None:
    """A datetimepicker's moment (UTC); records an error if malformed, or missing and required."""
    value = form.element(block_id).get("selected_date_time")
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**33:
        return datetime.fromtimestamp(value, tz=UTC)
    if value is None and not required:
        return None
    form.errors[block_id] = f"Please choose {label}."
    return None
