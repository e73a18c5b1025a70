"""The outbox as the domain sees it: what must be said in Slack after a saved change."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.crisis.decisions import Decision
from bot.crisis.model import Crisis
from bot.crisis.review_record import ReviewRecord
from bot.errors import SlackCallFailed


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


# The outbox's name as a source of the delivery engine (a commit that wrote rows kicks it).
OUTBOX_SOURCE = "outbox"


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
    # Since when an earlier attempt may have reached Slack (look for the key first); None: new.
    in_doubt_since: datetime | None = None

    @property
    def key(self) -> str:
        """The idempotency key carried in the Slack message's metadata."""
        return f"outbox:{self.id}"


@dataclass(frozen=True)
class NextRow:
    """The row a run delivers next: its attempt starts in the transaction finishing the one
    before it, while `owner` holds its lease (extended to `lease_until`)."""

    id: int
    owner: str
    lease_until: datetime


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
