"""Domain errors: each carries the sentence the person in Slack should read."""

from __future__ import annotations


class CrisisDeskError(Exception):
    """An expected failure with a plain-words message for the person who caused it."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class InvalidInput(CrisisDeskError):
    """A field the person filled in is not acceptable; `field` names it."""

    def __init__(self, field: str, user_message: str) -> None:
        super().__init__(user_message)
        self.field = field


class FormErrors(CrisisDeskError):
    """Several fields are not acceptable at once (field -> message)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class NotACrisisChannel(CrisisDeskError):
    """A crisis subcommand was used outside a crisis channel."""

    def __init__(self) -> None:
        super().__init__("This isn't a crisis channel: run this inside the crisis's channel.")


class NotAllowed(CrisisDeskError):
    """The person may not do this (e.g. only the lead may)."""


class AlreadyDone(CrisisDeskError):
    """Someone else already did this (a step completed twice, a double submission)."""


class DuplicateRequest(Exception):
    """The same request (same idempotency key) was already recorded."""


class NotFound(CrisisDeskError):
    """The thing asked for does not exist (any more)."""


class DatabaseUnavailable(CrisisDeskError):
    """The database could not be reached, so nothing of this request was saved."""

    def __init__(self) -> None:
        super().__init__(
            "The database is unavailable right now, so nothing was saved. "
            "Please try again in a minute."
        )


class ChannelNameTaken(Exception):
    """Slack already has a channel with that name."""


class SlackCallFailed(Exception):
    """A Slack call failed after its retries; `action` and `reason` read well to a person.

    `transient` failures (5xx, 429, network) are worth retrying later, no sooner than
    `retry_after` seconds when Slack said so.
    """

    def __init__(
        self,
        action: str,
        reason: str,
        *,
        transient: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{action}: {reason}")
        self.action = action
        self.reason = reason
        self.transient = transient
        self.retry_after = retry_after
