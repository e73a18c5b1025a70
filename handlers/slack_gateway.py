"""The outbound side: the domain's CrisisChannels port, implemented with the Slack Web API."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.models.blocks import Block

from bot.comms.model import CommsStatus
from bot.crisis.decisions import Decision
from bot.crisis.model import Crisis, StepKey
from bot.crisis.review_record import ReviewRecord
from bot.crisis.rules import Member
from bot.errors import ChannelNameTaken, SlackCallFailed
from bot.insight.model import ExposureLookup
from bot.trust.ports import TrustBoardLookup
from bot.trust.record import TrustBoard
from documents.invite import invite_filename, review_invite
from documents.review import render_review_document
from handlers.crisis.board import board_text, build_board
from handlers.crisis.cards import build_decision_card, decision_text
from handlers.slack_errors import error_code, failed
from handlers.slack_history import OUTBOX_EVENT, delivery_metadata, find_delivery
from handlers.text import escape, escape_clip, local_time, mention
from handlers.workspaces import current_team

INVITE_BATCH = 100
TOPIC_MAX = 250
# Invite answers that still leave everyone who can be in the channel in it.
HARMLESS_INVITE_ERRORS = {"already_in_channel", "cant_invite_self"}
UNKNOWN_USER_ERRORS = {"user_not_found", "user_not_visible"}
SLACKBOT = "USLACKBOT"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Once:
    """A delivery's idempotency key, and since when an earlier attempt may have sent it."""

    key: str
    in_doubt_since: datetime | None = None


