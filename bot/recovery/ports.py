"""The unit of work the trust use cases open: the whole unit plus the trust tables."""

from __future__ import annotations

from typing import Protocol

from bot.response.ports import UnitOfWork
from bot.trust.ports import TrustUnit


class RecoveryUnitOfWork(UnitOfWork, TrustUnit, Protocol):
    """One transaction over every repository and the trust tables."""


class RecoveryUnits(Protocol):
    """Opens a unit of work with the trust tables; `write=False` only reads."""

    def __call__(self, *, write: bool = True) -> RecoveryUnitOfWork: ...
