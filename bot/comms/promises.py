"""Promises to customers (every time we told them) and the follow-ups decisions owe them."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.crisis.model import Crisis, CrisisStatus
from bot.crisis.review_record import PromiseScore

NOTE_MAX = 1000
REMIND_BEFORE = timedelta(minutes=15)


class PromiseKind(StrEnum):
    """What was promised: the next update (each update's), or the fix time (Fix's)."""

    NEXT_UPDATE = "next_update"
    FIX_ETA = "fix_eta"


class PromiseState(StrEnum):
    """How a promise stands: open, overdue (breached, still open), kept, late or broken."""

    OPEN = "open"
    OVERDUE = "overdue"
    KEPT = "kept"
    LATE = "late"
    BROKEN = "broken"


@dataclass(frozen=True)
class Promise:
    """A time told to customers."""

    id: int
    crisis_id: int
    kind: PromiseKind
    due_at: datetime
    made_at: datetime
    made_by: str
    update_id: int | None = None  # the update that made it (next-update promises)
    kept_at: datetime | None = None
    breached_at: datetime | None = None

    def state(self, crisis: Crisis, now: datetime) -> PromiseState:
        """Kept or late once fulfilled; overdue while open past due; broken if the crisis
        was closed past its due time without keeping it."""
        if self.kept_at is not None:
            return PromiseState.KEPT if self.kept_at <= self.due_at else PromiseState.LATE
        if now <= self.due_at:
            return PromiseState.OPEN
        if crisis.status is not CrisisStatus.OPEN and self.kind is PromiseKind.NEXT_UPDATE:
            return PromiseState.BROKEN
        return PromiseState.OVERDUE

    def lateness(self, now: datetime) -> timedelta | None:
        """How late it was kept, or is so far (None when on time)."""
        end = self.kept_at or now
        return end - self.due_at if end > self.due_at else None


class ItemKind(StrEnum):
    """What a decision owes customers: telling them a positive, mitigating a negative."""

    TELL = "tell"
    MITIGATE = "mitigate"

    @property
    def label(self) -> str:
        """How the kind reads in lists."""
        return "Tell customers" if self is ItemKind.TELL else "Mitigate"


@dataclass(frozen=True)
class CustomerItem:
    """A "tell customers" or "mitigate" item: owned, due, done with a note or an update."""

    id: int
    crisis_id: int
    kind: ItemKind
    decision_id: int
    text: str
    owner_id: str
    created_at: datetime
    due_at: datetime | None = None  # None: by the next promised update
    done_at: datetime | None = None
    done_by: str | None = None
    done_note: str | None = None
    done_update_id: int | None = None

    @property
    def done(self) -> bool:
        """True once told in an approved update, or marked done by its owner."""
        return self.done_at is not None

    def due(self, next_update_by: datetime | None) -> datetime | None:
        """Its own due time, or else the next update promised to customers."""
        return self.due_at or next_update_by


def score(
    crisis: Crisis, promises: Sequence[Promise], items: Sequence[CustomerItem], now: datetime
) -> PromiseScore:
    """Count kept, late and broken promises, lateness, the ETA's accuracy, and items done."""
    states = [p.state(crisis, now) for p in promises]
    late = [
        lateness
        for p, state in zip(promises, states, strict=True)
        if state is PromiseState.LATE and (lateness := p.lateness(now)) is not None
    ]
    eta = next((p for p in promises if p.kind is PromiseKind.FIX_ETA), None)
    return PromiseScore(
        kept=states.count(PromiseState.KEPT),
        late=len(late),
        broken=states.count(PromiseState.BROKEN),
        open=states.count(PromiseState.OPEN) + states.count(PromiseState.OVERDUE),
        median_lateness=_median(late),
        worst_lateness=max(late, default=None),
        eta_promised=eta.due_at if eta else None,
        eta_error=(crisis.resolved_at - eta.due_at) if eta and crisis.resolved_at else None,
        highlights=_done(items, ItemKind.TELL),
        mitigations=_done(items, ItemKind.MITIGATE),
    )


def _done(items: Sequence[CustomerItem], kind: ItemKind) -> tuple[int, int]:
    chosen = [item for item in items if item.kind is kind]
    return sum(item.done for item in chosen), len(chosen)


def _median(values: Sequence[timedelta]) -> timedelta | None:
    if not values:
        return None
    return timedelta(seconds=statistics.median(v.total_seconds() for v in values))
