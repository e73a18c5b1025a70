"""Delivering outbox rows: each is rendered from the crisis as it stands, sent once, recorded."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.crisis.decisions import Decision, TimelineEvent, TimelineKind
from bot.crisis.model import Crisis
from bot.crisis.review_record import ReviewRecord
from bot.delivery.engine import Delivered, Job
from bot.errors import NotFound, SlackCallFailed
from bot.home.model import people_concerned
from bot.home.ports import HomeRefresh, NoHomeRefresh
from bot.outbox.model import (
    NEEDS_CHANNEL,
    OUTBOX_SOURCE,
    NextRow,
    OutboxItem,
    OutboxKind,
    OutboxMessage,
    Sent,
    crisis_queue,
)
from bot.outbox.ports import OutboxClaims, OutboxSlack, OutboxUnit, OutboxUnitFactory
from bot.reminders.policy import ReminderPolicy

MAX_ATTEMPTS = 8  # 5 s, 10 s, ... about 10 minutes of trying before the declarer is told
ReviewRecords = Callable[[int], ReviewRecord]


class OutboxDeliveries:
    """The outbox as a source of the delivery engine.

    A claim leases each crisis queue's due rows together; the engine delivers them in order in
    one worker (a run). Right after the claim, one read fetches what every claimed run is
    rendered from: the crises (with steps and priorities, three queries for the whole batch),
    the decisions their cards show, and the set-up failures a "ready" note reports. A run keeps
    its crisis up to date in memory as its rows change it (the channel, the board's ts): every
    change made meanwhile by someone else wrote rows of its own, which a later claim sends from
    a fresh read. Each row is then finished in one short transaction that also starts the next
    (a unit of work only when the row changes the crisis: a new channel or board).
    """

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
        """Lease the due rows of up to `limit` crisis queues, a run per queue."""
        items = self._claims.claim(owner=owner, now=now, lease=lease, limit=limit)
        runs: dict[int, Run] = {}
        for item in items:
            runs.setdefault(item.crisis_id, Run(owner, lease)).items.append(item)
        if runs:
            self._read(runs)
        return [
            Job(
                self.name,
                i.id,
                i.kind.value.replace("_", " "),
                i.crisis_id,
                i.created_at,
                i.attempts,
                Claimed(i, runs[i.crisis_id]),
                queue=crisis_queue(i.crisis_id),
            )
            for i in items
        ]

    def deliver(self, job: Job, *, owner: str, lease: timedelta) -> Delivered | None:
        """Send one row of its run (checking Slack first when an earlier attempt may have
        reached it); None when the row is no longer ours."""
        claimed: Claimed = job.item
        item, run = claimed.item, claimed.run
        if run.lost:
            return None
        if run.facts is None:
            raise SlackCallFailed("say it in Slack", "the crisis no longer exists")
        message = self._message(item, run)
        if item.kind is OutboxKind.REDRAW_BOARD and not message.crisis.board_ts:
            # The board is posted later, drawn from the state of that moment.
            self._record(item, run, None)
            return Delivered("nowhere (no board yet)", sent=False)
        sent = self._slack.send(message)
        self._record(item, run, sent)
        return Delivered(sent.where)

    def failed(
        self, job: Job, failure: SlackCallFailed, *, owner: str, retry_at: datetime | None
    ) -> None:
        """Retry later, or give up (the declarer hears about set-up failures)."""
        self._claims.failed(job.id, owner=owner, error=str(failure), retry_at=retry_at)

    def renew(self, ids: Sequence[int], *, owner: str, now: datetime, lease: timedelta) -> None:
        """Extend the leases this owner still holds."""
        self._claims.renew(ids, owner=owner, now=now, lease=lease)

    def release(self, jobs: Sequence[Job], *, owner: str) -> None:
        """Let go of the rows of a run that stopped before them."""
        self._claims.release([job.id for job in jobs], owner=owner)

    def _message(self, item: OutboxItem, run: Run) -> OutboxMessage:
        facts = run.facts
        assert facts is not None
        crisis = facts.crisis
        if item.kind in NEEDS_CHANNEL and crisis.channel_id is None:
            raise SlackCallFailed(
                _ACTIONS.get(item.kind, "post in the crisis channel"),
                "the crisis channel could not be created",
            )
        review = None
        if item.kind is OutboxKind.SHARE_REVIEW:
            try:
                review = self._review_record(crisis.id)
            except NotFound as gone:
                raise SlackCallFailed("share the review document", str(gone)) from None
        decision = None
        if "decision" in item.params:
            decision = facts.decisions.get(int(item.params["decision"]))
        return OutboxMessage(
            item=item,
            crisis=crisis,
            in_doubt_since=item.in_doubt_since,
            decision=decision,
            problems=facts.problems,
            review=review,
        )

    def _read(self, runs: Mapping[int, Run]) -> None:
        """What the claimed runs are rendered from, by crisis, in one read (a crisis that no
        longer exists leaves its run without facts)."""
        with self._units(write=False) as unit:
            crises = unit.crises.get_many(runs.keys())
            for crisis_id, run in runs.items():
                crisis = crises.get(crisis_id)
                if crisis is None:
                    continue
                decisions: dict[int, Decision | None] = {}
                for item in run.items:
                    if "decision" in item.params:
                        number = int(item.params["decision"])
                        decisions[number] = unit.decisions.get(number)
                problems: tuple[SlackCallFailed, ...] = ()
                if any(item.kind is OutboxKind.TELL_READY for item in run.items):
                    failures = unit.outbox.failures(crisis_id)
                    problems = tuple(SlackCallFailed(*f) for f in failures)
                run.facts = RunFacts(crisis, decisions, problems)

    def _record(self, item: OutboxItem, run: Run, sent: Sent | None) -> None:
        """Finish the row, with what Slack answered, and start the run's next row (one
        transaction); the run's crisis learns the same in memory."""
        assert run.facts is not None
        crisis = run.facts.crisis
        now = self._clock()
        then = run.after(item, now)
        opened = item.kind is OutboxKind.CREATE_CHANNEL and sent and sent.channel_id
        posted = item.kind is OutboxKind.POST_BOARD and sent and sent.ts
        if not (opened or posted):
            run.lost = not self._claims.finish(item.id, now=now, then=then)
            return
        with self._units() as unit:
            if opened and sent:
                crisis = self._channel_opened(unit, crisis, sent, now)
            elif sent and sent.ts:
                unit.crises.set_board(crisis.id, board_ts=sent.ts)
                crisis = replace(crisis, board_ts=sent.ts)
            run.lost = not unit.outbox.finish(item.id, now=now, then=then)
            unit.commit()
        run.facts = replace(run.facts, crisis=crisis)
        if item.kind is OutboxKind.CREATE_CHANNEL:
            # The Home links the channel now that it exists.
            self._home.refresh(crisis.team_id, people_concerned(crisis))

    def _channel_opened(
        self, unit: OutboxUnit, crisis: Crisis, sent: Sent, now: datetime
    ) -> Crisis:
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
        return opened


