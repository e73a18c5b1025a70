"""The listeners' thread pool, able to wait until the work already accepted is finished."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class DrainableExecutor(ThreadPoolExecutor):
    """A ThreadPoolExecutor that knows how many tasks are in flight (for graceful shutdown)."""

    def __init__(self, max_workers: int, thread_name_prefix: str) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
        self._in_flight = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        with self._idle:
            self._in_flight += 1
        # The task sees the submitter's context (which workspace is being served, for one).
        context = contextvars.copy_context()

        def in_context() -> T:
            return context.run(fn, *args, **kwargs)

        future = super().submit(in_context)
        future.add_done_callback(self._task_done)
        return future

    def _task_done(self, _future: Future[Any]) -> None:
        with self._idle:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._idle.notify_all()

    @property
    def in_flight(self) -> int:
        """Tasks submitted and not finished yet."""
        with self._idle:
            return self._in_flight

    def drain(self, timeout: float) -> bool:
        """Wait until no task is running or queued; False if `timeout` seconds passed first."""
        with self._idle:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout=timeout)
