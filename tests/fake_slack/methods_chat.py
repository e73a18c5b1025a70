"""chat.* and pins.*: messages as Slack stores them, with its error codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.fake_slack.state import Answer, Args, Ephemeral, Message, Scheduled, SlackError
from tests.fake_slack.validation import check_message
from tests.fake_slack.workspace import Workspace, json_arg

SCHEDULE_MAX_SECONDS = 120 * 86400
SCHEDULE_WINDOW_SECONDS = 300
SCHEDULE_PER_WINDOW = 30
METADATA_BYTES_MAX = 8000


def _metadata(value: Any) -> dict[str, Any] | None:
    """`metadata` must be {"event_type": str, "event_payload": object}."""
    if value is None or value == "":
        return None
    metadata = json_arg(value, "invalid_metadata_format")
    if not isinstance(metadata, dict):
        raise SlackError("invalid_metadata_format")
    if not metadata:
        return {}
    event_type, payload = metadata.get("event_type"), metadata.get("event_payload")
    if not isinstance(event_type, str) or not event_type or not isinstance(payload, dict):
        raise SlackError("invalid_metadata_schema")
    if len(str(metadata).encode()) > METADATA_BYTES_MAX:
        raise SlackError("metadata_too_large")
    return metadata


def _content(args: Args) -> tuple[str, list[dict[str, Any]]]:
    if args.get("markdown_text") and (args.get("text") or args.get("blocks")):
        raise SlackError("markdown_text_conflict")
    text = args.get("text") if args.get("text") is not None else args.get("markdown_text")
    blocks = check_message(
        text,
        json_arg(args.get("blocks"), "invalid_blocks_format"),
        attachments=args.get("attachments"),
    )
    return str(text or ""), blocks


def _thread(ws: Workspace, channel_id: str, thread_ts: Any) -> str | None:
    if not thread_ts:
        return None
    wanted = str(thread_ts)
    parent = next((m for m in ws.messages[channel_id] if m.ts == wanted), None)
    if parent is not None and parent.thread_ts and parent.thread_ts != parent.ts:
        return parent.thread_ts  # Slack files a reply to a reply under the thread's parent
    return wanted


def post_message(ws: Workspace, args: Args) -> Answer:
    channel = ws.target(args.get("channel"))
    text, blocks = _content(args)
    metadata = _metadata(args.get("metadata")) or None
    message = Message(
        ws.ids.ts(),
        channel.id,
        ws.bot_user_id,
        text,
        blocks,
        metadata,
        _thread(ws, channel.id, args.get("thread_ts")),
    )
    ws.messages[channel.id].append(message)
    return {"channel": channel.id, "ts": message.ts, "message": ws.message_json(message)}


def post_ephemeral(ws: Workspace, args: Args) -> Answer:
    channel = ws.target(args.get("channel"))
    user = str(args.get("user") or "")
    if user not in channel.members:
        raise SlackError("user_not_in_channel")
    text, blocks = _content(args)
    ts = ws.ids.ts()
    thread = str(args["thread_ts"]) if args.get("thread_ts") else None
    ws.ephemerals.append(Ephemeral(channel.id, user, text, blocks, ts, thread))
    return {"message_ts": ts}


def update(ws: Workspace, args: Args) -> Answer:
    channel = ws.channels.get(str(args.get("channel") or ""))
    if channel is not None and channel.archived:
        raise SlackError("is_inactive")
    channel = ws.channel(args.get("channel"), writable=False)
    message = ws.find_message(channel, args.get("ts"))
    if message.user != ws.bot_user_id:
        raise SlackError("cant_update_message")
    has_blocks = args.get("blocks") is not None
    text, blocks = _content(args)
    message.text = text
    if has_blocks:
        message.blocks = blocks
    if "metadata" in args:
        message.metadata = _metadata(args.get("metadata")) or None
    message.edits += 1
    return {
        "channel": channel.id,
        "ts": message.ts,
        "text": message.text,
        "message": ws.message_json(message),
    }


def delete(ws: Workspace, args: Args) -> Answer:
    channel = ws.channel(args.get("channel"), writable=False)
    message = ws.find_message(channel, args.get("ts"))
    if message.user != ws.bot_user_id:
        raise SlackError("cant_delete_message")
    ws.messages[channel.id].remove(message)
    if message.ts in channel.pins:
        channel.pins.remove(message.ts)
    return {"channel": channel.id, "ts": message.ts}


def get_permalink(ws: Workspace, args: Args) -> Answer:
    channel = ws.channel(args.get("channel"), must_be_member=False, writable=False)
    message = ws.find_message(channel, args.get("message_ts"))
    link = f"https://acme.slack.com/archives/{channel.id}/p{message.ts.replace('.', '')}"
    return {"channel": channel.id, "permalink": link}


def schedule_message(ws: Workspace, args: Args) -> Answer:
    channel = ws.target(args.get("channel"))
    try:
        post_at = int(float(args.get("post_at") or 0))
    except ValueError:
        raise SlackError("invalid_time") from None
    now = ws.ids.now()
    if post_at <= now:
        raise SlackError("time_in_past")
    if post_at > now + SCHEDULE_MAX_SECONDS:
        raise SlackError("time_too_far")
    text, blocks = _content(args)
    _metadata(args.get("metadata"))
    recent = [
        s
        for s in ws.scheduled
        if s.channel == channel.id and now - s.scheduled_at < SCHEDULE_WINDOW_SECONDS
    ]
    if len(recent) >= SCHEDULE_PER_WINDOW:
        raise SlackError("restricted_too_many")
    scheduled = Scheduled(ws.ids.new("Q"), channel.id, post_at, text, blocks, now)
    ws.scheduled.append(scheduled)
    return {
        "channel": channel.id,
        "scheduled_message_id": scheduled.id,
        "post_at": post_at,
        "message": {"text": text, "blocks": blocks, "user": ws.bot_user_id},
    }


def delete_scheduled(ws: Workspace, args: Args) -> Answer:
    channel = ws.channel(args.get("channel"), writable=False)
    wanted = str(args.get("scheduled_message_id") or "")
    found = next((s for s in ws.scheduled if s.id == wanted and s.channel == channel.id), None)
    if found is None:
        raise SlackError("invalid_scheduled_message_id")
    ws.scheduled.remove(found)
    return {}


def pins_add(ws: Workspace, args: Args) -> Answer:
    channel = ws.channel(args.get("channel"), writable=False)
    if not args.get("timestamp"):
        raise SlackError("no_item_specified")
    message = ws.find_message(channel, args.get("timestamp"))
    if message.ts in channel.pins:
        raise SlackError("already_pinned")
    channel.pins.append(message.ts)
    return {}


def pins_remove(ws: Workspace, args: Args) -> Answer:
    channel = ws.channel(args.get("channel"), writable=False)
    if not args.get("timestamp"):
        raise SlackError("no_item_specified")
    message = ws.find_message(channel, args.get("timestamp"))
    if message.ts not in channel.pins:
        raise SlackError("no_pin")
    channel.pins.remove(message.ts)
    return {}


def pins_list(ws: Workspace, args: Args) -> Answer:
    channel = ws.channel(args.get("channel"), must_be_member=False, writable=False)
    by_ts = {m.ts: m for m in ws.messages[channel.id]}
    return {
        "items": [
            {"type": "message", "channel": channel.id, "message": ws.message_json(by_ts[ts])}
            for ts in channel.pins
            if ts in by_ts
        ]
    }


METHODS: dict[str, Callable[[Workspace, Args], Answer]] = {
    "chat.postMessage": post_message,
    "chat.postEphemeral": post_ephemeral,
    "chat.update": update,
    "chat.delete": delete,
    "chat.getPermalink": get_permalink,
    "chat.scheduleMessage": schedule_message,
    "chat.deleteScheduledMessage": delete_scheduled,
    "pins.add": pins_add,
    "pins.remove": pins_remove,
    "pins.list": pins_list,
}
