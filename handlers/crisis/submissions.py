"""Who an interaction comes from, and answering a modal submission."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack

from bot.crisis.response import Recorded
from handlers.forms import FormReader, mapping


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


def answer_submission(ack: Ack, form: FormReader, *, record: Callable[[], Recorded | None]) -> None:
    """Keep the modal open with field errors, or record (its cards go out through the outbox)
    and close the modal.

    A refusal from the service propagates before the ack: the one error handler shows it
    under its field (or the form's first input), and the modal stays open.
    """
    if form.errors:
        ack(response_action="errors", errors=form.errors)
        return
    # A repeat (None) was recorded, and published, by the first submission.
    record()
    ack()
