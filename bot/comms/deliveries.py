"""Delivering what telling customers owes: each row claimed with a lease, done exactly once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.comms.effects import (
    COMMS_SOURCE,
    Done,
    Effect,
    EffectClaims,
    EffectMessage,
    EffectSender,
    Owed,
    gives_up,
)
from bot.comms.model import CommsEvent, UpdateStatus
from bot.comms.ports import CommsUnit, CommsUnitFactory
from bot.comms.scripts import CallScript
from bot.delivery.engine import Delivered, Job
from bot.errors import SlackCallFailed

UPDATE_EFFECTS = {
    Effect.REQUEST_UPDATE_APPROVAL,
    Effect.SHOW_UPDATE_DECISION,
    Effect.PUBLISH_UPDATE,
    Effect.RETURN_UPDATE,
}
SCRIPT_EFFECTS = {
    Effect.REQUEST_SCRIPT_APPROVAL,
    Effect.SHOW_SCRIPT_DECISION,
    Effect.UPLOAD_SCRIPT,
    Effect.PIN_SCRIPT,
    Effect.RETURN_SCRIPT,
    Effect.NUDGE_STALE_SCRIPT,
}


class CommsDeliveries:
    """The comms outbox as a source of the one delivery engine (beside the outbox and the
    reminders): claim, deliver, record a failure, renew."""

    name = COMMS_SOURCE
    max_attempts: int | None = None  # each effect says when to give up (gives_up)

    def __init__(
        self, *, claims: EffectClaims, units: CommsUnitFactory, sender: EffectSender, clock: Clock
    ) -> None:
        self._claims = claims
        self._units = units
        self._sender = sender
        self._clock = clock

    def claim(self, *, owner: str, now: datetime, lease: timedelta, limit: int) -> list[Job]:
        """Lease the first due row of up to `limit` queues."""
        owed = self._claims.claim(owner=owner, now=now, lease=lease, limit=limit)
        return [
            Job(
                self.name,
                o.id,
                o.effect.value.replace("_", " "),
                o.crisis_id,
                o.created_at,
                o.attempts,
                o,
            )
            for o in owed
        ]

    def deliver(self, job: Job, *, owner: str, lease: timedelta) -> Delivered | None:
        """Do it once (checking first when an earlier attempt may have done it); None if the
        row is no longer ours."""
        owed: Owed = job.item
        ours, since = self._claims.begin(owed.id, owner=owner, now=self._clock(), lease=lease)
        if not ours:
            return None
        done = self._sender.send(self._message(owed, since))
        with self._units() as unit:
            self._remember(unit, owed, done)
            unit.comms.done(owed.id, at=self._clock())
            unit.commit()
        return Delivered(done.where)

    def failed(
        self, job: Job, failure: SlackCallFailed, *, owner: str, retry_at: datetime | None
    ) -> None:
        """Retry at `retry_at`, or give up (Slack messages after a while, webhooks never)."""
        owed: Owed = job.item
        if gives_up(owed.effect, owed.attempts + 1):
            retry_at = None
        self._claims.failed(
            owed.id, owner=owner, now=self._clock(), error=str(failure), retry_at=retry_at
        )

    def renew(self, ids: Sequence[int], *, owner: str, now: datetime, lease: timedelta) -> None:
        """Extend the leases `owner` still holds."""
        self._claims.renew(ids, owner=owner, now=now, lease=lease)

    def release(self, jobs: Sequence[Job], *, owner: str) -> None:
        """Let go of rows claimed and not started."""
        self._claims.release([job.id for job in jobs], owner=owner)

    def _message(self, owed: Owed, since: datetime | None) -> EffectMessage:
        with self._units(write=False) as unit:
            crisis = unit.crises.get(owed.crisis_id)
            if crisis is None:
                raise SlackCallFailed("tell customers", "the crisis no longer exists")
            update = script = previous = promise = item = None
            event = owed.params.get("event")
            if owed.effect in UPDATE_EFFECTS or event == CommsEvent.UPDATE_PUBLISHED:
                update = unit.comms.get(owed.subject_id)
            if owed.effect in SCRIPT_EFFECTS or event == CommsEvent.SCRIPT_PUBLISHED:
                script = unit.scripts.get(owed.subject_id)
                previous = _previous(unit, owed.crisis_id, script.version if script else None)
            if owed.effect in (Effect.REMIND_PROMISE, Effect.PROMISE_BREACHED):
                promise = next(
                    (p for p in unit.promises.promises(crisis.id) if p.id == owed.subject_id), None
                )
            if owed.effect is Effect.REMIND_ITEM:
                item = unit.promises.get_item(owed.subject_id)
        return EffectMessage(
            owed=owed,
            crisis=crisis,
            in_doubt_since=since,
            update=update,
            script=script,
            previous=previous,
            promise=promise,
            item=item,
        )

    def _remember(self, unit: CommsUnit, owed: Owed, done: Done) -> None:
        if done.ts is None or done.channel_id is None:
            return
        if owed.effect is Effect.REQUEST_UPDATE_APPROVAL:
            unit.comms.set_approval_message(owed.subject_id, channel_id=done.channel_id, ts=done.ts)
        elif owed.effect is Effect.REQUEST_SCRIPT_APPROVAL:
            unit.scripts.set_messages(owed.subject_id, approval=(done.channel_id, done.ts))
        elif owed.effect is Effect.PIN_SCRIPT:
            unit.scripts.set_messages(owed.subject_id, support_ts=done.ts)


def _previous(unit: CommsUnit, crisis_id: int, version: int | None) -> CallScript | None:
    """The approved script this version replaces (its pinned copy is unpinned)."""
    if version is None:
        return None
    older = [
        s
        for s in unit.scripts.versions(crisis_id)
        if s.status is UpdateStatus.APPROVED and (s.version or 0) < version
    ]
    return max(older, key=lambda s: s.version or 0, default=None)
