"""The outbox's Slack side: each kind rendered from the crisis as it stands, sent once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.crisis.channel_names import crisis_channel_name
from bot.crisis.model import Crisis, StepKey
from bot.errors import ChannelNameTaken, SlackCallFailed
from bot.outbox.model import OutboxKind, OutboxMessage, Sent
from handlers.slack_errors import failed
from handlers.slack_gateway import Once, SlackCrisisChannels
from handlers.workspaces import acting_for

MAX_NAME_ATTEMPTS = 25
LIST_PAGES = 20  # of 1,000 channels each, when looking for a channel a dead owner created


class SlackOutbox:
    """The OutboxSlack port: one method per kind, each safe to repeat."""

    def __init__(self, client: WebClient, channels: SlackCrisisChannels) -> None:
        self._client = client
        self._channels = channels
        self._senders: dict[OutboxKind, Callable[[OutboxMessage], Sent]] = {
            OutboxKind.CREATE_CHANNEL: self._create_channel,
            OutboxKind.POST_BOARD: self._post_board,
            OutboxKind.PIN_BOARD: self._pin_board,
            OutboxKind.INVITE: self._invite,
            OutboxKind.DESCRIBE_CHANNEL: self._describe,
            OutboxKind.REPLY_TO_SOURCE: self._reply_to_source,
            OutboxKind.ANNOUNCE: self._announce,
            OutboxKind.TELL_READY: self._tell_ready,
            OutboxKind.REDRAW_BOARD: self._redraw_board,
            OutboxKind.POST_CARD: self._post_card,
            OutboxKind.LEAD_CHANGED: self._lead_changed,
            OutboxKind.REVIEW_SCHEDULED: self._review_scheduled,
            OutboxKind.REVIEW_INVITE: self._review_invite,
            OutboxKind.SHARE_REVIEW: self._share_review,
            OutboxKind.ARCHIVE_CHANNEL: self._archive,
        }

    def send(self, message: OutboxMessage) -> Sent:
        """Say it in Slack once (when in doubt, look for the row's key first), as the bot of
        the crisis's workspace."""
        with acting_for(message.crisis.team_id):
            return self._senders[message.item.kind](message)

    def _create_channel(self, message: OutboxMessage) -> Sent:
        crisis = message.crisis
        names = [
            crisis_channel_name(crisis.title, crisis.declared_at, crisis.id, attempt)
            for attempt in range(1, MAX_NAME_ATTEMPTS + 1)
        ]
        orphans = self._orphans(set(names)) if message.in_doubt_since else {}
        for name in names:
            if name in orphans:  # a dead owner created it, then died before saving it
                return Sent(orphans[name], channel_id=orphans[name], channel_name=name)
            try:
                channel_id = self._channels.create_channel(name)
            except ChannelNameTaken:
                continue
            return Sent(channel_id, channel_id=channel_id, channel_name=name)
        raise SlackCallFailed(
            "create the crisis channel",
            f"every name from crisis-...-{MAX_NAME_ATTEMPTS} is already taken",
        )

    def _orphans(self, names: set[str]) -> dict[str, str]:
        """Channels with these names that the app created and nobody else has joined."""
        me = self._channels.bot_user_id()
        found: dict[str, str] = {}
        cursor: str | None = None
        try:
            for _ in range(LIST_PAGES):
                page = self._client.conversations_list(
                    types="public_channel", exclude_archived=True, limit=1000, cursor=cursor
                )
                for channel in page.get("channels") or []:
                    if (
                        channel.get("name") in names
                        and channel.get("creator") == me
                        and channel.get("num_members", 0) <= 1
                    ):
                        found[str(channel["name"])] = str(channel["id"])
                cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
                if cursor is None:
                    break
        except (SlackClientError, OSError) as error:
            raise failed("create the crisis channel", error) from None
        return found

    def _post_board(self, message: OutboxMessage) -> Sent:
        crisis = message.crisis
        ts = self._channels.post_board(crisis, _once(message))
        return Sent(_channel(crisis), ts=ts)

    def _pin_board(self, message: OutboxMessage) -> Sent:
        crisis = message.crisis
        if not crisis.board_ts:
            raise SlackCallFailed("pin the crisis board", "the board could not be posted")
        self._channels.pin(_channel(crisis), crisis.board_ts)
        return Sent(_channel(crisis))

    def _invite(self, message: OutboxMessage) -> Sent:
        crisis = message.crisis
        self._channels.invite(_channel(crisis), [*crisis.people])
        return Sent(_channel(crisis))

    def _describe(self, message: OutboxMessage) -> Sent:
        crisis = message.crisis
        topic = f"{crisis.severity.label} · {crisis.title}"
        purpose = (
            f"{crisis.crisis_type.label} crisis #{crisis.id}: {crisis.description}"
            " · Ask at every decision: how will this affect customers?"
        )
        # The gateway fits them to Slack's 250 characters once it has made them safe to show.
        self._channels.describe_channel(_channel(crisis), topic=topic, purpose=purpose)
        return Sent(_channel(crisis))

    def _reply_to_source(self, message: OutboxMessage) -> Sent:
        crisis = message.crisis
        self._channels.reply_to_source(crisis, _once(message))
        return Sent(crisis.source.channel_id if crisis.source else _channel(crisis))

    def _announce(self, message: OutboxMessage) -> Sent:
        where = message.item.params["channel"]
        self._channels.announce(where, message.crisis, _once(message))
        return Sent(where)

    def _tell_ready(self, message: OutboxMessage) -> Sent:
        crisis, problems = message.crisis, message.problems
        if crisis.channel_id is None:
            failure = (
                problems[0]
                if problems
                else SlackCallFailed("create the crisis channel", "Slack refused")
            )
            self._channels.declaration_failed(crisis, failure)
        else:
            self._channels.confirm_declaration(
                crisis, [f"I couldn't {p.action}: {p.reason}." for p in problems]
            )
        return Sent(crisis.origin_channel_id or crisis.declared_by)

    def _redraw_board(self, message: OutboxMessage) -> Sent:
        self._channels.update_board(message.crisis)
        return Sent(_channel(message.crisis))

    def _post_card(self, message: OutboxMessage) -> Sent:
        crisis, decision = message.crisis, message.decision
        if decision is None:
            raise SlackCallFailed("post the decision in the crisis channel", "it was deleted")
        self._channels.post_decision(crisis, decision, _once(message))
        return Sent(_channel(crisis))

    def _lead_changed(self, message: OutboxMessage) -> Sent:
        params = message.item.params
        # Named as it was when handed over, even if the lead changed again since.
        crisis = replace(message.crisis, lead_id=params["lead"])
        self._channels.post_lead_change(crisis, previous=params["previous"], once=_once(message))
        return Sent(_channel(crisis))

    def _review_scheduled(self, message: OutboxMessage) -> Sent:
        crisis = message.crisis
        if crisis.step(StepKey.REVIEW).due_at is not None:
            moved = bool(message.item.params.get("moved"))
            self._channels.post_review_scheduled(crisis, moved=moved, once=_once(message))
        return Sent(_channel(crisis))

    def _review_invite(self, message: OutboxMessage) -> Sent:
        crisis = message.crisis
        if crisis.step(StepKey.REVIEW).due_at is not None:
            # Its SEQUENCE is the crisis's, so a repeated upload is the same event to a calendar.
            self._channels.share_review_invite(crisis, at=message.item.created_at)
        return Sent(_channel(crisis))

    def _share_review(self, message: OutboxMessage) -> Sent:
        if message.review is None:
            raise SlackCallFailed("share the review document", "the crisis has no record")
        where = _channel(message.crisis)
        self._channels.share_review(message.review)
        return Sent(where)

    def _archive(self, message: OutboxMessage) -> Sent:
        self._channels.archive(_channel(message.crisis))
        return Sent(_channel(message.crisis))


def _once(message: OutboxMessage) -> Once:
    return Once(message.item.key, message.in_doubt_since)


def _channel(crisis: Crisis) -> str:
    if crisis.channel_id is None:
        raise SlackCallFailed("post in the crisis channel", "the crisis has no channel yet")
    return crisis.channel_id
