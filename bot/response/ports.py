"""The whole unit of work the use cases open: every capability's unit in one transaction."""

from __future__ import annotations

from typing import Protocol

from bot.comms.ports import CommsUnit


class UnitOfWork(CommsUnit, Protocol):
    """One transaction over every repository; the service that opens it decides when to commit."""


class UnitOfWorkFactory(Protocol):
    """Opens a new unit of work; `write=False` for one that only reads (never blocks writers)."""

    def __call__(self, *, write: bool = True) -> UnitOfWork: ...
