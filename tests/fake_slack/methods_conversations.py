"""auth.test and conversations.*: Slack's rules and error codes, on the workspace's state."""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.fake_slack.state import Answer, Args, SlackError
from tests.fake_slack.workspace import Workspace, as_list, flag

CHANNEL_NAME = re.compile(r"^[a-z0-9_-]+$")
NAME_MAX = 80
INVITE_MAX = 100
TOPIC_MAX = 250
HISTORY_LIMIT_MAX = 999


def auth_test(ws: Workspace, args: Args) -> Answer:
    return {
        "url": "https://acme.slack.com/",
        "team": "Acme",
        "user": "crisis-desk",
        "team_id": ws.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "is_enterprise_install": False,
    }


def check_channel_name(ws: Workspace, name: str) -> None:
    """conversations.create's name rules, in the order Slack applies them."""
    if not name:
        raise SlackError("invalid_name_required")
    if len(name) > NAME_MAX:
        raise SlackError("invalid_name_maxlength")
    if not CHANNEL_NAME.match(name):
        raise SlackError("invalid_name_specials")
    if not re.search(r"[a-z0-9]", name):
        raise SlackError("invalid_name_punctuation")
    if ws.by_name(name) is not None:  # archived channels keep their names
        raise SlackError("name_taken")


def create(ws: Workspace, args: Args) -> Answer:
    name = str(args.get("name") or "")
    check_channel_name(ws, name)
    channel = ws.add_channel(
        name, {ws.bot_user_id}, is_private=flag(args.get("is_private")), creator=ws.bot_user_id
    )
    return {"channel": ws.channel_json(channel)}


def invite(ws: Workspace, args: Args) -> Answer:
    channel = ws.channel(args.get("channel"))
    if channel.is_im:
        raise SlackError("method_not_supported_for_channel_type")
    users = as_list(args.get("users"))
    if not users:
        raise SlackError("no_user")
    if len(users) > INVITE_MAX:
        raise SlackError("too_many_users")
    errors = []
    for user in dict.fromkeys(users):
        if user == ws.bot_user_id:
            errors.append({"user": user, "ok": False, "error": "cant_invite_self"})
        elif user not in ws.users:
            errors.append({"user": user, "ok": False, "error": "user_not_found"})
        elif user in channel.members:
            errors.append({"user": user, "ok": False, "error": "already_in_channel"})
    if errors and (not flag(args.get("force")) or len(errors) == len(set(users))):
        raise SlackError(str(errors[0]["error"]), errors=errors)
    bad = {e["user"] for e in errors}
    channel.members.update(u for u in users if u not in bad)
    answer: Answer = {"channel": ws.channel_json(channel)}
    if errors:
        answer["errors"] = errors
    return answer


def _describe(what: str) -> Callable[[Workspace, Args], Answer]:
    def method(ws: Workspace, args: Args) -> Answer:
        channel = ws.channel(args.get("channel"))
        text = str(args.get(what) or "")
        if len(text) > TOPIC_MAX:
            raise SlackError("too_long")
        setattr(channel, what, text)
        return {"channel": ws.channel_json(channel), what: text}

    return method


def info(ws: Workspace, args: Args) -> Answer:
    channel = ws.channel(args.get("channel"), must_be_member=False, writable=False)
    return {"channel": ws.channel_json(channel)}


LIST_LIMIT_MAX = 1000
CHANNEL_TYPES = {"public_channel", "private_channel", "mpim", "im"}


def list_channels(ws: Workspace, args: Args) -> Answer:
    """conversations.list: public channels by default; private ones only with the app in them."""
    types = set(str(args.get("types") or "public_channel").split(","))
    if not types <= CHANNEL_TYPES:
        raise SlackError("invalid_types")
    try:
        limit = int(args.get("limit") or 100)
        start = int(str(args.get("cursor") or "offset:0").removeprefix("offset:"))
    except ValueError:
        raise SlackError("invalid_cursor") from None
    if not 1 <= limit <= LIST_LIMIT_MAX:
        raise SlackError("invalid_limit")
    found = [
        c
        for c in ws.channels.values()
        if not (flag(args.get("exclude_archived")) and c.archived)
        and (
            ("im" in types and c.is_im)
            or ("public_channel" in types and not c.is_private and not c.is_im)
            or ("private_channel" in types and c.is_private and ws.bot_user_id in c.members)
        )
    ]
    page = found[start : start + limit]
    more = start + limit < len(found)
    return {
        "channels": [ws.channel_json(c) for c in page],
        "response_metadata": {"next_cursor": f"offset:{start + limit}" if more else ""},
    }


