"""What telling customers must do outside the database: written in the change's transaction,
delivered afterwards exactly once (Slack messages and webhook events alike)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from bot.comms.model import CommsEvent, CustomerUpdate
from bot.comms.promises import CustomerItem, Promise
from bot.comms.scripts import CallScript
from bot.crisis.model import Crisis
from bot.errors import SlackCallFailed

SLACK_ATTEMPTS = 8  # 5 s, 10 s, ... about ten minutes, then it is given up and logged


# The comms outbox's name as a source of the delivery engine (a commit that wrote rows kicks it).
COMMS_SOURCE = "comms"


class Effect(StrEnum):
    """One side effect; each is rendered from the facts as they stand when it is sent."""

    WEBHOOK = "webhook"  # params: event
    REQUEST_UPDATE_APPROVAL = "request_update_approval"
    SHOW_UPDATE_DECISION = "show_update_decision"
    PUBLISH_UPDATE = "publish_update"  # the support team's copy
    RETURN_UPDATE = "return_update"  # the author's DM
    REDRAW_BOARD = "redraw_board"
    REQUEST_SCRIPT_APPROVAL = "request_script_approval"
    SHOW_SCRIPT_DECISION = "show_script_decision"
    UPLOAD_SCRIPT = "upload_script"
    PIN_SCRIPT = "pin_script"  # params: previous (the pinned ts it replaces)
    RETURN_SCRIPT = "return_script"
    NUDGE_STALE_SCRIPT = "nudge_stale_script"  # params: reasons (joined by "; ")
    REMIND_PROMISE = "remind_promise"
    PROMISE_BREACHED = "promise_breached"
    REMIND_ITEM = "remind_item"  # params: due (ISO)


def queue_of(effect: Effect, crisis_id: int) -> str:
    """Rows of one queue go out in order; a receiver that is down holds up no Slack message."""
    kind = "webhooks" if effect is Effect.WEBHOOK else "slack"
    return f"{kind}-{crisis_id}"


def gives_up(effect: Effect, attempts: int) -> bool:
    """Webhook events are retried until the receiver takes them; Slack messages, a while."""
    return effect is not Effect.WEBHOOK and attempts >= SLACK_ATTEMPTS


@dataclass(frozen=True)
class Owed:
    """A stored side effect; `key` is its idempotency key (the webhook-id, Slack metadata)."""

    id: int
    crisis_id: int
    effect: Effect
    subject_id: int
    key: str
    created_at: datetime
    attempts: int = 0
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class EffectMessage:
    """Everything one effect needs, as facts (handlers and the webhook sender render them)."""

    owed: Owed
    crisis: Crisis
    in_doubt_since: datetime | None = None
    update: CustomerUpdate | None = None
    script: CallScript | None = None
    previous: CallScript | None = None  # the approved script a new one replaces
    promise: Promise | None = None
    item: CustomerItem | None = None

    @property
    def event(self) -> CommsEvent:
        """The webhook event this is (for Effect.WEBHOOK)."""
        return CommsEvent(self.owed.params.get("event", ""))


@dataclass(frozen=True)
class Done:
    """What the delivery leaves to remember: a posted message's ts (approval requests, pins)."""

    where: str
    channel_id: str | None = None
    ts: str | None = None


class EffectFailed(SlackCallFailed):
    """A side effect did not happen (Slack refused, the receiver did not answer 2xx)."""


class EffectSender(Protocol):
    """Slack and the webhook receiver, as the comms deliveries need them."""

    def send(self, message: EffectMessage) -> Done:
        """Do it once (when in doubt, look for its key first); raise SlackCallFailed."""
        ...


class EffectClaims(Protocol):
    """The comms outbox table, for the deliveries; each call is its own transaction."""

    def claim(self, *, owner: str, now: datetime, lease: timedelta, limit: int) -> list[Owed]:
        """Lease the first due row of up to `limit` queues nobody is delivering."""
        ...

    def begin(
        self, owed_id: int, *, owner: str, now: datetime, lease: timedelta
    ) -> tuple[bool, datetime | None]:
        """(still ours, since when an earlier attempt may have reached its target)."""
        ...

    def failed(
        self, owed_id: int, *, owner: str, now: datetime, error: str, retry_at: datetime | None
    ) -> None:
        """Retry at `retry_at`, or give it up for good (None)."""
        ...

    def renew(self, ids: Sequence[int], *, owner: str, now: datetime, lease: timedelta) -> None:
        """Extend the leases `owner` still holds."""
        ...

    def release(self, ids: Sequence[int], *, owner: str) -> None:
        """Let go of the leases `owner` holds on rows it claimed and did not start."""
        ...
