"""The fake workspace's state and the lookups every Web API method shares (callers hold the lock)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.fake_slack.state import (
    Channel,
    Ephemeral,
    Ids,
    Message,
    Scheduled,
    SlackError,
    StoredFile,
    User,
)

TRUE_VALUES = ("true", "1")


def flag(value: Any) -> bool:
    """A boolean argument as Slack reads it ("true"/"1"/true)."""
    return str(value).lower() in TRUE_VALUES


def as_list(value: Any) -> list[str]:
    """A comma-separated argument (or a JSON list)."""
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value or "").split(",") if v.strip()]


def json_arg(value: Any, error: str = "invalid_json") -> Any:
    """An argument that may arrive as a JSON string (form bodies) or already decoded (JSON)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise SlackError(error) from None
    return value


class Workspace:
    """One workspace: users, conversations, messages, views, files."""

    def __init__(
        self, *, team_id: str, bot_user_id: str, bot_id: str, base_url: Callable[[], str]
    ) -> None:
        self.team_id, self.bot_user_id, self.bot_id = team_id, bot_user_id, bot_id
        self.base_url = base_url
        self.ids = Ids()
        self.users: dict[str, User] = {bot_user_id: User(bot_user_id, "crisis-desk", is_bot=True)}
        self.channels: dict[str, Channel] = {}
        self.messages: dict[str, list[Message]] = {}
        self.ephemerals: list[Ephemeral] = []
        self.views: dict[str, dict[str, Any]] = {}
        self.stacks: dict[str, list[str]] = {}  # root view id -> the stack of view ids
        self.trigger_roots: dict[str, str] = {}  # trigger id -> the root view it belongs to
        self.exchanged_triggers: set[str] = set()
        self.expired_triggers: set[str] = set()
        self.home_views: dict[str, str] = {}  # user id -> the id of their Home tab view
        self.files: dict[str, StoredFile] = {}
        self.scheduled: list[Scheduled] = []

    # -- conversations ---------------------------------------------------------------------
    def channel(
        self, channel_id: Any, *, must_be_member: bool = True, writable: bool = True
    ) -> Channel:
        """The conversation, with Slack's checks: it exists, is visible, not archived, joined."""
        channel = self.channels.get(str(channel_id or ""))
        if channel is None or (
            (channel.is_private or channel.is_im) and self.bot_user_id not in channel.members
        ):
            raise SlackError("channel_not_found")
        if writable and channel.archived:
            raise SlackError("is_archived")
        if must_be_member and self.bot_user_id not in channel.members:
            raise SlackError("not_in_channel")
        return channel

    def target(self, channel_id: Any) -> Channel:
        """A conversation to post to: a channel id, a DM id, or a user id (their DM)."""
        target = str(channel_id or "")
        if target in self.users and target != self.bot_user_id:
            return self.im(target)
        return self.channel(target)

    def im(self, user_id: str) -> Channel:
        for channel in self.channels.values():
            if channel.is_im and channel.members == {user_id, self.bot_user_id}:
                return channel
        channel = Channel(
            self.ids.new("D"), user_id, is_im=True, members={user_id, self.bot_user_id}
        )
        self.channels[channel.id] = channel
        self.messages[channel.id] = []
        return channel

    def add_channel(
        self, name: str, members: set[str], *, is_private: bool = False, creator: str = ""
    ) -> Channel:
        channel = Channel(
            self.ids.new("G" if is_private else "C"),
            name,
            is_private,
            members=set(members),
            created_by=creator,
        )
        self.channels[channel.id] = channel
        self.messages[channel.id] = []
        return channel

    def by_name(self, name: str) -> Channel | None:
        name = name.removeprefix("#")
        return next(
            (c for c in self.channels.values() if c.name == name and not c.is_im),
            None,
        )

    def find_message(self, channel: Channel, ts: Any) -> Message:
        for message in self.messages[channel.id]:
            if message.ts == str(ts or ""):
                return message
        raise SlackError("message_not_found")

    def channel_json(self, channel: Channel) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "id": channel.id,
            "name": channel.name,
            "is_channel": not channel.is_private and not channel.is_im,
            "is_group": channel.is_private,
            "is_im": channel.is_im,
            "is_private": channel.is_private or channel.is_im,
            "is_archived": channel.archived,
            "is_member": self.bot_user_id in channel.members,
            "creator": channel.created_by,
            "topic": {"value": channel.topic},
            "purpose": {"value": channel.purpose},
            "num_members": len(channel.members),
        }
        if channel.is_im:
            answer["user"] = channel.name
        return answer

    def message_json(self, message: Message, *, with_metadata: bool = True) -> dict[str, Any]:
        item: dict[str, Any] = {
            "type": "message",
            "ts": message.ts,
            "user": message.user,
            "text": message.text,
            "blocks": message.blocks,
        }
        if message.user == self.bot_user_id:
            item["bot_id"] = self.bot_id
        if message.thread_ts:
            item["thread_ts"] = message.thread_ts
        if message.edits:
            item["edited"] = {"user": message.user, "ts": message.ts}
        if message.files:
            item["files"] = [{"id": file_id} for file_id in message.files]
        if with_metadata and message.metadata:
            item["metadata"] = message.metadata
        return item
