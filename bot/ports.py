"""The domain's view of the outside world: persistence and Slack, as small Protocols."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from bot.crisis import Crisis, CrisisDraft, Step


class ChannelNameTaken(Exception):
    """Slack already has a channel with that name."""


class SlackCallFailed(Exception):
    """A Slack call failed after its retries; `action` and `reason` read well to a person."""

    def __init__(self, action: str, reason: str) -> None:
        super().__init__(f"{action}: {reason}")
        self.action = action
        self.reason = reason


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

    def by_channel(self, team_id: str, channel_id: str) -> Crisis | None:
        """The crisis whose channel this is."""
        ...

    def set_channel(self, crisis_id: int, *, channel_id: str, channel_name: str) -> None:
        """Remember the crisis channel."""
        ...

    def set_board(self, crisis_id: int, *, board_ts: str) -> None:
        """Remember the board message."""
        ...


class TimelineRepository(Protocol):
    """What happened in a crisis, in order."""

    def record(
        self, crisis_id: int, *, at: datetime, actor_id: str, kind: str, summary: str
    ) -> None:
        """Append one event."""
        ...


class UnitOfWork(Protocol):
    """One transaction; the service that opens it decides when to commit."""

    @property
    def crises(self) -> CrisisRepository:
        """Crises in this transaction."""
        ...

    @property
    def timeline(self) -> TimelineRepository:
        """The timeline in this transaction."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None:
        """Make everything done in this unit permanent."""
        ...


class UnitOfWorkFactory(Protocol):
    """Opens a new unit of work."""

    def __call__(self) -> UnitOfWork: ...


class CrisisChannels(Protocol):
    """Slack, as the declaration needs it."""

    def create_channel(self, name: str) -> str:
        """Create a public channel and return its id; raise ChannelNameTaken on a clash."""
        ...

    def invite(self, channel_id: str, user_ids: Sequence[str]) -> None:
        """Bring people into the channel (people already in it are fine)."""
        ...

    def describe_channel(self, channel_id: str, *, topic: str, purpose: str) -> None:
        """Set the channel's topic and purpose."""
        ...

    def post_board(self, crisis: Crisis) -> str:
        """Post the crisis board in the crisis channel; return its message ts."""
        ...

    def update_board(self, crisis: Crisis) -> None:
        """Redraw the crisis board in place."""
        ...

    def pin(self, channel_id: str, ts: str) -> None:
        """Pin a message."""
        ...

    def announce(self, channel: str, crisis: Crisis) -> None:
        """Post a short announcement with a link to the crisis channel."""
        ...

    def tell(self, user_id: str, text: str, *, channel_id: str | None = None) -> None:
        """Tell one person something: ephemerally in `channel_id` if possible, else by DM."""
        ...
