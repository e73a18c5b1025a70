"""Waiting out Slack's short 429s in place, through an injected sleep (tests sleep for nothing)."""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

# Longer waits are not spent holding a thread: the delivery engine retries the row later.
MAX_INLINE_WAIT = 5.0


class WaitingRateLimitHandler(RateLimitErrorRetryHandler):
    """Waits out a short 429 (its Retry-After) through the injected sleep, then tries again."""

    def __init__(self, sleep: Callable[[float], None], max_retry_count: int) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self._sleep = sleep

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return (
            response is not None
            and response.status_code == 429
            and retry_after(response) <= MAX_INLINE_WAIT
        )

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        assert response is not None
        state.next_attempt_requested = True
        self._sleep(retry_after(response))
        state.increment_current_attempt()


def retry_after(response: HttpResponse) -> float:
    """Seconds Slack asked us to wait (1 when it did not say)."""
    for name, values in response.headers.items():
        if name.lower() == "retry-after" and values:
            try:
                return float(values[0])
            except ValueError:
                return 1.0
    return 1.0
