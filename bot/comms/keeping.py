"""Keeping promises to customers: recording them, reminding before they fall due, breaches."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.comms.effects import Effect
from bot.comms.model import CommsStatus, CustomerUpdate, UpdateStatus
from bot.comms.ports import CommsUnit, CommsUnitFactory, latest
from bot.comms.promises import (
    NOTE_MAX,
    REMIND_BEFORE,
    CustomerItem,
    ItemKind,
    Promise,
    PromiseKind,
)
from bot.comms.script_service import script_standing
from bot.crisis.decisions import Decision, TimelineEvent, TimelineKind
from bot.crisis.impact import Direction
from bot.crisis.model import Crisis
from bot.errors import FormErrors, NotAllowed, NotFound

logger = logging.getLogger(__name__)

ITEM_KINDS = {
    Direction.POSITIVE: ItemKind.TELL,
    Direction.NEGATIVE: ItemKind.MITIGATE,
    Direction.MIXED: ItemKind.MITIGATE,
}


@dataclass(frozen=True)
class PromiseOverview:
    """Everything promised in a crisis and what decisions owe customers, as of `now`."""

    crisis: Crisis
    promises: list[Promise]
    items: list[CustomerItem]
    now: datetime

    @property
    def next_update_by(self) -> datetime | None:
        """The open next-update promise's due time."""
        return next_update_by(self.promises)


def next_update_by(promises: list[Promise]) -> datetime | None:
    """When the next update is promised (the latest open next-update promise)."""
    open_ = [p for p in promises if p.kind is PromiseKind.NEXT_UPDATE and p.kept_at is None]
    return max((p.due_at for p in open_), default=None)


