"""Work that follows an ack, kept off the listener threads so they stay free to acknowledge."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future

from handlers.errors import message_for
from handlers.executor import DrainableExecutor
from handlers.outbound import SlackTeller


class Background:
    """Runs slow follow-up work (channel creation, posting cards); failures reach the person."""

    def __init__(self, executor: DrainableExecutor, slack: SlackTeller) -> None:
        self._executor = executor
        self._slack = slack

    def run(
        self, work: Callable[[], object], *, user_id: str, channel_id: str | None
    ) -> Future[None]:
        """Do `work` soon; if it fails, tell `user_id` what happened (ephemeral, else DM)."""

        def task() -> None:
            try:
                work()
            except Exception as error:
                self._slack.tell(user_id, message_for(error), channel_id=channel_id)

        return self._executor.submit(task)
