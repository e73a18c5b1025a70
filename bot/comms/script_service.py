"""Call-centre scripts: drafted from the record, approved, published, kept current."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.comms.effects import Effect
from bot.comms.model import CommsEvent, CommsSettings, UpdateStatus
from bot.comms.ports import CommsUnit, CommsUnitFactory, latest
from bot.comms.rules import approval_refusal
from bot.comms.scripts import (
    PART_MAX,
    CallScript,
    ScriptBasis,
    ScriptPart,
    stale_reasons,
    suggested_parts,
)
from bot.crisis.decisions import DecisionKind, TimelineEvent, TimelineKind
from bot.crisis.facts import FixPlan, Resolution
from bot.crisis.model import Crisis, CrisisStatus
from bot.crisis.playbook import Playbook
from bot.errors import AlreadyDone, FormErrors, NotFound

NUDGE_EVERY = timedelta(minutes=30)


@dataclass(frozen=True)
class ScriptDecided:
    """A script just sent, approved or sent back, and its crisis."""

    crisis: Crisis
    script: CallScript


class CallScripts:
    """Call-centre scripts: each change is one transaction, with the side effects it owes."""

    def __init__(
        self,
        *,
        units: CommsUnitFactory,
        playbook: Playbook,
        clock: Clock,
        settings: CommsSettings,
    ) -> None:
        self._units = units
        self._playbook = playbook
        self._clock = clock
        self._settings = settings

    def suggestion(self, crisis: Crisis) -> dict[ScriptPart, str]:
        """A first draft from the record: the last approved update, promises, compensation."""
        with self._units(write=False) as unit:
            return self._suggest(unit, crisis)

    def _suggest(self, unit: CommsUnit, crisis: Crisis) -> dict[ScriptPart, str]:
        last = latest(unit.comms.versions(crisis.id), UpdateStatus.APPROVED)
        chosen = set(last.segment_ids if last else crisis.segment_ids)
        segments = [s for s in unit.segments.list(crisis.team_id) if s.id in chosen]
        compensation = basis_of(unit, crisis).compensation
        return suggested_parts(
            crisis,
            last=last,
            segments=segments,
            compensation=compensation,
            avoid=self._playbook.avoid_words,
        )

    def submit(self, crisis_id: int, *, author: str, parts: dict[ScriptPart, str]) -> ScriptDecided:
        """Send a script for approval (FormErrors for an empty or oversized part)."""
        problems = {
            part.value: f"Please fill in “{part.label}”: agents need it."
            if not parts.get(part)
            else f"Keep this to {PART_MAX} characters."
            for part in ScriptPart
            if not parts.get(part) or len(parts[part]) > PART_MAX
        }
        if problems:
            raise FormErrors(problems)
        with self._units() as unit:
            crisis = _crisis(unit, crisis_id)
            script = self._add(unit, crisis, author=author, parts=parts)
            unit.commit()
        return ScriptDecided(crisis, script)

    def draft_in(self, unit: CommsUnit, crisis: Crisis, *, author: str) -> CallScript:
        """Inside another change's transaction: the script as the record now suggests it, sent
        for approval (after each approved update)."""
        return self._add(unit, crisis, author=author, parts=self._suggest(unit, crisis))

    def _add(
        self, unit: CommsUnit, crisis: Crisis, *, author: str, parts: dict[ScriptPart, str]
    ) -> CallScript:
        script = unit.scripts.add(
            crisis.id, author_id=author, parts=parts, basis=basis_of(unit, crisis), at=self._clock()
        )
        self._log(unit, crisis.id, author, TimelineKind.SCRIPT_SENT, None)
        unit.comms.owe(crisis.id, Effect.REQUEST_SCRIPT_APPROVAL, script.id, at=self._clock())
        return script

    def check_approver(self, script_id: int, *, actor: str) -> CallScript:
        """The pending script, if `actor` may decide on it."""
        with self._units(write=False) as unit:
            script = _script(unit, script_id)
            crisis = _crisis(unit, script.crisis_id)
        if script.status is not UpdateStatus.PENDING:
            raise AlreadyDone("This script is no longer waiting for approval.")
        refusal = approval_refusal(crisis, script.author_id, actor, self._settings.approvers)
        if refusal:
            raise refusal
        return script

    def approve(self, script_id: int, *, actor: str) -> ScriptDecided | None:
        """Approve and publish as the next version; None if this click came after the decision."""
        return self._decide(script_id, actor=actor, to=UpdateStatus.APPROVED, reason=None)

    def request_changes(self, script_id: int, *, actor: str, reason: str) -> ScriptDecided | None:
        """Send the script back to its author with a reason."""
        return self._decide(
            script_id, actor=actor, to=UpdateStatus.CHANGES_REQUESTED, reason=reason
        )

    def script(self, script_id: int) -> CallScript:
        """One script, or NotFound."""
        with self._units(write=False) as unit:
            return _script(unit, script_id)

    def nudge_stale(self) -> int:
        """Nudge the author and lead of each stale script (every 30 min until a new one is
        approved); how many nudges are owed."""
        now = self._clock()
        nudges = 0
        with self._units() as unit:
            for script in unit.scripts.approved_in_active_crises():
                crisis = _crisis(unit, script.crisis_id)
                reasons = stale_reasons(script, basis_of(unit, crisis))
                if reasons and unit.scripts.mark_nudged(
                    script.id, at=now, unless_since=now - NUDGE_EVERY
                ):
                    unit.comms.owe(
                        crisis.id,
                        Effect.NUDGE_STALE_SCRIPT,
                        script.id,
                        at=now,
                        reasons="; ".join(reasons),
                    )
                    nudges += 1
            unit.commit()
        return nudges

    def _published(self, unit: CommsUnit, crisis: Crisis, script_id: int) -> None:
        """What an approved script owes: its document, its pinned copy for agents (the previous
        one unpinned), the board, and the webhook event."""
        now = self._clock()
        unit.comms.owe(crisis.id, Effect.UPLOAD_SCRIPT, script_id, at=now)
        if self._settings.customer_channel:
            unit.comms.owe(crisis.id, Effect.PIN_SCRIPT, script_id, at=now)
        unit.comms.owe(crisis.id, Effect.REDRAW_BOARD, crisis.id, at=now)
        if self._settings.webhooks:
            unit.comms.owe(
                crisis.id,
                Effect.WEBHOOK,
                script_id,
                at=now,
                event=CommsEvent.SCRIPT_PUBLISHED.value,
            )

    def _log(
        self, unit: CommsUnit, crisis_id: int, actor: str, kind: TimelineKind, version: int | None
    ) -> None:
        unit.timeline.record(
            crisis_id,
            TimelineEvent(
                at=self._clock(),
                kind=kind,
                actor_id=actor,
                to_value=str(version) if version else None,
            ),
        )

    def _decide(
        self, script_id: int, *, actor: str, to: UpdateStatus, reason: str | None
    ) -> ScriptDecided | None:
        now = self._clock()
        with self._units() as unit:
            script = _script(unit, script_id)
            crisis = _crisis(unit, script.crisis_id)
            if script.status is not UpdateStatus.PENDING:
                return None
            refusal = approval_refusal(crisis, script.author_id, actor, self._settings.approvers)
            if refusal:
                raise refusal
            approved = to is UpdateStatus.APPROVED
            version = unit.scripts.next_version(crisis.id) if approved else None
            if not unit.scripts.move(
                script_id, to_status=to, at=now, by=actor, reason=reason, version=version
            ):
                return None
            kind = TimelineKind.SCRIPT_PUBLISHED if approved else TimelineKind.SCRIPT_RETURNED
            self._log(unit, crisis.id, actor, kind, version)
            unit.comms.owe(crisis.id, Effect.SHOW_SCRIPT_DECISION, script_id, at=now)
            if approved:
                self._published(unit, crisis, script_id)
            else:
                unit.comms.owe(crisis.id, Effect.RETURN_SCRIPT, script_id, at=now)
            unit.commit()
            return ScriptDecided(crisis, _script(unit, script_id))


def basis_of(unit: CommsUnit, crisis: Crisis) -> ScriptBasis:
    """The facts a script of this crisis rests on right now."""
    last = latest(unit.comms.versions(crisis.id), UpdateStatus.APPROVED)
    steps, _ = unit.decisions.page(
        crisis.id, offset=0, limit=100, exclude=(DecisionKind.DECISION, DecisionKind.UPDATE)
    )
    # The resolution confirms the compensation; until then Fix's plan holds.
    compensation = ""
    for decision in steps:
        facts = decision.facts
        if not isinstance(facts, FixPlan | Resolution) or not facts.compensation:
            continue
        if isinstance(facts, Resolution) or not compensation:
            compensation = facts.compensation
    return ScriptBasis(
        update_id=last.id if last else None,
        customer_eta=crisis.customer_eta,
        compensation=compensation,
        resolved=crisis.status is not CrisisStatus.OPEN,
    )


def script_standing(unit: CommsUnit, crisis: Crisis) -> tuple[int | None, tuple[str, ...]]:
    """The newest approved script's version and why it is stale (if it is)."""
    newest = _newest(unit.scripts.versions(crisis.id))
    if newest is None:
        return None, ()
    return newest.version, tuple(stale_reasons(newest, basis_of(unit, crisis)))


def _newest(scripts: list[CallScript]) -> CallScript | None:
    approved = [s for s in scripts if s.status is UpdateStatus.APPROVED]
    return max(approved, key=lambda s: s.version or 0, default=None)


def _crisis(unit: CommsUnit, crisis_id: int) -> Crisis:
    crisis = unit.crises.get(crisis_id)
    if crisis is None:
        raise NotFound("That crisis no longer exists.")
    return crisis


def _script(unit: CommsUnit, script_id: int) -> CallScript:
    script = unit.scripts.get(script_id)
    if script is None:
        raise NotFound("That call-centre script no longer exists.")
    return script
