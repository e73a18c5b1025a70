"""Messages, pins, users, views and files: the rest of the fake's Web API methods."""

from __future__ import annotations

import time
import uuid
from typing import Any

from tests.fake_slack.state import Ephemeral, Message, SlackError, StoredFile
from tests.fake_slack.validation import check_message, check_view

SCHEDULE_MAX_SECONDS = 120 * 86400
VIEW_STACK_MAX = 3


def _json(value: Any) -> Any:
    import json

    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise SlackError("invalid_json") from None
    return value


class MessagingMethods:
    """Mixed into Workspace, whose state these methods use."""

    # Provided by Workspace.
    bot_user_id: str
    users: dict[str, Any]
    channels: dict[str, Any]
    messages: dict[str, list[Message]]
    ephemerals: list[Ephemeral]
    views: dict[str, dict[str, Any]]
    stacks: dict[str, list[str]]
    expired_triggers: set[str]
    files: dict[str, StoredFile]
    scheduled: list[dict[str, Any]]
    ids: Any

    def channel(
        self, channel_id: Any, *, must_be_member: bool = True, writable: bool = True
    ) -> Any:
        raise NotImplementedError

    def im(self, user_id: str) -> Any:
        raise NotImplementedError

    def find_message(self, channel: Any, ts: Any) -> Message:
        raise NotImplementedError

    base_url: Any

    def _target(self, channel_id: Any) -> Any:
        target = str(channel_id or "")
        if target in self.users:
            return self.im(target)
        return self.channel(target)

    def chat_post_message(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._target(args.get("channel"))
        blocks = check_message(args.get("text"), _json(args.get("blocks")))
        metadata = _json(args.get("metadata")) if args.get("metadata") else None
        message = Message(
            self.ids.ts(),
            channel.id,
            self.bot_user_id,
            str(args.get("text") or ""),
            blocks,
            metadata,
            args.get("thread_ts"),
        )
        self.messages[channel.id].append(message)
        return {
            "channel": channel.id,
            "ts": message.ts,
            "message": {"text": message.text, "ts": message.ts, "blocks": blocks},
        }

    def chat_post_ephemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.channel(args.get("channel"))
        user = str(args.get("user") or "")
        if user not in channel.members:
            raise SlackError("user_not_in_channel")
        blocks = check_message(args.get("text"), _json(args.get("blocks")))
        self.ephemerals.append(Ephemeral(channel.id, user, str(args.get("text") or ""), blocks))
        return {"message_ts": self.ids.ts()}

    def chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.channel(args.get("channel"))
        message = self.find_message(channel, args.get("ts"))
        if message.user != self.bot_user_id:
            raise SlackError("cant_update_message")
        blocks = check_message(args.get("text") or message.text, _json(args.get("blocks")))
        message.text = str(args.get("text") or message.text)
        message.blocks = blocks
        message.edits += 1
        return {"channel": channel.id, "ts": message.ts}

    def chat_delete(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.channel(args.get("channel"))
        message = self.find_message(channel, args.get("ts"))
        self.messages[channel.id].remove(message)
        return {"channel": channel.id, "ts": message.ts}

    def chat_get_permalink(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.channel(args.get("channel"), must_be_member=False, writable=False)
        message = self.find_message(channel, args.get("message_ts"))
        return {
            "permalink": f"https://acme.slack.com/archives/{channel.id}/p{message.ts.replace('.', '')}"
        }

    def chat_schedule_message(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._target(args.get("channel"))
        post_at = int(args.get("post_at") or 0)
        now = time.time()
        if post_at <= now:
            raise SlackError("time_in_past")
        if post_at > now + SCHEDULE_MAX_SECONDS:
            raise SlackError("time_too_far")
        check_message(args.get("text"), _json(args.get("blocks")))
        scheduled_id = self.ids.new("Q")
        self.scheduled.append({"id": scheduled_id, "channel": channel.id, "post_at": post_at})
        return {"channel": channel.id, "scheduled_message_id": scheduled_id, "post_at": post_at}

    def pins_add(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.channel(args.get("channel"))
        message = self.find_message(channel, args.get("timestamp"))
        if message.ts in channel.pins:
            raise SlackError("already_pinned")
        channel.pins.append(message.ts)
        return {}

    def pins_list(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.channel(args.get("channel"), writable=False)
        return {"items": [{"type": "message", "message": {"ts": ts}} for ts in channel.pins]}

    def bookmarks_add(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self.channel(args.get("channel_id"))
        if not args.get("title") or args.get("type") != "link":
            raise SlackError("invalid_arguments")
        return {
            "bookmark": {
                "id": self.ids.new("Bk"),
                "channel_id": channel.id,
                "title": args["title"],
                "link": args.get("link"),
            }
        }

    def users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(args.get("user") or ""))
        if user is None:
            raise SlackError("user_not_found")
        return {
            "user": {
                "id": user.id,
                "name": user.name.lower().replace(" ", "."),
                "real_name": user.name,
                "tz": user.tz,
                "tz_offset": user.tz_offset,
                "is_bot": user.is_bot,
                "profile": {"display_name": user.name, "real_name": user.name},
            }
        }

    # -- views -----------------------------------------------------------------------------
    def _stored_view(
        self, view: dict[str, Any], *, view_id: str | None = None, root: str | None = None
    ) -> dict[str, Any]:
        view_id = view_id or self.ids.new("V")
        stored = {
            **view,
            "id": view_id,
            "team_id": "T",
            "hash": uuid.uuid4().hex[:12],
            "root_view_id": root or view_id,
            "state": {"values": {}},
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
        }
        self.views[view_id] = stored
        return stored

    def views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        trigger = str(args.get("trigger_id") or "")
        if not trigger:
            raise SlackError(
                "invalid_arguments", response_metadata={"messages": ["trigger_id required"]}
            )
        if trigger in self.expired_triggers:
            raise SlackError("expired_trigger_id")
        view = check_view(_json(args.get("view")))
        stored = self._stored_view(view)
        self.stacks[stored["id"]] = [stored["id"]]
        return {"view": stored}

    def views_push(self, args: dict[str, Any]) -> dict[str, Any]:
        trigger = str(args.get("trigger_id") or "")
        if not trigger or trigger in self.expired_triggers:
            raise SlackError("expired_trigger_id")
        view = check_view(_json(args.get("view")))
        root = (
            next(iter(self.stacks), None) if not args.get("root_view_id") else args["root_view_id"]
        )
        stack = self.stacks.setdefault(str(root), [])
        if len(stack) >= VIEW_STACK_MAX:
            raise SlackError("push_limit_reached")
        stored = self._stored_view(view, root=str(root))
        stack.append(stored["id"])
        return {"view": stored}

    def views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        view_id = args.get("view_id")
        if not view_id and args.get("external_id"):
            view_id = next(
                (
                    v["id"]
                    for v in self.views.values()
                    if v.get("external_id") == args["external_id"]
                ),
                None,
            )
        current = self.views.get(str(view_id or ""))
        if current is None:
            raise SlackError("not_found")
        if args.get("hash") and args["hash"] != current["hash"]:
            raise SlackError("hash_conflict")
        view = check_view(_json(args.get("view")))
        return {
            "view": self._stored_view(view, view_id=current["id"], root=current["root_view_id"])
        }

    def views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        if str(args.get("user_id") or "") not in self.users:
            raise SlackError("user_not_found")
        view = check_view(_json(args.get("view")))
        return {"view": self._stored_view(view)}

    # -- files -----------------------------------------------------------------------------
    def files_get_upload_url(self, args: dict[str, Any]) -> dict[str, Any]:
        filename, length = args.get("filename"), int(args.get("length") or 0)
        if not filename or length <= 0:
            raise SlackError("invalid_arguments")
        stored = StoredFile(self.ids.new("F"), str(filename))
        self.files[stored.id] = stored
        return {"upload_url": f"{self.base_url()}_upload/{stored.id}", "file_id": stored.id}

    def files_complete_upload(self, args: dict[str, Any]) -> dict[str, Any]:
        entries = _json(args.get("files"))
        if not isinstance(entries, list) or not entries:
            raise SlackError("invalid_arguments")
        channel = self.channel(args["channel_id"]) if args.get("channel_id") else None
        done = []
        for entry in entries:
            stored = self.files.get(str(entry.get("id")))
            if stored is None or not stored.content:
                raise SlackError("file_not_found")
            stored.title, stored.completed = str(entry.get("title") or stored.filename), True
            if channel is not None:
                stored.channels.append(channel.id)
            done.append({"id": stored.id, "title": stored.title, "name": stored.filename})
        return {"files": done}
