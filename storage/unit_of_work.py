"""One database transaction, exposing the repositories the services use."""

from __future__ import annotations

from contextlib import nullcontext
from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlmodel import Session

from bot.errors import DatabaseUnavailable
from storage.crises import SqlCrisisRepository, SqlTimelineRepository
from storage.db import OUTAGES, is_outage, writer, writing
from storage.decisions import SqlDecisionRepository
from storage.reminders import SqlReminderRepository
from storage.segments import SqlSegmentRepository


class SqlUnitOfWork:
    """A session whose changes last only if the service commits."""

    crises: SqlCrisisRepository
    timeline: SqlTimelineRepository
    decisions: SqlDecisionRepository
    reminders: SqlReminderRepository
    segments: SqlSegmentRepository

    def __init__(self, engine: Engine, *, write: bool = True) -> None:
        self._engine = writer(engine) if write else engine
        self._turn = writing(engine) if write else nullcontext()

    def __enter__(self) -> Self:
        self._turn.__enter__()
        self.session = Session(self._engine, expire_on_commit=False)
        self.crises = SqlCrisisRepository(self.session)
        self.timeline = SqlTimelineRepository(self.session)
        self.decisions = SqlDecisionRepository(self.session)
        self.reminders = SqlReminderRepository(self.session)
        self.segments = SqlSegmentRepository(self.session)
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
        """Make everything done in this unit permanent."""
        self.session.commit()


class SqlUnitOfWorkFactory:
    """Opens units of work on one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __call__(self, *, write: bool = True) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, write=write)