class CustomerPromises:
    """Promises and items: recorded inside the changes that make them, watched on a poll."""

    def __init__(self, *, units: CommsUnitFactory, clock: Clock) -> None:
        self._units = units
        self._clock = clock

    def decision_recorded(self, unit: CommsUnit, crisis: Crisis, decision: Decision) -> None:
        """A highlight owes customers telling, a mitigation owes them doing; the decider owns it."""
        kind = ITEM_KINDS.get(decision.assessment.direction)
        text = decision.assessment.follow_up
        if kind is None or not text:
            return
        unit.promises.add_item(
            crisis.id,
            kind,
            decision_id=decision.id,
            text=text,
            owner_id=decision.decided_by,
            at=self._clock(),
        )

    def eta_promised(self, unit: CommsUnit, crisis: Crisis, eta: datetime, by: str) -> None:
        """Fix's "fix time we promise customers" is a promise."""
        unit.promises.add_promise(
            crisis.id, PromiseKind.FIX_ETA, due_at=eta, made_at=self._clock(), made_by=by
        )

    def update_approved(self, unit: CommsUnit, crisis: Crisis, update: CustomerUpdate) -> None:
        """An approved update keeps the open next-update promises, makes its own, and tells
        the items it includes."""
        now = self._clock()
        for kept in unit.promises.keep(crisis.id, PromiseKind.NEXT_UPDATE, at=now):
            lateness = kept.lateness(now)
            if lateness is not None:
                unit.timeline.record(
                    crisis.id,
                    TimelineEvent(
                        at=now,
                        kind=TimelineKind.PROMISE_KEPT_LATE,
                        actor_id=update.decided_by or update.author_id,
                        from_value=kept.due_at.isoformat(),
                        to_value=now.isoformat(),
                    ),
                )
        unit.promises.add_promise(
            crisis.id,
            PromiseKind.NEXT_UPDATE,
            due_at=update.next_update_at,
            made_at=now,
            made_by=update.author_id,
            update_id=update.id,
        )
        for item_id in update.item_ids:
            unit.promises.complete_item(
                item_id, at=now, by=update.author_id, note=None, update_id=update.id
            )

    def crisis_resolved(self, unit: CommsUnit, crisis: Crisis) -> None:
        """Resolution keeps (or keeps late) the fix time promised to customers."""
        unit.promises.keep(crisis.id, PromiseKind.FIX_ETA, at=self._clock())

    def overview(self, crisis: Crisis) -> PromiseOverview:
        """The crisis's promises and items, for the promises list."""
        with self._units(write=False) as unit:
            promises = unit.promises.promises(crisis.id)
            items = unit.promises.items(crisis.id)
        return PromiseOverview(crisis, promises, items, self._clock())

    def open_items(self, crisis_id: int, kind: ItemKind) -> list[CustomerItem]:
        """The crisis's items of this kind not done yet."""
        with self._units(write=False) as unit:
            return [i for i in unit.promises.items(crisis_id) if i.kind is kind and not i.done]

    def item(self, item_id: int) -> CustomerItem:
        """One item, or NotFound."""
        with self._units(write=False) as unit:
            item = unit.promises.get_item(item_id)
        if item is None:
            raise NotFound("That item no longer exists.")
        return item

    def change_item(
        self,
        crisis: Crisis,
        item_id: int,
        *,
        actor: str,
        owner_id: str,
        due_at: datetime | None,
        note: str,
    ) -> CustomerItem:
        """Reassign it, set its due time, or mark it done with a note (its owner or the lead)."""
        now = self._clock()
        with self._units() as unit:
            item = unit.promises.get_item(item_id)
            if item is None or item.crisis_id != crisis.id:
                raise NotFound("That item no longer exists.")
            if actor not in (item.owner_id, crisis.lead_id):
                raise NotAllowed("Only the item's owner or the crisis lead can change it.")
            problems = {}
            if due_at is not None and due_at <= now and due_at != item.due_at:
                problems["item_due"] = "Choose a due time in the future."
            if len(note) > NOTE_MAX:
                problems["item_note"] = f"Keep the note to {NOTE_MAX} characters."
            if problems:
                raise FormErrors(problems)
            unit.promises.change_item(item_id, owner_id=owner_id, due_at=due_at)
            if note and not item.done:
                unit.promises.complete_item(item_id, at=now, by=actor, note=note, update_id=None)
                unit.timeline.record(
                    crisis.id,
                    TimelineEvent(
                        at=now,
                        kind=TimelineKind.ITEM_DONE,
                        actor_id=actor,
                        subject=item.text,
                        to_value=item.kind.value,
                    ),
                )
            unit.commit()
            changed = unit.promises.get_item(item_id)
        assert changed is not None
        return changed

    def run_once(self) -> int:
        """Remind owners before promises and items fall due; record and show breaches.
        How many messages are owed (each is sent once by the comms deliveries)."""
        now = self._clock()
        owed = 0
        with self._units() as unit:
            for promise in unit.promises.unreminded(due_before=now + REMIND_BEFORE):
                # Past due already: the breach says so; no "due soon" after the fact.
                if unit.promises.mark_reminded(promise.id, at=now) and promise.due_at > now:
                    unit.comms.owe(promise.crisis_id, Effect.REMIND_PROMISE, promise.id, at=now)
                    owed += 1
            for promise in unit.promises.unbreached(due_before=now):
                if unit.promises.mark_breached(promise.id, at=now):
                    self._breached(unit, promise, now)
                    owed += 1
            for item, due in self._items_due(unit, now):
                unit.comms.owe(
                    item.crisis_id, Effect.REMIND_ITEM, item.id, at=now, due=due.isoformat()
                )
                owed += 1
            unit.commit()
        return owed

    def _breached(self, unit: CommsUnit, promise: Promise, now: datetime) -> None:
        unit.timeline.record(
            promise.crisis_id,
            TimelineEvent(
                at=now,
                kind=TimelineKind.PROMISE_BREACHED,
                actor_id=promise.made_by,
                from_value=promise.due_at.isoformat(),
            ),
        )
        unit.comms.owe(promise.crisis_id, Effect.PROMISE_BREACHED, promise.id, at=now)
        unit.comms.owe(promise.crisis_id, Effect.REDRAW_BOARD, promise.crisis_id, at=now)

    def _items_due(self, unit: CommsUnit, now: datetime) -> list[tuple[CustomerItem, datetime]]:
        due_items: list[tuple[CustomerItem, datetime]] = []
        promised: dict[int, datetime | None] = {}
        for item in unit.promises.open_items():
            if item.crisis_id not in promised:
                promised[item.crisis_id] = next_update_by(unit.promises.promises(item.crisis_id))
            due = item.due(promised[item.crisis_id])
            due_soon = due is not None and due - REMIND_BEFORE <= now
            if due is not None and due_soon and unit.promises.mark_item_reminded(item.id, at=now):
                due_items.append((item, due))
        return due_items


def customers_told(units: CommsUnitFactory, crisis_id: int) -> CommsStatus:
    """When the crisis's customers were last told, the next update promised them, and since
    when that promise is overdue (once its breach was recorded)."""
    with units(write=False) as unit:
        told = latest(unit.comms.versions(crisis_id), UpdateStatus.APPROVED)
        promises = unit.promises.promises(crisis_id)
        crisis = unit.crises.get(crisis_id)
        version, stale = script_standing(unit, crisis) if crisis else (None, ())
    overdue = [
        p.due_at
        for p in promises
        if p.kind is PromiseKind.NEXT_UPDATE and p.kept_at is None and p.breached_at
    ]
    return CommsStatus(
        last_told_at=told.decided_at if told else None,
        next_update_by=next_update_by(promises),
        overdue_since=min(overdue, default=None),
        script_version=version,
        script_stale=stale,
    )
