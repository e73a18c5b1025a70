"""Declaring a crisis: save it with its channel set-up in the outbox, in one transaction."""

from __future__ import annotations

from bot.clock import Clock
from bot.crisis.decisions import TimelineEvent, TimelineKind
from bot.crisis.model import Crisis, CrisisDraft, Step, StepKey, StepState
from bot.crisis.playbook import Playbook
from bot.errors import DuplicateRequest
from bot.home.model import people_concerned
from bot.home.ports import HomeRefresh, NoHomeRefresh
from bot.outbox.model import OutboxKind
from bot.response.ports import UnitOfWorkFactory


class CrisisDeclarations:
    """The use case behind declaring a crisis."""

    def __init__(
        self,
        *,
        units: UnitOfWorkFactory,
        playbook: Playbook,
        clock: Clock,
        announce_channel: str | None = None,
        home: HomeRefresh | None = None,
    ) -> None:
        self._home = home or NoHomeRefresh()
        self._units = units
        self._playbook = playbook
        self._clock = clock
        self._announce_channel = announce_channel

    def declare(self, draft: CrisisDraft, *, key: str) -> Crisis | None:
        """Declare a crisis once per `key`; None if this key was already declared."""
        now = self._clock()
        steps = [
            Step(
                key=step.key,
                title=step.title,
                state=StepState.PENDING,
                owner_id=draft.lead_id,
                # The review is scheduled when the crisis is resolved, not now.
                due_at=None if step.key is StepKey.REVIEW else now + step.due_after,
            )
            for step in self._playbook.steps
        ]
        with self._units() as unit:
            try:
                crisis = unit.crises.add(draft, steps=steps, declared_at=now, key=key)
            except DuplicateRequest:
                return None
            unit.timeline.record(
                crisis.id,
                TimelineEvent(
                    now,
                    TimelineKind.DECLARED,
                    draft.declared_by,
                    subject=draft.title,
                    to_value=draft.severity.value,
                ),
            )
            # Saved with the crisis, so any process finishes the set-up if this one dies.
            for kind, params in self._set_up(crisis):
                unit.outbox.add(crisis.id, kind, at=now, **params)
            unit.commit()
        # Again once the channel exists (the outbox does that), so the Home links it.
        self._home.refresh(crisis.team_id, people_concerned(crisis))
        return crisis

    def _set_up(self, crisis: Crisis) -> list[tuple[OutboxKind, dict[str, str]]]:
        """The channel set-up, in order: the channel, its board, its people, then the news."""
        steps: list[tuple[OutboxKind, dict[str, str]]] = [
            (OutboxKind.CREATE_CHANNEL, {}),
            (OutboxKind.POST_BOARD, {}),
            (OutboxKind.PIN_BOARD, {}),
            (OutboxKind.INVITE, {}),
            (OutboxKind.DESCRIBE_CHANNEL, {}),
        ]
        if crisis.source is not None:
            steps.append((OutboxKind.REPLY_TO_SOURCE, {}))
        if self._announce_channel:
            steps.append((OutboxKind.ANNOUNCE, {"channel": self._announce_channel}))
        steps.append((OutboxKind.TELL_READY, {}))
        return steps
