"""Publishing Home tabs: now (the person opened it) or soon (something changed for them)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.home.service import PersonalHomes
from handlers.executor import DrainableExecutor
from handlers.home.blocks import build_home_view
from handlers.workspaces import acting_for

logger = logging.getLogger(__name__)

# A burst of changes for one person (a busy crisis; a lead of many) is drawn once, after it.
DEBOUNCE_SECONDS = 2.0


class SlackHomeRefresher:
    """Redraws Homes off the ack path; a person already waiting for a redraw is not queued twice.

    A redraw waits `debounce` seconds before it reads anything, and requests for the same
    person meanwhile join it: a burst of changes costs one `views.publish` of the state after
    the burst. (A Home is derived state: a redraw lost to a restart is made on the next visit.)
    """

    def __init__(
        self,
        *,
        homes: PersonalHomes,
        client: WebClient,
        executor: DrainableExecutor,
        sleep: Callable[[float], None] = time.sleep,
        debounce: float = DEBOUNCE_SECONDS,
    ) -> None:
        self._homes = homes
        self._client = client
        self._executor = executor
        self._sleep = sleep
        self._debounce = debounce
        self._waiting: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def refresh(self, team_id: str, user_ids: Iterable[str]) -> None:
        """Schedule a redraw of these people's Homes; repeated requests are coalesced."""
        for user_id in user_ids:
            key = (team_id, user_id)
            with self._lock:
                if key in self._waiting:
                    continue
                self._waiting.add(key)
            self._executor.submit(self._redraw, key)

    def publish(self, team_id: str, user_id: str) -> None:
        """Draw one person's Home and publish it now."""
        view = build_home_view(self._homes.home_for(team_id, user_id))
        self._client.views_publish(user_id=user_id, view=view)

    def _redraw(self, key: tuple[str, str]) -> None:
        if self._debounce > 0:
            self._sleep(self._debounce)
        # Leave the waiting set first: a change from now on needs a redraw after this one.
        with self._lock:
            self._waiting.discard(key)
        try:
            with acting_for(key[0]):
                self.publish(*key)
        except (SlackClientError, OSError) as error:
            # Nobody is waiting on a background redraw; the next change or visit redraws it.
            logger.warning("could not refresh the Home of %s in %s: %s", key[1], key[0], error)
        except Exception:
            # An executor would keep this error in a Future nobody reads: log it instead.
            logger.exception("refreshing the Home of %s in %s failed", key[1], key[0])
