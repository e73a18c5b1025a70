"""Several app processes behind one port (HTTP_PROCESSES): a thin parent and its workers.

The parent binds PORT and builds nothing else (no database engine, no Slack client, no thread:
a fork copies only the thread that calls it). It forks the workers one after another; each
builds its own runtime (engine, scheduler, delivery engine), serves the shared socket, and tells
the parent when it is ready and, when it stops, what it drained. A worker that dies (killed,
crashed) is replaced; one that cannot start stops them all (its own line says why); one stopped
by a signal of its own drains and is not replaced. SIGTERM or SIGINT to the parent stops every
worker, each drains as a single process does, and the parent logs one line. Workers whose
parent was killed outright stop the same way.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from handlers.serving import LOOP_SLICE_SECONDS, StopSignals

logger = logging.getLogger("crisis_desk")
# A worker's own stop is bounded (HTTP answers 5 s, accepted work 20 s); past this it is killed.
STOP_SECONDS = 40.0


class Report:
    """What a worker tells its parent, over a pipe of its own."""

    def __init__(self, pipe: Connection) -> None:
        self._pipe = pipe

    def ready(self) -> None:
        """Listening on the shared port, scheduler running."""
        self._send(("ready", 0, 0))

    def drained(self, finished: int, left: int) -> bool:
        """Stopped: how much of the work in flight finished, and how much was left.

        False when the parent is gone (killed outright) and no one heard it.
        """
        return self._send(("drained", finished, left))

    def _send(self, message: tuple[str, int, int]) -> bool:
        try:
            self._pipe.send(message)
        except OSError:  # the parent is gone: this worker is stopping on its own
            return False
        return True


# Runs in a worker: build a runtime, serve `listening` until `stop`, report through `Report`.
Serve = Callable[[socket.socket, StopSignals, Report], None]


@dataclass
class Worker:
    """One forked app process, as its parent sees it."""

    process: BaseProcess
    inbox: Connection
    ready: bool = False
    drained: tuple[int, int] | None = None

    @property
    def pid(self) -> int:
        return self.process.pid or 0

    def read(self) -> None:
        """Take in whatever the worker has said so far."""
        try:
            while self.inbox.poll():
                what, finished, left = self.inbox.recv()
                if what == "ready":
                    self.ready = True
                else:
                    self.drained = (finished, left)
        except (EOFError, OSError):
            pass


def supervise(count: int, listening: socket.socket, serve: Serve, stop: StopSignals) -> int:
    """Run `count` workers of `serve` on `listening` until `stop`; the exit status."""
    return Supervisor(count, listening, serve, stop).run()


class Supervisor:
    """Starts, watches, replaces and stops the workers."""

    def __init__(
        self, count: int, listening: socket.socket, serve: Serve, stop: StopSignals
    ) -> None:
        self.count = count
        self.listening = listening
        self.serve = serve
        self.stop = stop
        self.workers: list[Worker] = []

    def run(self) -> int:
        """Start the workers one after another, keep them running, stop them on a signal."""
        if threading.active_count() != 1:
            raise RuntimeError("several processes are forked before any thread is started")
        for _ in range(self.count):
            if self.stop.event.is_set():
                break
            if not self._start_one():
                return self._give_up()
        if not self.stop.event.is_set():
            logger.info(
                "Crisis Desk is listening on port %s at /slack/events in %d processes (pids %s)",
                self.listening.getsockname()[1],
                len(self.workers),
                ", ".join(str(w.pid) for w in self.workers),
            )
        while not self.stop.event.is_set() and self.workers:
            wait([w.process.sentinel for w in self.workers], timeout=LOOP_SLICE_SECONDS)
            for worker in [w for w in self.workers if not w.process.is_alive()]:
                if not self._replace(worker):
                    return self._give_up()
        return self._stop_all()

    def _start_one(self) -> bool:
        """Fork a worker and wait until it is ready; False if it ended first."""
        inbox, outbox = multiprocessing.get_context("fork").Pipe(duplex=False)
        # The worker keeps only its own end: with the parent gone, its report finds no reader.
        inherited = [inbox, *(w.inbox for w in self.workers)]
        process = multiprocessing.get_context("fork").Process(
            target=_work,
            args=(self.serve, self.listening, outbox, inherited),
            name="crisis-desk-worker",
        )
        process.start()
        outbox.close()
        worker = Worker(process, inbox)
        self.workers.append(worker)
        while not worker.ready and process.is_alive() and not self.stop.event.is_set():
            wait([inbox, process.sentinel], timeout=LOOP_SLICE_SECONDS)
            worker.read()
        return worker.ready or self.stop.event.is_set()

    def _replace(self, worker: Worker) -> bool:
        """A worker ended while the others serve: replace it unless it was stopped cleanly."""
        process = worker.process
        process.join()
        worker.read()
        worker.inbox.close()
        self.workers.remove(worker)
        if worker.drained is not None:
            logger.info("process %d was stopped by a signal of its own and drained", worker.pid)
            return True
        if not self._start_one():
            logger.error(
                "process %d ended (%s) and its replacement could not start; stopping",
                worker.pid,
                _status(process.exitcode),
            )
            return False
        logger.warning(
            "process %d ended unexpectedly (%s); process %d took its place",
            worker.pid,
            _status(process.exitcode),
            self.workers[-1].pid,
        )
        return True

    def _give_up(self) -> int:
        """The last worker could not start (it said why): stop the others; its exit status."""
        code = self.workers[-1].process.exitcode
        self._terminate()
        return code if code and code > 0 else 1

    def _stop_all(self) -> int:
        """Stop every worker (each drains), then say so in one line."""
        self._terminate()
        reports = [w.drained for w in self.workers if w.drained is not None]
        finished = sum(r[0] for r in reports)
        left = sum(r[1] for r in reports)
        unreported = len(self.workers) - len(reports)
        logger.info(
            "stopped (%s); %d processes drained%s; work in flight: %d finished, %d left unfinished",
            self.stop.name or "stop",
            len(reports),
            f", {unreported} did not report" if unreported else "",
            finished,
            left,
        )
        return 0

    def _terminate(self) -> None:
        """Close the port here, ask every worker to stop, wait for them (bounded)."""
        self.listening.close()
        for worker in self.workers:
            if worker.process.is_alive():
                os.kill(worker.pid, signal.SIGTERM)
        for worker in self.workers:
            worker.process.join(STOP_SECONDS)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.read()


def _work(
    serve: Serve, listening: socket.socket, outbox: Connection, inherited: list[Connection]
) -> None:
    """A worker's life: its own stop signals first, then its own runtime."""
    stop = StopSignals()
    stop.install()
    for pipe in inherited:
        pipe.close()
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(
            target=_stop_with_parent, args=(parent, stop), name="parent-watch", daemon=True
        ).start()
    serve(listening, stop, Report(outbox))


def _stop_with_parent(parent: BaseProcess, stop: StopSignals) -> None:
    """A parent killed outright (SIGKILL) leaves no one to stop its workers: they stop."""
    wait([parent.sentinel])
    stop.name = stop.name or "parent ended"
    stop.event.set()


def _status(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"killed by {signal.Signals(-exitcode).name}"
    return f"exit status {exitcode}"
