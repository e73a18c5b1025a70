"""users.info, bookmarks.add and the external file upload flow (files.*)."""

from __future__ import annotations

from collections.abc import Callable

from tests.fake_slack.state import Answer, Args, Message, SlackError, StoredFile
from tests.fake_slack.validation import check_blocks
from tests.fake_slack.workspace import Workspace, json_arg

BOOKMARK_TYPES = ("link",)
FILES_MAX = 100
ALT_TEXT_MAX = 1000


def users_info(ws: Workspace, args: Args) -> Answer:
    user = ws.users.get(str(args.get("user") or ""))
    if user is None:
        raise SlackError("user_not_found")
    return {
        "user": {
            "id": user.id,
            "team_id": ws.team_id,
            "name": user.name.lower().replace(" ", "."),
            "real_name": user.name,
            "tz": user.tz,
            "tz_offset": user.tz_offset,
            "is_bot": user.is_bot,
            "deleted": user.deleted,
            "profile": {"display_name": user.name, "real_name": user.name},
        }
    }


def bookmarks_add(ws: Workspace, args: Args) -> Answer:
    channel = ws.channel(args.get("channel_id"))
    title, kind, link = args.get("title"), args.get("type"), str(args.get("link") or "")
    if not title or not kind:
        raise SlackError("invalid_arguments")
    if kind not in BOOKMARK_TYPES:
        raise SlackError("invalid_bookmark_type")
    if not link.startswith(("http://", "https://")):
        raise SlackError("invalid_link")
    bookmark = {
        "id": ws.ids.new("Bk"),
        "channel_id": channel.id,
        "title": str(title),
        "link": link,
        "type": kind,
        "emoji": args.get("emoji"),
    }
    channel.bookmarks.append(bookmark)
    return {"bookmark": bookmark}


def get_upload_url(ws: Workspace, args: Args) -> Answer:
    filename = str(args.get("filename") or "")
    try:
        length = int(args.get("length") or 0)
    except ValueError:
        raise SlackError("invalid_arguments") from None
    if not filename or length <= 0:
        raise SlackError("missing_argument")
    if len(str(args.get("alt_txt") or "")) > ALT_TEXT_MAX:
        raise SlackError("alt_txt_too_large")
    stored = StoredFile(ws.ids.new("F"), filename, length)
    ws.files[stored.id] = stored
    return {"upload_url": f"{ws.base_url()}_upload/{stored.id}", "file_id": stored.id}


def complete_upload(ws: Workspace, args: Args) -> Answer:
    entries = json_arg(args.get("files"), "invalid_arguments")
    if (
        not isinstance(entries, list)
        or not entries
        or not all(isinstance(e, dict) for e in entries)
    ):
        raise SlackError("invalid_arguments")
    if len(entries) > FILES_MAX:
        raise SlackError("too_many_files")
    targets = [c for c in str(args.get("channels") or "").split(",") if c]
    if args.get("channel_id"):
        targets.insert(0, str(args["channel_id"]))
    channels = [ws.target(target) for target in targets]
    found = []
    for entry in entries:
        stored = ws.files.get(str(entry.get("id")))
        if stored is None or not stored.uploaded or stored.completed:
            raise SlackError("file_not_found")
        found.append(stored)
    comment = str(args.get("initial_comment") or "")
    blocks = [] if comment else check_blocks(json_arg(args.get("blocks")), limit=50)
    for stored, entry in zip(found, entries, strict=True):
        stored.title, stored.completed = str(entry.get("title") or stored.filename), True
        stored.channels.extend(channel.id for channel in channels)
    for channel in channels:  # sharing a file posts a message carrying it
        ws.messages[channel.id].append(
            Message(
                ws.ids.ts(),
                channel.id,
                ws.bot_user_id,
                comment,
                blocks,
                thread_ts=str(args["thread_ts"]) if args.get("thread_ts") else None,
                files=[f.id for f in found],
            )
        )
    return {
        "files": [
            {
                "id": f.id,
                "name": f.filename,
                "title": f.title,
                "size": len(f.content),
                "channels": list(f.channels),
            }
            for f in found
        ]
    }


METHODS: dict[str, Callable[[Workspace, Args], Answer]] = {
    "users.info": users_info,
    "bookmarks.add": bookmarks_add,
    "files.getUploadURLExternal": get_upload_url,
    "files.completeUploadExternal": complete_upload,
}
