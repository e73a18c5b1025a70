"""Slack failures, translated into words a person in a crisis can act on."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.errors import SlackCallFailed

_REASONS = {
    "ratelimited": "Slack is rate-limiting the app right now; try again in a minute",
    "restricted_action": "this workspace's settings don't let the app do that",
    "not_in_channel": "the app isn't a member of that channel",
    "channel_not_found": "Slack can't find that channel",
    "is_archived": "that channel is archived",
    "missing_scope": "the app lacks a permission it needs (reinstall it from manifest.yml)",
    "not_authed": "the app's Slack token is missing",
    "invalid_auth": "the app's Slack token isn't valid",
    "token_revoked": "the app's Slack token was revoked",
    "account_inactive": "the app's Slack token belongs to a deactivated account",
    "user_not_found": "Slack doesn't know one of those people",
    "cant_invite": "Slack won't let one of those people be invited",
    "user_is_restricted": "one of those people is a guest who can't join this channel",
    "message_not_found": "the message is gone",
    "expired_trigger_id": "Slack took too long to open the form; please run the command again",
    "fatal_error": "Slack had an internal error; try again in a minute",
    "internal_error": "Slack had an internal error; try again in a minute",
    "service_unavailable": "Slack is unavailable right now; try again in a minute",
}


def error_code(error: SlackClientError | OSError) -> str:
    """Slack's error code for a failed call ('' if the call never got an answer)."""
    if isinstance(error, SlackApiError) and isinstance(error.response.data, dict):
        return str(error.response.data.get("error", ""))
    return ""


def describe(error: SlackClientError | OSError) -> str:
    """A plain-words reason for a failed Slack call."""
    code = error_code(error)
    if code in _REASONS:
        return _REASONS[code]
    if isinstance(error, SlackApiError) and error.response.status_code >= 500:
        return f"Slack answered with an error (HTTP {error.response.status_code}); try again soon"
    if code:
        return f"Slack said `{code}`"
    return "Slack could not be reached; try again soon"


# Answers that say "not now" rather than "never": worth another try later.
TRANSIENT_CODES = {"ratelimited", "internal_error", "fatal_error", "service_unavailable"}


def failed(action: str, error: SlackClientError | OSError) -> SlackCallFailed:
    """The domain's SlackCallFailed for `action`: transient on 5xx, 429 and network errors."""
    if not isinstance(error, SlackApiError):
        return SlackCallFailed(action, describe(error), transient=True)
    status = error.response.status_code
    retry_after = None
    if status == 429:
        headers = {k.lower(): v for k, v in (error.response.headers or {}).items()}
        retry_after = float(headers.get("retry-after") or 1)
    transient = status >= 500 or status == 429 or error_code(error) in TRANSIENT_CODES
    return SlackCallFailed(action, describe(error), transient=transient, retry_after=retry_after)
