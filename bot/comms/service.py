"""Telling customers: draft an update, send it for approval, approve or send back, publish."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.comms.effects import Effect
from bot.comms.holding import holding_draft
from bot.comms.keeping import CustomerPromises, customers_told
from bot.comms.model import (
    CommsEvent,
    CommsSettings,
    CommsStatus,
    CustomerUpdate,
    UpdateDraft,
    UpdateStatus,
)
from bot.comms.ports import CommsUnit, CommsUnitFactory, latest
from bot.comms.promises import ItemKind
from bot.comms.rules import ITEMS, approval_refusal, draft_problems
from bot.comms.script_service import CallScripts
from bot.crisis.decisions import TimelineEvent, TimelineKind
from bot.crisis.model import Crisis
from bot.crisis.playbook import Playbook
from bot.errors import AlreadyDone, FormErrors, NotAllowed, NotFound


@dataclass(frozen=True)
class Decided:
    """An update version that was just approved or sent back, and its crisis."""

    crisis: Crisis
    update: CustomerUpdate


class CustomerUpdates:
    """Customer updates: each change is one transaction, with the side effects it owes."""

    def __init__(
        self,
        *,
        units: CommsUnitFactory,
        playbook: Playbook,
        clock: Clock,
        settings: CommsSettings,
        promises: CustomerPromises,
        scripts: CallScripts | None = None,
    ) -> None:
        self._promises = promises
        self._scripts = scripts
        self._units = units
        self._playbook = playbook
        self._clock = clock
        self.settings = settings

    def save_draft(self, draft: UpdateDraft) -> CustomerUpdate:
        """Check the draft (FormErrors name each field) and keep it for its preview."""
        with self._units() as unit:
            crisis = self._crisis(unit, draft.crisis_id)
            number = None
            if draft.revises is not None:
                number = self._revisable(unit, crisis, draft.revises).number
            cadence = self._playbook.status_update_every[crisis.severity]
            problems = draft_problems(
                draft, now=self._clock(), cadence=cadence, avoid=self._playbook.avoid_words
            )
            told = {i.id for i in unit.promises.items(crisis.id) if i.kind is ItemKind.TELL}
            if not set(draft.item_ids) <= told:
                problems[ITEMS] = "Some of those items no longer exist; choose again."
            if problems:
                raise FormErrors(problems)
            saved = unit.comms.add_draft(draft, at=self._clock(), number=number)
            unit.commit()
        return saved

    def send_for_approval(self, update_id: int, *, actor: str) -> Decided | None:
        """Number the draft and ask for approval; None if it was already sent (a repeat)."""
        with self._units() as unit:
            update = self._update(unit, update_id)
            crisis = self._crisis(unit, update.crisis_id)
            if update.author_id != actor:
                raise NotAllowed("Only the update's author can send it for approval.")
            number = update.number
            if update.revises is not None:
                number = self._revisable(unit, crisis, update.revises).number
            number = number or unit.comms.next_number(crisis.id)
            moved = unit.comms.move(
                update_id,
                from_status=UpdateStatus.DRAFT,
                to_status=UpdateStatus.PENDING,
                at=self._clock(),
                number=number,
                version=unit.comms.next_version(crisis.id, number),
            )
            if not moved:
                return None
            self._log(unit, crisis.id, actor, TimelineKind.UPDATE_SENT, update_id)
            unit.comms.owe(crisis.id, Effect.REQUEST_UPDATE_APPROVAL, update_id, at=self._clock())
            unit.commit()
            return Decided(crisis, self._update(unit, update_id))

    def holding_statement(self, crisis_id: int, *, actor: str) -> Decided:
        """One click: an honest holding statement from the last approved update, sent for
        approval like any update (we are still working on it; what we know; next update)."""
        now = self._clock()
        with self._units() as unit:
            crisis = self._crisis(unit, crisis_id)
            last = latest(unit.comms.versions(crisis.id), UpdateStatus.APPROVED)
            cadence = self._playbook.status_update_every[crisis.severity]
            draft = holding_draft(crisis, last, author=actor, next_update_at=now + cadence)
            saved = unit.comms.add_draft(draft, at=now, number=None)
            number = unit.comms.next_number(crisis.id)
            unit.comms.move(
                saved.id,
                from_status=UpdateStatus.DRAFT,
                to_status=UpdateStatus.PENDING,
                at=now,
                number=number,
                version=1,
            )
            self._log(unit, crisis.id, actor, TimelineKind.UPDATE_SENT, saved.id)
            unit.comms.owe(crisis.id, Effect.REQUEST_UPDATE_APPROVAL, saved.id, at=now)
            unit.commit()
            return Decided(crisis, self._update(unit, saved.id))

    def approve(self, update_id: int, *, actor: str) -> Decided | None:
        """Approve and publish (approvers only); None if this click came after the decision."""
        return self._decide(update_id, actor=actor, to=UpdateStatus.APPROVED, reason=None)

    def request_changes(self, update_id: int, *, actor: str, reason: str) -> Decided | None:
        """Send the version back to its author with a reason (approvers only)."""
        return self._decide(
            update_id, actor=actor, to=UpdateStatus.CHANGES_REQUESTED, reason=reason
        )

    def check_approver(self, update_id: int, *, actor: str) -> CustomerUpdate:
        """The pending version, if `actor` may decide on it; NotAllowed or AlreadyDone if not."""
        with self._units(write=False) as unit:
            update = self._update(unit, update_id)
            crisis = self._crisis(unit, update.crisis_id)
        self._require_pending(update)
        refusal = approval_refusal(crisis, update.author_id, actor, self.settings.approvers)
        if refusal:
            raise refusal
        return update

    def version(self, update_id: int, *, crisis_id: int | None = None) -> CustomerUpdate:
        """One stored version (of `crisis_id`, when given), or NotFound."""
        with self._units(write=False) as unit:
            update = self._update(unit, update_id)
        if crisis_id is not None and update.crisis_id != crisis_id:
            raise NotFound("That customer update no longer exists.")
        return update

    def revisable(self, update_id: int) -> CustomerUpdate:
        """A version sent back for changes whose update is not approved yet."""
        with self._units(write=False) as unit:
            update = self._update(unit, update_id)
            return self._revisable(unit, self._crisis(unit, update.crisis_id), update_id)

    def status(self, crisis_id: int) -> CommsStatus:
        """When customers were last told, and the next update promised."""
        return customers_told(self._units, crisis_id)

    def crisis_resolved(self, unit: CommsUnit, crisis: Crisis) -> None:
        """Inside the resolution's transaction: the fix promise is kept (or late), and the
        receiver is owed a crisis.resolved event."""
        self._promises.crisis_resolved(unit, crisis)
        if self.settings.webhooks:
            unit.comms.owe(
                crisis.id,
                Effect.WEBHOOK,
                crisis.id,
                at=self._clock(),
                event=CommsEvent.CRISIS_RESOLVED.value,
            )

    def _decide(
        self, update_id: int, *, actor: str, to: UpdateStatus, reason: str | None
    ) -> Decided | None:
        now = self._clock()
        with self._units() as unit:
            update = self._update(unit, update_id)
            crisis = self._crisis(unit, update.crisis_id)
            if update.status is not UpdateStatus.PENDING:
                return None
            refusal = approval_refusal(crisis, update.author_id, actor, self.settings.approvers)
            if refusal:
                raise refusal
            if not unit.comms.move(
                update_id,
                from_status=UpdateStatus.PENDING,
                to_status=to,
                at=now,
                by=actor,
                reason=reason,
            ):
                return None  # a second click raced the first: the first one publishes
            kind = (
                TimelineKind.UPDATE_PUBLISHED
                if to is UpdateStatus.APPROVED
                else TimelineKind.UPDATE_RETURNED
            )
            self._log(unit, crisis.id, actor, kind, update_id)
            unit.comms.owe(crisis.id, Effect.SHOW_UPDATE_DECISION, update_id, at=now)
            if to is UpdateStatus.APPROVED:
                self._published(unit, crisis, self._update(unit, update_id))
            else:
                unit.comms.owe(crisis.id, Effect.RETURN_UPDATE, update_id, at=now)
            unit.commit()
            return Decided(self._crisis(unit, crisis.id), self._update(unit, update_id))

    def _published(self, unit: CommsUnit, crisis: Crisis, update: CustomerUpdate) -> None:
        """What an approval owes: the promise it makes, the support team's copy, the board,
        the webhook event, and a new call-centre script (agents say what customers were told)."""
        now = self._clock()
        self._promises.update_approved(unit, crisis, update)
        if self.settings.customer_channel:
            unit.comms.owe(crisis.id, Effect.PUBLISH_UPDATE, update.id, at=now)
        unit.comms.owe(crisis.id, Effect.REDRAW_BOARD, crisis.id, at=now)
        if self.settings.webhooks:
            unit.comms.owe(
                crisis.id,
                Effect.WEBHOOK,
                update.id,
                at=now,
                event=CommsEvent.UPDATE_PUBLISHED.value,
            )
        if self._scripts is not None:
            self._scripts.draft_in(unit, crisis, author=update.author_id)

    def _revisable(self, unit: CommsUnit, crisis: Crisis, update_id: int) -> CustomerUpdate:
        source = self._update(unit, update_id)
        if source.crisis_id != crisis.id:
            raise NotFound("That customer update no longer exists.")
        siblings = [u for u in unit.comms.versions(crisis.id) if u.number == source.number]
        if any(u.status is UpdateStatus.APPROVED for u in siblings):
            raise AlreadyDone(
                f"Update #{source.number} was approved and published; it can't change. "
                "Write a new update instead."
            )
        if source.status is not UpdateStatus.CHANGES_REQUESTED:
            raise AlreadyDone("Only an update sent back for changes can be revised.")
        return source

    def _require_pending(self, update: CustomerUpdate) -> None:
        if update.status is UpdateStatus.APPROVED:
            raise AlreadyDone("This update was already approved and published.")
        if update.status is not UpdateStatus.PENDING:
            raise AlreadyDone("This update is no longer waiting for approval.")

    def _log(
        self, unit: CommsUnit, crisis_id: int, actor: str, kind: TimelineKind, update_id: int
    ) -> None:
        update = self._update(unit, update_id)
        unit.timeline.record(
            crisis_id,
            TimelineEvent(
                at=self._clock(),
                kind=kind,
                actor_id=actor,
                subject=str(update.number),
                to_value=str(update.version),
            ),
        )

    @staticmethod
    def _crisis(unit: CommsUnit, crisis_id: int) -> Crisis:
        crisis = unit.crises.get(crisis_id)
        if crisis is None:
            raise NotFound("That crisis no longer exists.")
        return crisis

    @staticmethod
    def _update(unit: CommsUnit, update_id: int) -> CustomerUpdate:
        update = unit.comms.get(update_id)
        if update is None:
            raise NotFound("That customer update no longer exists.")
        return update
