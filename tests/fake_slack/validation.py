"""Block Kit checks: slack_sdk.models' own validators plus the limits they leave out."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from tests.fake_slack.state import SlackError

MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
TEXT_MAX = 40_000
ID_MAX = 255
MODAL_TEXT_MAX = 24
PRIVATE_METADATA_MAX = 3000
INPUT_MAX_LENGTH = 3000
VIEW_BYTES_MAX = 250_000
ELEMENT_KEYS = ("accessory", "element")
PARSED_ELEMENT_LISTS = ("actions", "context")


def check_message(text: Any, blocks: Any, *, attachments: Any = None) -> list[dict[str, Any]]:
    """Validate a message's text and blocks (as chat.postMessage would); return the blocks."""
    if text is not None and not isinstance(text, str):
        text = str(text)
    if isinstance(text, str) and len(text) > TEXT_MAX:
        raise SlackError("msg_too_long")
    parsed = check_blocks(blocks, limit=MESSAGE_BLOCKS_MAX)
    if not parsed and not attachments and not (isinstance(text, str) and text.strip()):
        raise SlackError("no_text")
    return parsed


def check_blocks(blocks: Any, *, limit: int) -> list[dict[str, Any]]:
    """Every block parsed and serialized by slack_sdk.models, plus Slack's other limits."""
    if blocks is None or blocks in ("", []):
        return []
    if not isinstance(blocks, list):
        raise SlackError("invalid_blocks_format")
    problems = block_problems(blocks, limit=limit)
    if problems:
        raise SlackError("invalid_blocks", errors=problems)
    return blocks


def block_problems(blocks: list[Any], *, limit: int) -> list[str]:
    problems: list[str] = []
    if len(blocks) > limit:
        problems.append(f"no more than {limit} items allowed [json-pointer:/blocks]")
    seen: set[str] = set()
    for index, raw in enumerate(blocks):
        where = f"[json-pointer:/blocks/{index}]"
        if not isinstance(raw, dict):
            problems.append(f"must be an object {where}")
            continue
        problems.extend(f"{p} {where}" for p in _limits(raw, seen))
        try:
            block = Block.parse(raw)
            if block is None or type(block) is Block:
                problems.append(f"unsupported type {raw.get('type')!r} {where}")
                continue
            problems.extend(f"{p} {where}" for p in _dropped_elements(raw, block))
            block.to_dict()
        except Exception as error:  # the SDK raises SlackObjectFormationError, or worse
            problems.append(f"{error} {where}")
    return problems


def check_view(view: Any) -> dict[str, Any]:
    """Validate a view the way views.open/push/update/publish would."""
    if not isinstance(view, dict):
        raise SlackError(
            "invalid_arguments", response_metadata={"messages": ["view: not an object"]}
        )
    if len(json.dumps(view).encode()) > VIEW_BYTES_MAX:
        raise SlackError("view_too_large")
    problems: list[str] = []
    if view.get("type") not in ("modal", "home"):
        problems.append(f"view type {view.get('type')!r} must be modal or home")
    for key in ("title", "submit", "close"):
        text = view.get(key)
        if text is not None and not isinstance(text, dict):
            problems.append(f"{key} must be a plain_text object")
        elif isinstance(text, dict) and len(str(text.get("text", ""))) > MODAL_TEXT_MAX:
            problems.append(f"{key} must be at most {MODAL_TEXT_MAX} characters")
    if view.get("type") == "modal" and not isinstance(view.get("title"), dict):
        problems.append("a modal needs a title")
    if len(str(view.get("private_metadata") or "")) > PRIVATE_METADATA_MAX:
        problems.append(f"private_metadata must be at most {PRIVATE_METADATA_MAX} characters")
    for key in ("callback_id", "external_id"):
        if len(str(view.get(key) or "")) > ID_MAX:
            problems.append(f"{key} must be at most {ID_MAX} characters")
    blocks = view.get("blocks")
    if not isinstance(blocks, list):
        problems.append("blocks must be a list")
    else:
        problems.extend(block_problems(blocks, limit=VIEW_BLOCKS_MAX))
    if not problems:
        try:
            View(**view).to_dict()
        except Exception as error:
            problems.append(f"view: {error}")
    if problems:
        raise SlackError("invalid_arguments", response_metadata={"messages": problems})
    return view


def _limits(block: dict[str, Any], seen: set[str]) -> list[str]:
    problems = []
    block_id = block.get("block_id")
    if block_id is not None:
        if not isinstance(block_id, str) or not block_id:
            problems.append("block_id must be a non-empty string")
        elif block_id in seen:
            problems.append(f"duplicate block_id {block_id!r}")
        elif len(block_id) > ID_MAX:
            problems.append(f"block_id must be at most {ID_MAX} characters")
        seen.add(str(block_id))
    text = block.get("text")
    if block.get("type") in ("section", "header") and text is not None:
        if not isinstance(text, dict):
            problems.append("text must be a text object")
        elif block.get("type") == "header" and text.get("type") != "plain_text":
            problems.append("header text must be plain_text")
    if block.get("type") == "input" and not isinstance(block.get("label"), dict):
        problems.append("an input block needs a plain_text label")
    action_ids: set[str] = set()
    for element in _elements(block):
        action_id = element.get("action_id")
        if isinstance(action_id, str):
            if len(action_id) > ID_MAX:
                problems.append(f"action_id must be at most {ID_MAX} characters")
            if action_id in action_ids:
                problems.append(f"duplicate action_id {action_id!r}")
            action_ids.add(action_id)
        if element.get("type") == "plain_text_input":
            max_length = element.get("max_length")
            if isinstance(max_length, int) and not 1 <= max_length <= INPUT_MAX_LENGTH:
                problems.append(f"plain_text_input max_length must be 1..{INPUT_MAX_LENGTH}")
            initial = element.get("initial_value")
            limit = max_length if isinstance(max_length, int) else INPUT_MAX_LENGTH
            if isinstance(initial, str) and len(initial) > limit:
                problems.append("initial_value is longer than max_length")
    return problems


def _elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    found = [*(block.get(key) for key in ELEMENT_KEYS), *(block.get("elements") or [])]
    return [e for e in found if isinstance(e, dict)]


def _dropped_elements(raw: dict[str, Any], block: Block) -> list[str]:
    """Elements the SDK silently skipped (unknown types): Slack rejects them."""
    problems = []
    for key in ELEMENT_KEYS:
        if raw.get(key) is not None and getattr(block, key, None) is None:
            problems.append(f"unsupported {key} type {_type_of(raw[key])!r}")
    if raw.get("type") in PARSED_ELEMENT_LISTS:
        for element, parsed in zip(
            raw.get("elements") or [], getattr(block, "elements", None) or [], strict=False
        ):
            if parsed is None:
                problems.append(f"unsupported element type {_type_of(element)!r}")
    return problems


def _type_of(value: Any) -> Any:
    return value.get("type") if isinstance(value, dict) else type(value).__name__
