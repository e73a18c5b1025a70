"""One database transaction, exposing the repositories the services use."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlmodel import Session

from bot.comms.effects import COMMS_SOURCE
from bot.errors import DatabaseUnavailable
from bot.outbox.model import OUTBOX_SOURCE
from storage.comms import SqlCommsRepository
from storage.crises import SqlCrisisRepository, SqlTimelineRepository
from storage.db import OUTAGES, is_outage, writer, writing
from storage.decisions import SqlDecisionRepository
from storage.outbox import SqlOutboxRepository
from storage.promises import SqlPromiseRepository
from storage.reminders import SqlReminderRepository
from storage.scripts import SqlScriptRepository
from storage.segments import SqlSegmentRepository


class SqlUnitOfWork:
    """A session whose changes last only if the service commits."""

    crises: SqlCrisisRepository
    timeline: SqlTimelineRepository
    decisions: SqlDecisionRepository
    reminders: SqlReminderRepository
    segments: SqlSegmentRepository
    outbox: SqlOutboxRepository
    comms: SqlCommsRepository
    promises: SqlPromiseRepository
    scripts: SqlScriptRepository

    def __init__(
        self,
        engine: Engine,
        *,
        write: bool = True,
        outbox_written: Callable[[frozenset[str]], None] | None = None,
    ) -> None:
        self._engine = writer(engine) if write else engine
        self._turn = writing(engine) if write else nullcontext()
        self._outbox_written = outbox_written

    def __enter__(self) -> Self:
        self._turn.__enter__()
        self.session = Session(self._engine, expire_on_commit=False)
        self.crises = SqlCrisisRepository(self.session)
        self.timeline = SqlTimelineRepository(self.session)
        self.decisions = SqlDecisionRepository(self.session)
        self.reminders = SqlReminderRepository(self.session)
        self.segments = SqlSegmentRepository(self.session)
        self.outbox = SqlOutboxRepository(self.session)
        self.comms = SqlCommsRepository(self.session)
        self.promises = SqlPromiseRepository(self.session)
        self.scripts = SqlScriptRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Whatever was not committed is rolled back by closing.
        try:
            self.session.close()
        finally:
            self._turn.__exit__(exc_type, exc, tb)
        if exc is None:
            OUTAGES.succeeded()
        elif is_outage(exc):
            # The person is told plainly; the log gets one line per outage, not a traceback.
            OUTAGES.failed(exc)
            raise DatabaseUnavailable() from exc

    def commit(self) -> None:
        """Make everything done in this unit permanent; rows it put in the outbox (or the comms
        outbox) go out now: only the sources it wrote to are looked at (a decision writes no
        comms rows, so nothing claims the comms outbox after it)."""
        self.session.commit()
        written = frozenset(
            source
            for source, repository in ((OUTBOX_SOURCE, self.outbox), (COMMS_SOURCE, self.comms))
            if repository.written
        )
        if written and self._outbox_written is not None:
            self.outbox.written = self.comms.written = False
            self._outbox_written(written)


class SqlUnitOfWorkFactory:
    """Opens units of work on one engine."""

    def __init__(
        self, engine: Engine, *, outbox_written: Callable[[frozenset[str]], None] | None = None
    ) -> None:
        self.engine = engine
        # Called after a commit that wrote outbox rows, with the sources it wrote to, so they
        # are delivered at once.
        self.outbox_written = outbox_written

    def __call__(self, *, write: bool = True) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, write=write, outbox_written=self.outbox_written)
