"""The fake workspace's Web API methods: Slack's rules and error codes, on in-memory state."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tests.fake_slack.messaging import MessagingMethods
from tests.fake_slack.state import Channel, Ephemeral, Ids, Message, SlackError, StoredFile, User

CHANNEL_NAME = re.compile(r"^[a-z0-9_-]+$")
INVITE_MAX = 100
TOPIC_MAX = 250
Method = Callable[[dict[str, Any]], dict[str, Any]]


def _list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [v for v in str(value or "").split(",") if v]


class Workspace(MessagingMethods):
    """One workspace's state and the methods that read and change it (callers hold the lock)."""

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
        self.stacks: dict[str, list[str]] = {}
        self.expired_triggers: set[str] = set()
        self.files: dict[str, StoredFile] = {}
        self.scheduled: list[dict[str, Any]] = []

    # -- helpers ---------------------------------------------------------------------------
    def channel(
        self, channel_id: Any, *, must_be_member: bool = True, writable: bool = True
    ) -> Channel:
        channel = self.channels.get(str(channel_id or ""))
        if channel is None:
            raise SlackError("channel_not_found")
        if writable and channel.archived:
            raise SlackError("is_archived")
        if must_be_member and self.bot_user_id not in channel.members:
            raise SlackError("not_in_channel")
        return channel

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
            members=members,
            created_by=creator,
        )
        self.channels[channel.id] = channel
        self.messages[channel.id] = []
        return channel

    def find_message(self, channel: Channel, ts: Any) -> Message:
        for message in self.messages[channel.id]:
            if message.ts == ts:
                return message
        raise SlackError("message_not_found")

    def methods(self) -> dict[str, Method]:
        return {
            "auth.test": self.auth_test,
            "conversations.create": self.conversations_create,
            "conversations.invite": self.conversations_invite,
            "conversations.setTopic": lambda a: self._describe(a, "topic"),
            "conversations.setPurpose": lambda a: self._describe(a, "purpose"),
            "conversations.info": self.conversations_info,
            "conversations.members": self.conversations_members,
            "conversations.archive": self.conversations_archive,
            "conversations.join": self.conversations_join,
            "conversations.open": self.conversations_open,
            "conversations.history": self.conversations_history,
            "chat.postMessage": self.chat_post_message,
            "chat.postEphemeral": self.chat_post_ephemeral,
            "chat.update": self.chat_update,
            "chat.delete": self.chat_delete,
            "chat.getPermalink": self.chat_get_permalink,
            "chat.scheduleMessage": self.chat_schedule_message,
            "pins.add": self.pins_add,
            "pins.list": self.pins_list,
            "bookmarks.add": self.bookmarks_add,
            "users.info": self.users_info,
            "views.open": self.views_open,
            "views.push": self.views_push,
            "views.update": self.views_update,
            "views.publish": self.views_publish,
            "files.getUploadURLExternal": self.files_get_upload_url,
            "files.completeUploadExternal": self.files_complete_upload,
        }

    # -- auth & conversations ----------------------------------------------------------------
    def auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": "https://acme.slack.com/",
            "team": "Acme",
            "user": "crisis-desk",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
        }

    def conversations_create(self, args: dict[str, Any]) -> dict[str, Any]:
        name = str(args.get("name") or "")
        if not name:
            raise SlackError("invalid_name_required")
        if len(name) > 80:
            raise SlackError("invalid_name_maxlength")
        if not CHANNEL_NAME.match(name):
            raise SlackError("invalid_name_specials")
        if not re.search(r"[a-z0-9]", name):
            raise SlackError("invalid_name_punctuation")
        if any(c.name == name for c in self.channels.values() if not c.is_im):
            raise SlackError("name_taken")
        private = str(args.get("is_private", "")).lower() in ("true", "1")
        channel = self.add_channel(
            name, {self.bot_user_id}, is_private=private, creator=self.bot_user_id
        )
        return {"channel": self._channel_json(channel)}

    def conversations_invite(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.channel(args.get("channel"))
        users = _list(args.get("users"))
        if not users:
            raise SlackError("no_user")
        if len(users) > INVITE_MAX:
            raise SlackError("too_many_users")
        force = str(args.get("force", "")).lower() in ("true", "1")
        errors = []
        for user in users:
            if user == self.bot_user_id:
                errors.append({"user": user, "ok": False, "error": "cant_invite_self"})
            elif user not in self.users:
                errors.append({"user": user, "ok": False, "error": "user_not_found"})
            elif user in channel.members:
                errors.append({"user": user, "ok": False, "error": "already_in_channel"})
        if errors and (not force or len(errors) == len(users)):
            raise SlackError(str(errors[0]["error"]), errors=errors)
        bad = {e["user"] for e in errors}
        channel.members.update(u for u in users if u not in bad)
        answer: dict[str, Any] = {"channel": self._channel_json(channel)}
        if errors:
            answer["errors"] = errors
        return answer

    def _describe(self, args: dict[str, Any], what: str) -> dict[str, Any]:
        channel = self.channel(args.get("channel"))
        text = str(args.get(what) or "")
        if len(text) > TOPIC_MAX:
            raise SlackError("too_long")
        setattr(channel, what, text)
        return {"channel": self._channel_json(channel)}

    def conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "channel": self._channel_json(
                self.channel(args.get("channel"), must_be_member=False, writable=False)
            )
        }

    def conversations_members(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.channel(args.get("channel"), must_be_member=False, writable=False)
        return {"members": sorted(channel.members), "response_metadata": {"next_cursor": ""}}

    def conversations_archive(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.channel(args.get("channel"), writable=False)
        if channel.archived:
            raise SlackError("already_archived")
        channel.archived = True
        return {}

    def conversations_join(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.channel(args.get("channel"), must_be_member=False)
        if channel.is_private:
            raise SlackError("method_not_supported_for_channel_type")
        channel.members.add(self.bot_user_id)
        return {"channel": self._channel_json(channel)}

    def conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        users = _list(args.get("users"))
        if len(users) != 1 or users[0] not in self.users:
            raise SlackError("user_not_found")
        return {"channel": {"id": self.im(users[0]).id}}

    def conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.channel(args.get("channel"), writable=False)
        oldest = float(args.get("oldest") or 0)
        latest = float(args.get("latest") or 10**12)
        limit = int(args.get("limit") or 100)
        with_metadata = str(args.get("include_all_metadata", "")).lower() in ("true", "1")
        found = [m for m in reversed(self.messages[channel.id]) if oldest <= float(m.ts) <= latest]
        out = []
        for message in found[:limit]:
            item: dict[str, Any] = {
                "type": "message",
                "ts": message.ts,
                "user": message.user,
                "text": message.text,
                "blocks": message.blocks,
            }
            if with_metadata and message.metadata:
                item["metadata"] = message.metadata
            out.append(item)
        return {"messages": out, "has_more": len(found) > limit}

    def _channel_json(self, channel: Channel) -> dict[str, Any]:
        return {
            "id": channel.id,
            "name": channel.name,
            "is_private": channel.is_private,
            "is_im": channel.is_im,
            "is_archived": channel.archived,
            "topic": {"value": channel.topic},
            "purpose": {"value": channel.purpose},
            "num_members": len(channel.members),
        }
