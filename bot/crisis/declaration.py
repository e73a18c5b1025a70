"""Declaring a crisis: save it, open its channel, bring people in, post and pin the board."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import replace

from bot.clock import Clock
from bot.crisis.channel_names import crisis_channel_name
from bot.crisis.decisions import TimelineEvent, TimelineKind
from bot.crisis.model import Crisis, CrisisDraft, Step, StepKey, StepState
from bot.crisis.playbook import Playbook
from bot.errors import DuplicateRequest
from bot.home.model import people_concerned
from bot.home.ports import HomeRefresh, NoHomeRefresh
from bot.ports import ChannelNameTaken, CrisisChannels, SlackCallFailed, UnitOfWorkFactory
from bot.reminders.policy import ReminderPolicy

MAX_NAME_ATTEMPTS = 25


class CrisisDeclarations:
    """The use case behind declaring a crisis."""

    def __init__(
        self,
        *,
        units: UnitOfWorkFactory,
        slack: CrisisChannels,
        playbook: Playbook,
        clock: Clock,
        executor: Executor,
        reminders: ReminderPolicy,
        announce_channel: str | None = None,
        home: HomeRefresh | None = None,
    ) -> None:
        self._home = home or NoHomeRefresh()
        self._units = units
        self._slack = slack
        self._playbook = playbook
        self._clock = clock
        self._executor = executor
        self._announce_channel = announce_channel
        self._reminders = reminders

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
            unit.commit()
        crisis = self.open_channel(crisis)
        # After the channel exists, so the Home links it.
        self._home.refresh(crisis.team_id, people_concerned(crisis))
        return crisis

    def open_channel(self, crisis: Crisis) -> Crisis:
        """Create the channel and set it up; tell the declarer what worked and what did not."""
        try:
            crisis = self._create_channel(crisis)
        except SlackCallFailed as failure:
            self._slack.declaration_failed(crisis, failure)
            return crisis
        assert crisis.channel_id is not None
        # Independent calls run beside the critical path (create -> post board -> pin).
        side_calls = [
            self._in_background(
                "invite the responders", self._slack.invite, crisis.channel_id, [*crisis.people]
            ),
            self._in_background("set the channel topic and purpose", self._describe, crisis),
        ]
        if crisis.source is not None:
            side_calls.append(
                self._in_background(
                    "reply in the thread of the message it was declared from",
                    self._slack.reply_to_source,
                    crisis,
                )
            )
        if self._announce_channel:
            side_calls.append(
                self._in_background(
                    f"announce the crisis in {self._announce_channel}",
                    self._slack.announce,
                    self._announce_channel,
                    crisis,
                )
            )
        problems = []
        crisis, problem = self._post_and_pin_board(crisis)
        if problem:
            problems.append(problem)
        problems.extend(p for p in (future.result() for future in side_calls) if p)
        self._slack.confirm_declaration(crisis, problems)
        return crisis

    def _create_channel(self, crisis: Crisis) -> Crisis:
        for attempt in range(1, MAX_NAME_ATTEMPTS + 1):
            name = crisis_channel_name(crisis.title, crisis.declared_at, crisis.id, attempt)
            try:
                channel_id = self._slack.create_channel(name)
            except ChannelNameTaken:
                continue
            with self._units() as unit:
                unit.crises.set_channel(crisis.id, channel_id=channel_id, channel_name=name)
                opened = replace(crisis, channel_id=channel_id, channel_name=name)
                # Nudges need the channel, so they are planned in the transaction that records it.
                self._reminders.crisis_declared(unit, opened, self._clock())
                unit.timeline.record(
                    crisis.id,
                    TimelineEvent(
                        self._clock(),
                        TimelineKind.CHANNEL_OPENED,
                        crisis.declared_by,
                        subject=name,
                    ),
                )
                unit.commit()
            return replace(crisis, channel_id=channel_id, channel_name=name)
        raise SlackCallFailed(
            "create the crisis channel",
            f"every name from crisis-...-{MAX_NAME_ATTEMPTS} is already taken",
        )

    def _post_and_pin_board(self, crisis: Crisis) -> tuple[Crisis, str | None]:
        channel_id = crisis.channel_id
        assert channel_id is not None
        try:
            board_ts = self._slack.post_board(crisis)
        except SlackCallFailed as failure:
            return crisis, _problem("post the crisis board", failure)
        with self._units() as unit:
            unit.crises.set_board(crisis.id, board_ts=board_ts)
            unit.commit()
        crisis = replace(crisis, board_ts=board_ts)
        try:
            self._slack.pin(channel_id, board_ts)
        except SlackCallFailed as failure:
            return crisis, _problem("pin the crisis board", failure)
        return crisis, None

    def _describe(self, crisis: Crisis) -> None:
        assert crisis.channel_id is not None
        topic = f"{crisis.severity.label} · {crisis.title}"
        purpose = (
            f"{crisis.crisis_type.label} crisis #{crisis.id}: {crisis.description}"
            " · Ask at every decision: how will this affect customers?"
        )
        # The gateway fits them to Slack's 250 characters once it has made them safe to show.
        self._slack.describe_channel(crisis.channel_id, topic=topic, purpose=purpose)

    def _in_background(
        self, action: str, call: Callable[..., None], *args: object
    ) -> Future[str | None]:
        def run() -> str | None:
            try:
                call(*args)
            except SlackCallFailed as failure:
                return _problem(action, failure)
            return None

        return self._executor.submit(run)


def _problem(action: str, failure: SlackCallFailed) -> str:
    return f"I couldn't {action}: {failure.reason}."
