"""The outbox as the domain sees it: what must be said in Slack after a saved change."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from bot.crisis.decisions import Decision
from bot.crisis.model import Crisis
from bot.delivery.state import DeliveryStart
from bot.review.document import ReviewRecord

if TYPE_CHECKING:  # bot.ports imports this module
    from bot.ports import SlackCallFailed


class OutboxKind(StrEnum):
    """One Slack side effect; each is rendered from the crisis as it stands when it is sent."""

    CREATE_CHANNEL = "create_channel"
    POST_BOARD = "post_board"
    PIN_BOARD = "pin_board"
    INVITE = "invite"
    DESCRIBE_CHANNEL = "describe_channel"
    REPLY_TO_SOURCE = "reply_to_source"
    ANNOUNCE = "announce"
    TELL_READY = "tell_ready"
    REDRAW_BOARD = "redraw_board"
    POST_CARD = "post_card"
    LEAD_CHANGED = "lead_changed"
    REVIEW_SCHEDULED = "review_scheduled"
    REVIEW_INVITE = "review_invite"
    SHARE_REVIEW = "share_review"
    ARCHIVE_CHANNEL = "archive_channel"


class OutboxStatus(StrEnum):
    """Pending until delivered; failed when the retries gave up; superseded by a newer row."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
    SUPERSEDED = "superseded"


# Everything said in the crisis channel waits for the channel; the declarer hears either way.
NEEDS_CHANNEL = frozenset(OutboxKind) - {OutboxKind.CREATE_CHANNEL, OutboxKind.TELL_READY}
# Only the latest state of the board matters: a redraw followed by another is skipped.
COALESCED = frozenset({OutboxKind.REDRAW_BOARD})


def crisis_queue(crisis_id: int) -> str:
    """The queue a crisis's rows are delivered in, one after another (channel, board, cards)."""
    return f"crisis-{crisis_id}"


@dataclass(frozen=True)
class OutboxItem:
    """A stored outbox row."""

    id: int
    crisis_id: int
    kind: OutboxKind
    params: Mapping[str, str]
    created_at: datetime
    attempts: int = 0

    @property
    def key(self) -> str:
        """The idempotency key carried in the Slack message's metadata."""
        return f"outbox:{self.id}"


@dataclass(frozen=True)
class OutboxMessage:
    """Everything one row needs to be said in Slack, as facts (handlers render them)."""

    item: OutboxItem
    crisis: Crisis
    in_doubt_since: datetime | None = None
    decision: Decision | None = None
    problems: tuple[SlackCallFailed, ...] = ()
    review: ReviewRecord | None = None


@dataclass(frozen=True)
class Sent:
    """What Slack answered that the crisis must remember, and where it went (for the log)."""

    where: str
    channel_id: str | None = None
    channel_name: str | None = None
    ts: str | None = None


class OutboxSlack(Protocol):
    """Slack, as the outbox needs it (handlers render each kind)."""

    def send(self, message: OutboxMessage) -> Sent:
        """Say it in Slack once (when in doubt, look for the key first); raise SlackCallFailed."""
        ...


class OutboxRepository(Protocol):
    """Outbox rows inside a unit of work: written with the change that causes them."""

    def add(self, crisis_id: int, kind: OutboxKind, *, at: datetime, **params: str) -> None:
        """Queue one Slack side effect behind the crisis's earlier ones."""
        ...

    def failures(self, crisis_id: int) -> list[tuple[str, str]]:
        """Why the crisis's given-up rows failed, (action, reason), oldest first."""
        ...

    def finish(self, item_id: int, *, now: datetime) -> None:
        """Mark the row delivered."""
        ...


class OutboxClaims(Protocol):
    """What the delivery engine needs from the outbox table; each call is its own transaction."""

    def claim(self, *, owner: str, now: datetime, lease: timedelta, limit: int) -> list[OutboxItem]:
        """Lease the first pending row of up to `limit` queues nobody is delivering."""
        ...

    def begin(self, item_id: int, *, owner: str, now: datetime, lease: timedelta) -> DeliveryStart:
        """Start a delivery: NEW, IN_DOUBT (since an earlier attempt), SUPERSEDED or LEASE_LOST."""
        ...

    def failed(self, item_id: int, *, owner: str, error: str, retry_at: datetime | None) -> None:
        """Retry at `retry_at`, or mark the row failed for good (None)."""
        ...

    def renew(self, ids: Sequence[int], *, owner: str, now: datetime, lease: timedelta) -> None:
        """Extend the leases `owner` still holds."""
        ...