def members(ws: Workspace, args: Args) -> Answer:
    channel = ws.channel(args.get("channel"), must_be_member=False, writable=False)
    return {"members": sorted(channel.members), "response_metadata": {"next_cursor": ""}}


def archive(ws: Workspace, args: Args) -> Answer:
    channel = ws.channel(args.get("channel"), writable=False)
    if channel.is_im:
        raise SlackError("method_not_supported_for_channel_type")
    if channel.archived:
        raise SlackError("already_archived")
    channel.archived = True
    return {}


def join(ws: Workspace, args: Args) -> Answer:
    channel = ws.channel(args.get("channel"), must_be_member=False)
    if channel.is_private or channel.is_im:
        raise SlackError("method_not_supported_for_channel_type")
    answer: Answer = {"channel": ws.channel_json(channel)}
    if ws.bot_user_id in channel.members:
        answer["warning"] = "already_in_channel"
    channel.members.add(ws.bot_user_id)
    answer["channel"] = ws.channel_json(channel)
    return answer


def open_im(ws: Workspace, args: Args) -> Answer:
    if args.get("channel"):
        channel = ws.channel(args.get("channel"), writable=False)
        return {"channel": {"id": channel.id}}
    users = as_list(args.get("users"))
    if not users:
        raise SlackError("users_list_not_supplied")
    if len(users) > 1:
        raise SlackError("not_supported_by_fake", detail="group DMs are not modelled")
    if users[0] not in ws.users or users[0] == ws.bot_user_id:
        raise SlackError("user_not_found")
    channel = ws.im(users[0])
    if flag(args.get("return_im")):
        return {"channel": ws.channel_json(channel)}
    return {"channel": {"id": channel.id}}


def history(ws: Workspace, args: Args) -> Answer:
    channel = ws.channel(args.get("channel"), writable=False)
    inclusive = flag(args.get("inclusive"))
    try:
        oldest = float(args.get("oldest") or 0)
        latest = float(args.get("latest") or 10**12)
        limit = min(int(args.get("limit") or 100), HISTORY_LIMIT_MAX)
    except ValueError:
        raise SlackError("invalid_arguments") from None
    if limit < 1:
        raise SlackError("invalid_limit")

    def within(ts: float) -> bool:
        if inclusive:
            return oldest <= ts <= latest
        return oldest < ts < latest

    found = [
        m
        for m in reversed(ws.messages[channel.id])
        if within(float(m.ts)) and (m.thread_ts is None or m.thread_ts == m.ts)
    ]
    with_metadata = flag(args.get("include_all_metadata"))
    return {
        "messages": [ws.message_json(m, with_metadata=with_metadata) for m in found[:limit]],
        "has_more": len(found) > limit,
        "response_metadata": {"next_cursor": ""},
    }


def replies(ws: Workspace, args: Args) -> Answer:
    channel = ws.channel(args.get("channel"), writable=False)
    parent = ws.find_message(channel, args.get("ts"))
    thread = [m for m in ws.messages[channel.id] if parent.ts in (m.ts, m.thread_ts)]
    with_metadata = flag(args.get("include_all_metadata"))
    return {
        "messages": [ws.message_json(m, with_metadata=with_metadata) for m in thread],
        "has_more": False,
    }


METHODS: dict[str, Callable[[Workspace, Args], Answer]] = {
    "auth.test": auth_test,
    "conversations.create": create,
    "conversations.invite": invite,
    "conversations.setTopic": _describe("topic"),
    "conversations.setPurpose": _describe("purpose"),
    "conversations.info": info,
    "conversations.list": list_channels,
    "conversations.members": members,
    "conversations.archive": archive,
    "conversations.join": join,
    "conversations.open": open_im,
    "conversations.history": history,
    "conversations.replies": replies,
}
