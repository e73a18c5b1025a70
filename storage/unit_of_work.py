"""One database transaction, exposing the repositories the services use."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlmodel import Session

from storage.crises import SqlCrisisRepository, SqlTimelineRepository
from storage.db import writer
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

    def __init__(self, engine: Engine) -> None:
        self._engine = writer(engine)

    def __enter__(self) -> Self:
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
        self.session.close()

    def commit(self) -> None:
        """Make everything done in this unit permanent."""
        self.session.commit()


class SqlUnitOfWorkFactory:
    """Opens units of work on one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine)