@dataclass(frozen=True)
class RunFacts:
    """What a run's rows are rendered from: the crisis as it stands (kept current in memory as
    the run changes it), the decisions its cards show, and why set-up rows gave up."""

    crisis: Crisis
    decisions: Mapping[int, Decision | None]
    problems: tuple[SlackCallFailed, ...]


@dataclass
class Run:
    """The rows of one crisis queue claimed together, delivered in order by one worker."""

    owner: str
    lease: timedelta
    items: list[OutboxItem] = field(default_factory=list)
    facts: RunFacts | None = None
    lost: bool = False  # another process took the next row over: the run stops

    def after(self, item: OutboxItem, now: datetime) -> NextRow | None:
        """The row delivered after `item`, to start when `item` is finished."""
        ids = [i.id for i in self.items]
        n = ids.index(item.id) + 1
        return NextRow(ids[n], self.owner, now + self.lease) if n < len(ids) else None


@dataclass(frozen=True)
class Claimed:
    """A claimed row and the run it belongs to (the engine's Job carries it)."""

    item: OutboxItem
    run: Run


# What each kind does, in words for the declarer when it cannot happen.
_ACTIONS = {
    OutboxKind.POST_BOARD: "post the crisis board",
    OutboxKind.PIN_BOARD: "pin the crisis board",
    OutboxKind.INVITE: "invite the responders",
    OutboxKind.DESCRIBE_CHANNEL: "set the channel topic and purpose",
    OutboxKind.ANNOUNCE: "announce the crisis",
}
