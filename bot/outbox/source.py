"""Delivering outbox rows: each is rendered from the crisis as it stands, sent once, recorded."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.crisis.decisions import TimelineEvent, TimelineKind
from bot.crisis.model import Crisis
from bot.crisis.review_record import ReviewRecord
from bot.delivery.engine import Delivered, Job
from bot.delivery.state import DeliveryStart, DeliveryState
from bot.errors import NotFound, SlackCallFailed
from bot.home.model import people_concerned
from bot.home.ports import HomeRefresh, NoHomeRefresh
from bot.outbox.model import (
    NEEDS_CHANNEL,
    OUTBOX_SOURCE,
    OutboxItem,
    OutboxKind,
    OutboxMessage,
    Sent,
)
from bot.outbox.ports import OutboxClaims, OutboxSlack, OutboxUnit, OutboxUnitFactory
from bot.reminders.policy import ReminderPolicy

MAX_ATTEMPTS = 8  # 5 s, 10 s, ... about 10 minutes of trying before the declarer is told
ReviewRecords = Callable[[int], ReviewRecord]


class OutboxDeliveries:
    """The outbox as a source of the delivery engine."""

    name = OUTBOX_SOURCE
    max_attempts: int | None = MAX_ATTEMPTS

    def __init__(
        self,
        *,
        claims: OutboxClaims,
        units: OutboxUnitFactory,
        slack: OutboxSlack,
        clock: Clock,
        reminders: ReminderPolicy,
        review_record: ReviewRecords,
        home: HomeRefresh | None = None,
    ) -> None:
        self._claims = claims
        self._units = units
        self._slack = slack
        self._clock = clock
        self._reminders = reminders
        self._review_record = review_record
        self._home = home or NoHomeRefresh()

    def claim(self, *, owner: str, now: datetime, lease: timedelta, limit: int) -> list[Job]:
        """Lease the heads of up to `limit` crisis queues."""
        items = self._claims.claim(owner=owner, now=now, lease=lease, limit=limit)
        return [
            Job(
                self.name,
                i.id,
                i.kind.value.replace("_", " "),
                i.crisis_id,
                i.created_at,
                i.attempts,
                i,
            )
            for i in items
        ]

    def deliver(self, job: Job, *, owner: str, lease: timedelta) -> Delivered | None:
        """Send one row (checking Slack first when an earlier attempt may have reached it)."""
        item: OutboxItem = job.item
        start = self._claims.begin(item.id, owner=owner, now=self._clock(), lease=lease)
        if start.state is DeliveryState.LEASE_LOST:
            return None
        if start.state is DeliveryState.SUPERSEDED:
            return Delivered("nowhere (a newer redraw follows)", sent=False)
        message = self._message(item, start)
        if item.kind is OutboxKind.REDRAW_BOARD and not message.crisis.board_ts:
            # The board is posted later, drawn from the state of that moment.
            self._record(item, message.crisis, None)
            return Delivered("nowhere (no board yet)", sent=False)
        sent = self._slack.send(message)
        self._record(item, message.crisis, sent)
        return Delivered(sent.where)

    def failed(
        self, job: Job, failure: SlackCallFailed, *, owner: str, retry_at: datetime | None
    ) -> None:
        """Retry later, or give up (the declarer hears about set-up failures)."""
        self._claims.failed(job.id, owner=owner, error=str(failure), retry_at=retry_at)

    def renew(self, ids: Sequence[int], *, owner: str, now: datetime, lease: timedelta) -> None:
        """Extend the leases this owner still holds."""
        self._claims.renew(ids, owner=owner, now=now, lease=lease)

    def _message(self, item: OutboxItem, start: DeliveryStart) -> OutboxMessage:
        with self._units(write=False) as unit:
            crisis = unit.crises.get(item.crisis_id)
            if crisis is None:
                raise SlackCallFailed("say it in Slack", "the crisis no longer exists")
            if item.kind in NEEDS_CHANNEL and crisis.channel_id is None:
                raise SlackCallFailed(
                    _ACTIONS.get(item.kind, "post in the crisis channel"),
                    "the crisis channel could not be created",
                )
            decision = None
            if "decision" in item.params:
                decision = unit.decisions.get(int(item.params["decision"]))
            problems = tuple(SlackCallFailed(*f) for f in unit.outbox.failures(crisis.id))
        review = None
        if item.kind is OutboxKind.SHARE_REVIEW:
            try:
                review = self._review_record(crisis.id)
            except NotFound as gone:
                raise SlackCallFailed("share the review document", str(gone)) from None
        return OutboxMessage(
            item=item,
            crisis=crisis,
            in_doubt_since=start.since,
            decision=decision,
            problems=problems,
            review=review,
        )

    def _record(self, item: OutboxItem, crisis: Crisis, sent: Sent | None) -> None:
        now = self._clock()
        with self._units() as unit:
            if item.kind is OutboxKind.CREATE_CHANNEL and sent and sent.channel_id:
                self._channel_opened(unit, crisis, sent, now)
            elif item.kind is OutboxKind.POST_BOARD and sent and sent.ts:
                unit.crises.set_board(crisis.id, board_ts=sent.ts)
            unit.outbox.finish(item.id, now=now)
            unit.commit()
        if item.kind is OutboxKind.CREATE_CHANNEL:
            # The Home links the channel now that it exists.
            self._home.refresh(crisis.team_id, people_concerned(crisis))

    def _channel_opened(self, unit: OutboxUnit, crisis: Crisis, sent: Sent, now: datetime) -> None:
        assert sent.channel_id is not None and sent.channel_name is not None
        unit.crises.set_channel(
            crisis.id, channel_id=sent.channel_id, channel_name=sent.channel_name
        )
        opened = replace(crisis, channel_id=sent.channel_id, channel_name=sent.channel_name)
        # Nudges need the channel, so they are planned in the transaction that records it.
        self._reminders.crisis_declared(unit, opened, now)
        unit.timeline.record(
            crisis.id,
            TimelineEvent(
                now, TimelineKind.CHANNEL_OPENED, crisis.declared_by, subject=sent.channel_name
            ),
        )


# What each kind does, in words for the declarer when it cannot happen.
_ACTIONS = {
    OutboxKind.POST_BOARD: "post the crisis board",
    OutboxKind.PIN_BOARD: "pin the crisis board",
    OutboxKind.INVITE: "invite the responders",
    OutboxKind.DESCRIBE_CHANNEL: "set the channel topic and purpose",
    OutboxKind.ANNOUNCE: "announce the crisis",
}
