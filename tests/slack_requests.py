"""Signed HTTP requests shaped like Slack's (see shared/slack/payloads), sent to the real app."""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

_trigger_numbers = itertools.count(1)
HOOKS_URL = "https://hooks.slack.com/commands/T0001/1/x"


@dataclass
class Answer:
    """What the app answered over HTTP."""

    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def new_trigger_id() -> str:
    return f"{next(_trigger_numbers)}.1234.{time.time_ns()}"


class SlackSender:
    """Sends requests to the app the way Slack does: signed, form- or JSON-encoded."""

    def __init__(
        self,
        url: str,
        signing_secret: str,
        *,
        team_id: str = "T0001",
        response_urls: Callable[[], str] | None = None,
    ) -> None:
        self.url = url
        self.team_id = team_id
        self._verifier = SignatureVerifier(signing_secret)
        # The fake Slack mints response_urls it answers; without one, Slack's own shape.
        self._response_urls = response_urls or (lambda: HOOKS_URL)

    def send(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """POST a raw body with Slack's signature headers."""
        ts = str(int(time.time()) if timestamp is None else timestamp)
        sign = signature or str(self._verifier.generate_signature(timestamp=ts, body=body))
        request = urllib.request.Request(
            self.url,
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": ts,
                "X-Slack-Signature": sign,
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Answer(response.status, response.read().decode(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode(), dict(error.headers))

    def command(
        self, text: str, *, user: str = "U001", channel: str = "C0ORIGIN", **overrides: Any
    ) -> Answer:
        """`/crisis <text>` typed by `user` in `channel`."""
        fields = self.command_fields(text, user=user, channel=channel, **overrides)
        return self.send(urlencode(fields), "application/x-www-form-urlencoded")

    def command_fields(
        self, text: str, *, user: str = "U001", channel: str = "C0ORIGIN", **overrides: Any
    ) -> dict[str, Any]:
        """The fields Slack sends for `/crisis <text>` (form-encoded over HTTP)."""
        return {
            "token": "verification_token",
            "team_id": self.team_id,
            "team_domain": "acme",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/crisis",
            "text": text,
            "api_app_id": "A0001",
            "is_enterprise_install": "false",
            "response_url": self._response_urls(),
            "trigger_id": new_trigger_id(),
            **overrides,
        }

    def interaction(self, payload: dict[str, Any], **kwargs: Any) -> Answer:
        """Any interactivity payload, form-encoded as `payload=<json>`."""
        body = urlencode({"payload": json.dumps(payload)})
        return self.send(body, "application/x-www-form-urlencoded", **kwargs)

    def event(
        self, event: dict[str, Any], *, event_id: str, retry_num: int | None = None
    ) -> Answer:
        """An Events API callback (optionally a retry)."""
        body = json.dumps(
            {
                "token": "verification_token",
                "team_id": self.team_id,
                "api_app_id": "A0001",
                "event": event,
                "type": "event_callback",
                "event_id": event_id,
                "event_time": int(time.time()),
            }
        )
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return self.send(body, "application/json", headers=headers)

    def submit_view(
        self, view: dict[str, Any], answers: dict[str, Any], *, user: str = "U001"
    ) -> Answer:
        """Submit a modal as Slack would: `view` as opened (with id), state built from answers."""
        return self.interaction(self.submission(view, answers, user=user))

    def submission(
        self, view: dict[str, Any], answers: dict[str, Any], *, user: str = "U001"
    ) -> dict[str, Any]:
        """The view_submission payload for `view` filled in with `answers`."""
        submitted = {
            "id": view["id"],
            "team_id": self.team_id,
            "type": "modal",
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": state_values(view, answers)},
            "hash": view.get("hash", "1.abc"),
            "title": view.get("title"),
            "previous_view_id": view.get("previous_view_id"),
            "root_view_id": view.get("root_view_id", view["id"]),
            "app_id": "A0001",
            "external_id": "",
            "bot_id": "BBOT",
        }
        return {
            "type": "view_submission",
            "team": {"id": self.team_id, "domain": "acme"},
            "user": self._user(user),
            "api_app_id": "A0001",
            "token": "verification_token",
            "trigger_id": new_trigger_id(),
            "view": submitted,
            "response_urls": [],
        }

    def _user(self, user: str) -> dict[str, str]:
        return {"id": user, "username": user.lower(), "name": user.lower(), "team_id": self.team_id}

    def click(
        self,
        action_id: str,
        *,
        value: str = "",
        user: str = "U001",
        channel: str | None = None,
        message_ts: str | None = None,
        block_id: str = "b",
        view: dict[str, Any] | None = None,
    ) -> Answer:
        """A button click in a message, or in the modal `view`."""
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": self._user(user),
            "api_app_id": "A0001",
            "token": "verification_token",
            "trigger_id": new_trigger_id(),
            "team": {"id": self.team_id, "domain": "acme"},
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": block_id,
                    "text": {"type": "plain_text", "text": "Button"},
                    "value": value,
                    "type": "button",
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view["id"]}
            payload["view"] = {**view, "state": {"values": {}}}
        if channel is not None:
            payload["container"] = {
                "type": "message",
                "message_ts": message_ts or "1.1",
                "channel_id": channel,
            }
            payload["channel"] = {"id": channel, "name": "crisis"}
            payload["message"] = {"ts": message_ts or "1.1", "type": "message", "text": ""}
            payload["response_url"] = self._response_urls()
        return self.interaction(payload)

    def choose(
        self, view: dict[str, Any], block_id: str, values: list[str], *, user: str = "U001"
    ) -> Answer:
        """Pick options in a dispatch_action multi-select of an open modal."""
        element = next(b["element"] for b in view["blocks"] if b.get("block_id") == block_id)
        chosen = [o for o in _options(element) if o["value"] in values]
        return self.interaction(
            {
                "type": "block_actions",
                "user": {"id": user, "username": user.lower(), "team_id": self.team_id},
                "api_app_id": "A0001",
                "token": "verification_token",
                "trigger_id": new_trigger_id(),
                "team": {"id": self.team_id, "domain": "acme"},
                "container": {"type": "view", "view_id": view["id"]},
                "view": {
                    **view,
                    "state": {
                        "values": {
                            block_id: {
                                element["action_id"]: {
                                    "type": element["type"],
                                    "selected_options": chosen,
                                }
                            }
                        }
                    },
                },
                "actions": [
                    {
                        "action_id": element["action_id"],
                        "block_id": block_id,
                        "type": element["type"],
                        "selected_options": chosen,
                        "action_ts": f"{time.time():.6f}",
                    }
                ],
            }
        )

    def message_shortcut(
        self, callback_id: str, *, channel: str, message_ts: str, text: str, user: str = "U001"
    ) -> Answer:
        """The message shortcut `callback_id` used on a message."""
        return self.interaction(
            {
                "type": "message_action",
                "token": "verification_token",
                "action_ts": f"{time.time():.6f}",
                "team": {"id": self.team_id, "domain": "acme"},
                "user": {"id": user, "name": user.lower()},
                "channel": {"id": channel, "name": "crisis"},
                "callback_id": callback_id,
                "trigger_id": new_trigger_id(),
                "message_ts": message_ts,
                "message": {"type": "message", "text": text, "user": "U002", "ts": message_ts},
                "response_url": self._response_urls(),
            }
        )


def state_values(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """`view.state.values` as Slack submits it: the answers (keyed by block_id), and for every
    other input its pre-filled value (Slack submits initial values the person left alone)."""
    values: dict[str, Any] = {}
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element = block["element"]
        if block.get("block_id") in answers:
            answer = answers[block["block_id"]]
            values[block["block_id"]] = {element["action_id"]: _element_state(element, answer)}
        elif (initial := _initial_state(element)) is not None:
            values[block["block_id"]] = {element["action_id"]: initial}
    unknown = set(answers) - {b.get("block_id") for b in view.get("blocks", [])}
    if unknown:
        raise KeyError(f"the view has no input blocks {sorted(unknown)}")
    return values


def _initial_state(element: dict[str, Any]) -> dict[str, Any] | None:
    kind = element["type"]
    for key, state_key in (
        ("initial_value", "value"),
        ("initial_option", "selected_option"),
        ("initial_user", "selected_user"),
        ("initial_date", "selected_date"),
        ("initial_date_time", "selected_date_time"),
        ("initial_options", "selected_options"),
        ("initial_users", "selected_users"),
    ):
        if key in element:
            return {"type": kind, state_key: element[key]}
    return None


def _element_state(element: dict[str, Any], answer: Any) -> dict[str, Any]:
    kind = element["type"]
    if kind in ("plain_text_input", "number_input", "email_text_input", "url_text_input"):
        return {"type": kind, "value": answer}
    if kind == "static_select":
        option = next((o for o in _options(element) if o["value"] == answer), None)
        return {
            "type": kind,
            "selected_option": option
            or {"value": answer, "text": {"type": "plain_text", "text": str(answer)}},
        }
    if kind in ("multi_static_select", "checkboxes"):
        chosen = [o for o in _options(element) if o["value"] in answer]
        return {"type": kind, "selected_options": chosen}
    if kind == "radio_buttons":
        option = next((o for o in _options(element) if o["value"] == answer), None)
        return {"type": kind, "selected_option": option}
    if kind == "users_select":
        return {"type": kind, "selected_user": answer}
    if kind == "multi_users_select":
        return {"type": kind, "selected_users": list(answer)}
    if kind == "datetimepicker":
        return {"type": kind, "selected_date_time": answer}
    if kind == "datepicker":
        return {"type": kind, "selected_date": answer}
    if kind == "timepicker":
        return {"type": kind, "selected_time": answer}
    raise ValueError(f"no state shape for element type {kind}")


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    options = list(element.get("options", []))
    for group in element.get("option_groups", []):
        options.extend(group.get("options", []))
    return options
