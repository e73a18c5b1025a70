"""What the crisis needs stored: crises, their decisions and their timeline."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol

from bot.crisis.decisions import Decision, DecisionDraft, DecisionKind, TimelineEvent
from bot.crisis.facts import PriorityDraft
from bot.crisis.model import Crisis, CrisisDraft, CrisisStatus, Severity, Step, StepKey


class CrisisRepository(Protocol):
    """Crises as stored."""

    def add(
        self, draft: CrisisDraft, *, steps: Sequence[Step], declared_at: datetime, key: str
    ) -> Crisis:
        """Store a new crisis; raise DuplicateRequest if `key` was already used."""
        ...

    def get(self, crisis_id: int) -> Crisis | None:
        """The crisis with this id."""
        ...

    def get_many(self, crisis_ids: Collection[int]) -> dict[int, Crisis]:
        """The crises with these ids that exist, by id (one read for many)."""
        ...

    def by_channel(self, team_id: str, channel_id: str) -> Crisis | None:
        """The crisis whose channel this is."""
        ...

    def team_of(self, crisis_id: int) -> str | None:
        """The workspace of the crisis with this id (None: no such crisis)."""
        ...

    def page(self, team_id: str, *, offset: int, limit: int) -> tuple[list[Crisis], int]:
        """The team's crises, newest first (without steps), and how many there are."""
        ...

    def set_channel(self, crisis_id: int, *, channel_id: str, channel_name: str) -> None:
        """Remember the crisis channel."""
        ...

    def set_board(self, crisis_id: int, *, board_ts: str) -> None:
        """Remember the board message."""
        ...

    def complete_step(
        self, crisis_id: int, key: StepKey, *, by: str, at: datetime, summary: str
    ) -> bool:
        """Mark a pending step done; False if someone completed it first."""
        ...

    def change(
        self,
        crisis_id: int,
        *,
        severity: Severity | None = None,
        lead_id: str | None = None,
        customer_eta: datetime | None = None,
        status: CrisisStatus | None = None,
        resolved_at: datetime | None = None,
        review_sequence: int | None = None,
    ) -> None:
        """Change what is given: severity, lead, customer ETA, status, resolution time."""
        ...

    def set_step_due(self, crisis_id: int, key: StepKey, *, due_at: datetime) -> None:
        """Set when a step is due."""
        ...

    def reassign_pending_steps(self, crisis_id: int, *, owner_id: str) -> list[StepKey]:
        """Give every step not yet done to `owner_id`; the keys of the steps that moved."""
        ...


class DecisionRepository(Protocol):
    """Decisions and priorities."""

    def add(self, draft: DecisionDraft, *, at: datetime, key: str) -> Decision:
        """Record a decision once per `key`; raise DuplicateRequest on a repeat."""
        ...

    def get(self, decision_id: int) -> Decision | None:
        """The decision with this id."""
        ...

    def page(
        self,
        crisis_id: int,
        *,
        offset: int,
        limit: int,
        exclude: Sequence[DecisionKind] = (),
    ) -> tuple[list[Decision], int]:
        """Decisions oldest first (but the kinds excluded), one page, and how many there are."""
        ...

    def add_priorities(
        self, crisis_id: int, priorities: Sequence[PriorityDraft], *, at: datetime
    ) -> None:
        """Add priorities after the existing ones."""
        ...

    def close_priorities(self, crisis_id: int) -> None:
        """Mark every priority of the crisis as no longer open."""
        ...


class TimelineRepository(Protocol):
    """What happened in a crisis, in order."""

    def record(self, crisis_id: int, event: TimelineEvent) -> None:
        """Append one event."""
        ...

    def page(self, crisis_id: int, *, offset: int, limit: int) -> tuple[list[TimelineEvent], int]:
        """One page of the timeline, oldest first, and the number of events in all."""
        ...
