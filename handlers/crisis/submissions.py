"""Answering a modal submission: field errors in place, or record and close."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import Ack

from bot.response.response import Recorded
from handlers.forms import FormReader


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
