"""views.*: modal stacks per trigger, Home tabs per user, hashes against stale updates."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from tests.fake_slack.state import Answer, Args, SlackError
from tests.fake_slack.validation import check_view
from tests.fake_slack.workspace import Workspace, json_arg

VIEW_STACK_MAX = 3
TRIGGER_FORMAT = re.compile(r"^\d+\.\d+\.[0-9A-Za-z]+$")


def _invalid(message: str) -> SlackError:
    return SlackError("invalid_arguments", response_metadata={"messages": [message]})


def _view_arg(args: Args) -> dict[str, Any]:
    if args.get("view") in (None, ""):
        raise _invalid("[ERROR] missing required field: view")
    return check_view(json_arg(args.get("view"), "invalid_arguments"))


def _trigger(ws: Workspace, args: Args) -> str:
    trigger = str(args.get("trigger_id") or args.get("interactivity_pointer") or "")
    if not trigger:
        raise _invalid("[ERROR] missing required field: trigger_id")
    if not TRIGGER_FORMAT.match(trigger):
        raise SlackError("invalid_trigger_id")
    if trigger in ws.expired_triggers:
        raise SlackError("expired_trigger_id")
    return trigger


def _check_external_id(ws: Workspace, view: dict[str, Any], keep: str | None = None) -> None:
    external_id = view.get("external_id")
    if external_id and any(
        v.get("external_id") == external_id and v["id"] != keep for v in ws.views.values()
    ):
        raise SlackError("duplicate_external_id")


def _store(
    ws: Workspace,
    view: dict[str, Any],
    *,
    view_id: str | None = None,
    root: str | None = None,
    previous: str | None = None,
) -> dict[str, Any]:
    view_id = view_id or ws.ids.new("V")
    stored = {
        **view,
        "id": view_id,
        "team_id": ws.team_id,
        "app_id": "AFAKE",
        "bot_id": ws.bot_id,
        "hash": f"{int(ws.ids.now())}.{uuid.uuid4().hex[:8]}",
        "root_view_id": root or view_id,
        "previous_view_id": previous,
        "state": {"values": {}},
        "private_metadata": view.get("private_metadata", ""),
        "callback_id": view.get("callback_id", ""),
        "external_id": view.get("external_id", ""),
    }
    ws.views[view_id] = stored
    return stored


def views_open(ws: Workspace, args: Args) -> Answer:
    trigger = _trigger(ws, args)
    if trigger in ws.exchanged_triggers:
        raise SlackError("exchanged_trigger_id")
    view = _view_arg(args)
    if view["type"] != "modal":
        raise _invalid("views.open takes a modal")
    _check_external_id(ws, view)
    stored = _store(ws, view)
    ws.stacks[stored["id"]] = [stored["id"]]
    ws.trigger_roots[trigger] = stored["id"]
    ws.exchanged_triggers.add(trigger)
    return {"view": stored}


def views_push(ws: Workspace, args: Args) -> Answer:
    trigger = _trigger(ws, args)
    root = ws.trigger_roots.get(trigger)
    if root is None:
        if trigger in ws.exchanged_triggers:
            raise SlackError("exchanged_trigger_id")
        # A trigger from an interaction the fake did not see: the newest open modal's.
        root = next(reversed(ws.stacks), None)
    if root is None or root not in ws.stacks:
        raise SlackError("not_found")
    view = _view_arg(args)
    if view["type"] != "modal":
        raise _invalid("views.push takes a modal")
    stack = ws.stacks[root]
    if len(stack) >= VIEW_STACK_MAX:
        raise SlackError("push_limit_reached")
    _check_external_id(ws, view)
    stored = _store(ws, view, root=root, previous=stack[-1])
    stack.append(stored["id"])
    ws.trigger_roots[trigger] = root
    ws.exchanged_triggers.add(trigger)
    return {"view": stored}


def views_update(ws: Workspace, args: Args) -> Answer:
    view_id, external_id = args.get("view_id"), args.get("external_id")
    if not view_id and not external_id:
        raise _invalid("[ERROR] either view_id or external_id is required")
    if not view_id:
        view_id = next(
            (v["id"] for v in ws.views.values() if v.get("external_id") == external_id), None
        )
    current = ws.views.get(str(view_id or ""))
    if current is None:
        raise SlackError("not_found")
    if args.get("hash") and args["hash"] != current["hash"]:
        raise SlackError("hash_conflict")
    view = _view_arg(args)
    if view["type"] != current["type"]:
        raise _invalid("a view cannot change its type")
    _check_external_id(ws, view, keep=current["id"])
    if not view.get("external_id") and current.get("external_id"):
        view = {**view, "external_id": current["external_id"]}
    stored = _store(
        ws,
        view,
        view_id=current["id"],
        root=current["root_view_id"],
        previous=current.get("previous_view_id"),
    )
    return {"view": stored}


def views_publish(ws: Workspace, args: Args) -> Answer:
    user_id = str(args.get("user_id") or "")
    if not user_id:
        raise _invalid("[ERROR] missing required field: user_id")
    if user_id not in ws.users:
        raise SlackError("user_not_found")
    view = _view_arg(args)
    if view["type"] != "home":
        raise _invalid("views.publish takes a home view")
    current = ws.views.get(ws.home_views.get(user_id, ""))
    if current is not None and args.get("hash") and args["hash"] != current["hash"]:
        raise SlackError("hash_conflict")
    _check_external_id(ws, view, keep=current["id"] if current else None)
    stored = _store(ws, view, view_id=current["id"] if current else None)
    ws.home_views[user_id] = stored["id"]
    return {"view": stored}


METHODS: dict[str, Callable[[Workspace, Args], Answer]] = {
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
}