class SlackCrisisChannels:
    """Crisis channels, boards and messages, through one WebClient."""

    def __init__(
        self,
        client: WebClient,
        exposure: ExposureLookup | None = None,
        trust: TrustBoardLookup | None = None,
        told: Callable[[int], CommsStatus | None] | None = None,
    ) -> None:
        self._client = client
        self._exposure = exposure or (lambda team_id, segment_ids: None)
        self._trust = trust or (lambda crisis_id: None)
        self._bot_users: dict[str | None, str] = {}
        self._told: Callable[[int], CommsStatus | None] = told or (lambda crisis_id: None)
        self._lock = threading.Lock()

    def bot_user_id(self) -> str:
        """The app's own user id in the workspace being served (asked of Slack once each)."""
        team = current_team.get()
        with self._lock:
            if team not in self._bot_users:
                self._bot_users[team] = str(self._client.auth_test()["user_id"])
            return self._bot_users[team]

    def create_channel(self, name: str) -> str:
        """Create a public channel and return its id; raise ChannelNameTaken on a clash."""
        try:
            response = self._client.conversations_create(name=name)
        except SlackApiError as error:
            if error_code(error) == "name_taken":
                raise ChannelNameTaken(name) from None
            raise failed("create the crisis channel", error) from None
        except (SlackClientError, OSError) as error:
            raise failed("create the crisis channel", error) from None
        return str(response["channel"]["id"])

    def invite(self, channel_id: str, user_ids: Sequence[str]) -> None:
        """Invite people, 100 per call; people already in the channel (and the app) are fine."""
        me = self.bot_user_id()
        people = [user for user in dict.fromkeys(user_ids) if user != me]
        for start in range(0, len(people), INVITE_BATCH):
            batch = people[start : start + INVITE_BATCH]
            try:
                self._client.conversations_invite(channel=channel_id, users=batch, force=True)
            except SlackApiError as error:
                if error_code(error) not in HARMLESS_INVITE_ERRORS:
                    raise failed("invite the responders", error) from None
            except (SlackClientError, OSError) as error:
                raise failed("invite the responders", error) from None

    def describe_channel(self, channel_id: str, *, topic: str, purpose: str) -> None:
        """Set the channel's topic and purpose (typed text escaped, still within 250 characters)."""
        try:
            self._client.conversations_setTopic(
                channel=channel_id, topic=escape_clip(topic, TOPIC_MAX)
            )
            self._client.conversations_setPurpose(
                channel=channel_id, purpose=escape_clip(purpose, TOPIC_MAX)
            )
        except (SlackClientError, OSError) as error:
            raise failed("set the channel topic and purpose", error) from None

    def post_board(self, crisis: Crisis, once: Once | None = None) -> str:
        """Post the crisis board; return its ts."""
        return self._post(
            channel_of(crisis),
            "post the crisis board",
            once,
            text=board_text(crisis),
            blocks=self._board(crisis),
        )

    def update_board(self, crisis: Crisis) -> None:
        """Redraw the crisis board in place."""
        try:
            self._client.chat_update(
                channel=channel_of(crisis),
                ts=crisis.board_ts or "",
                text=board_text(crisis),
                blocks=self._board(crisis),
            )
        except (SlackClientError, OSError) as error:
            raise failed("update the crisis board", error) from None

    def _board(self, crisis: Crisis) -> list[Block]:
        exposure = self._exposure(crisis.team_id, crisis.segment_ids)
        trust: TrustBoard | None = self._trust(crisis.id)
        return build_board(crisis, exposure, trust, self._told(crisis.id))

    def post_decision(self, crisis: Crisis, decision: Decision, once: Once | None = None) -> None:
        """Post a decision card (or step summary, or status update) in the crisis channel."""
        exposure = self._exposure(crisis.team_id, decision.assessment.segment_ids)
        self._post(
            channel_of(crisis),
            "post the decision in the crisis channel",
            once,
            text=decision_text(decision),
            blocks=build_decision_card(crisis, decision, exposure),
        )

    def post_lead_change(self, crisis: Crisis, *, previous: str, once: Once | None = None) -> None:
        """Tell the crisis channel who handed the lead to whom."""
        self._post(
            channel_of(crisis),
            "post in the crisis channel",
            once,
            text=f":handshake: {mention(previous)} handed the lead to {mention(crisis.lead_id)}.",
        )

    def post_review_scheduled(
        self, crisis: Crisis, *, moved: bool = False, once: Once | None = None
    ) -> None:
        """Tell the crisis channel when the review is (now) and who will be reminded."""
        due = crisis.step(StepKey.REVIEW).due_at
        when = local_time(due) if due else "later"
        verb = "moved to" if moved else "scheduled for"
        self._post(
            channel_of(crisis),
            "post in the crisis channel",
            once,
            text=f":calendar: The review is {verb} {when}. {mention(crisis.lead_id)} will be "
            "reminded; open it with `/crisis review`. The invite below adds it to your calendar.",
        )

    def _post(
        self,
        channel_id: str,
        action: str,
        once: Once | None,
        *,
        text: str,
        blocks: list[Any] | None = None,
        thread_ts: str | None = None,
    ) -> str:
        """Post a message; with `once`, tagged with its key and not again if an earlier attempt
        already did (found by the key). The message's ts."""
        metadata = None
        try:
            if once is not None:
                metadata = delivery_metadata(OUTBOX_EVENT, once.key)
                if once.in_doubt_since is not None:
                    found = find_delivery(
                        self._client, channel_id, once.key, once.in_doubt_since, thread_ts
                    )
                    if found is not None:
                        return str(found["ts"])
            response = self._client.chat_postMessage(
                channel=channel_id, text=text, blocks=blocks, metadata=metadata, thread_ts=thread_ts
            )
        except (SlackClientError, OSError) as error:
            raise failed(action, error) from None
        return str(response["ts"])

    def display_names(self, user_ids: Sequence[str]) -> dict[str, str]:
        """Display names by id (people Slack can't find are left out)."""
        names: dict[str, str] = {}
        for user_id in user_ids:
            try:
                user = self._client.users_info(user=user_id)["user"]
            except (SlackClientError, OSError):
                continue
            profile = user.get("profile") or {}
            names[user_id] = str(
                profile.get("display_name") or user.get("real_name") or user.get("name") or user_id
            )
        return names

    def member(self, user_id: str) -> Member | None:
        """The person as users.info reports them; None if Slack knows no such user."""
        try:
            user = self._client.users_info(user=user_id)["user"]
        except SlackApiError as error:
            if error_code(error) in UNKNOWN_USER_ERRORS:
                return None
            raise failed("look up that person", error) from None
        except (SlackClientError, OSError) as error:
            raise failed("look up that person", error) from None
        # Slackbot answers is_bot: false, and the app is a bot user: neither can lead.
        is_bot = bool(user.get("is_bot")) or user_id in (SLACKBOT, self.bot_user_id())
        return Member(id=user_id, is_bot=is_bot, deleted=bool(user.get("deleted")))

    def share_review_invite(self, crisis: Crisis, *, at: datetime) -> None:
        """Share the review's iCalendar invite: one click adds it to a calendar."""
        try:
            self._client.files_upload_v2(
                channel=channel_of(crisis),
                filename=invite_filename(crisis),
                title=f"Review invite: {crisis.title}",
                content=review_invite(crisis, now=at),
            )
        except (SlackClientError, OSError) as error:
            raise failed("share the review's calendar invite", error) from None

    def share_review(self, record: ReviewRecord) -> None:
        """Write the review document, people by name (each looked up once), and share it."""
        crisis = record.crisis
        document = render_review_document(record, names=self.display_names(record.people()))
        try:
            self._client.files_upload_v2(
                channel=channel_of(crisis),
                filename=f"crisis-{crisis.id}-review.md",
                title=f"Crisis review: {crisis.title}",
                content=document,
            )
        except (SlackClientError, OSError) as error:
            raise failed("upload the review document", error) from None

    def archive(self, channel_id: str) -> None:
        """Archive the channel (an already archived one is fine)."""
        try:
            self._client.conversations_archive(channel=channel_id)
        except SlackApiError as error:
            if error_code(error) != "already_archived":
                raise failed("archive the crisis channel", error) from None
        except (SlackClientError, OSError) as error:
            raise failed("archive the crisis channel", error) from None

    def pin(self, channel_id: str, ts: str) -> None:
        """Pin a message (pinning it twice is fine)."""
        try:
            self._client.pins_add(channel=channel_id, timestamp=ts)
        except SlackApiError as error:
            if error_code(error) != "already_pinned":
                raise failed("pin the crisis board", error) from None
        except (SlackClientError, OSError) as error:
            raise failed("pin the crisis board", error) from None

    def announce(self, channel: str, crisis: Crisis, once: Once | None = None) -> None:
        """Post a short announcement that links to the crisis channel."""
        text = (
            f":rotating_light: New customer crisis: *{escape(crisis.title)}* "
            f"({crisis.severity.label}), led by {mention(crisis.lead_id)}. "
            f"Follow it in <#{crisis.channel_id}>."
        )
        self._post(channel, f"announce the crisis in {channel}", once, text=text)

    def confirm_declaration(self, crisis: Crisis, problems: Sequence[str]) -> None:
        """Tell the declarer the crisis is open (and what did not work)."""
        lines = [
            f":rotating_light: Crisis #{crisis.id} *{escape(crisis.title)}* is declared "
            f"({crisis.severity.label}). Its channel is <#{crisis.channel_id}>."
        ]
        if problems:
            lines.append("Not everything worked; the crisis and its channel are kept:")
            lines.extend(f"• {problem}" for problem in problems)
        self.tell(crisis.declared_by, "\n".join(lines), channel_id=crisis.origin_channel_id)

    def declaration_failed(self, crisis: Crisis, failure: SlackCallFailed) -> None:
        """Tell the declarer the crisis is saved but its channel could not be set up."""
        self.tell(
            crisis.declared_by,
            f"I saved crisis #{crisis.id} *{escape(crisis.title)}*, but I couldn't "
            f"{failure.action}: {failure.reason}. Nothing you entered is lost; ask an admin to "
            "check the app, then declare it again.",
            channel_id=crisis.origin_channel_id,
        )

    def reply_to_source(self, crisis: Crisis, once: Once | None = None) -> None:
        """Reply in the thread of the message the crisis was declared from, with its channel."""
        if crisis.source is None:
            return
        text = (
            f":rotating_light: Declared as a customer crisis: *{escape(crisis.title)}* "
            f"({crisis.severity.label}), led by <@{crisis.lead_id}>. "
            f"The response happens in <#{crisis.channel_id}>."
        )
        self._post(
            crisis.source.channel_id,
            "reply in the thread of the message",
            once,
            text=text,
            thread_ts=crisis.source.reply_ts,
        )

    def tell(self, user_id: str, text: str, *, channel_id: str | None = None) -> None:
        """Ephemerally in `channel_id` if the app can post there, otherwise by direct message."""
        if channel_id:
            try:
                self._client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)
                return
            except (SlackClientError, OSError) as error:
                logger.info(
                    "ephemeral to %s in %s failed (%s); sending a DM",
                    user_id,
                    channel_id,
                    error_code(error) or error,
                )
        try:
            self._client.chat_postMessage(channel=user_id, text=text)
        except (SlackClientError, OSError) as error:
            # Nobody is left to tell: keep the message in the log for the operator (one line).
            logger.error("could not tell %s (%s): %s", user_id, error_code(error) or error, text)


def channel_of(crisis: Crisis) -> str:
    """The crisis channel's id, or SlackCallFailed if it has none yet."""
    if crisis.channel_id is None:
        raise SlackCallFailed("post in the crisis channel", "the crisis has no channel yet")
    return crisis.channel_id
