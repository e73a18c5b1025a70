"""Block Kit checks: slack_sdk.models' own validators plus the limits they leave out."""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from tests.fake_slack.state import SlackError

MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
TEXT_MAX = 40_000
ID_MAX = 255
MODAL_TEXT_MAX = 24
METADATA_MAX = 3000
INPUT_MAX_LENGTH = 3000


def check_message(text: Any, blocks: Any) -> list[dict[str, Any]]:
    """Validate a message's text and blocks; return the blocks as dicts."""
    if isinstance(text, str) and len(text) > TEXT_MAX:
        raise SlackError("msg_too_long")
    parsed = _blocks(blocks)
    if len(parsed) > MESSAGE_BLOCKS_MAX:
        raise SlackError("invalid_blocks", errors=[f"more than {MESSAGE_BLOCKS_MAX} blocks"])
    if not parsed and not (isinstance(text, str) and text.strip()):
        raise SlackError("no_text")
    return parsed


def check_view(view: Any) -> dict[str, Any]:
    """Validate a view the way views.open/push/update/publish would."""
    if not isinstance(view, dict):
        raise SlackError(
            "invalid_arguments", response_metadata={"messages": ["view must be a JSON object"]}
        )
    problems = []
    for key in ("title", "submit", "close"):
        text = view.get(key)
        if isinstance(text, dict) and len(str(text.get("text", ""))) > MODAL_TEXT_MAX:
            problems.append(f"{key} must be at most {MODAL_TEXT_MAX} characters")
    if len(str(view.get("private_metadata", ""))) > METADATA_MAX:
        problems.append(f"private_metadata must be at most {METADATA_MAX} characters")
    if len(str(view.get("callback_id", ""))) > ID_MAX:
        problems.append("callback_id too long")
    blocks = view.get("blocks", [])
    if not isinstance(blocks, list) or len(blocks) > VIEW_BLOCKS_MAX:
        problems.append(f"a view has at most {VIEW_BLOCKS_MAX} blocks")
    else:
        try:
            _blocks(blocks)
        except SlackError as error:
            problems.extend(error.extra.get("errors", [error.error]))
    try:
        View(**view).to_dict()
    except (SlackObjectFormationError, TypeError, ValueError, KeyError) as error:
        problems.append(f"view: {error}")
    if problems:
        raise SlackError("invalid_arguments", response_metadata={"messages": problems})
    return view


def _blocks(blocks: Any) -> list[dict[str, Any]]:
    if blocks in (None, "", []):
        return []
    if not isinstance(blocks, list):
        raise SlackError("invalid_blocks_format")
    problems = []
    seen: set[str] = set()
    for index, raw in enumerate(blocks):
        if not isinstance(raw, dict):
            problems.append(f"block {index} is not an object")
            continue
        problems.extend(f"block {index}: {p}" for p in _limits(raw, seen))
        try:
            block = Block.parse(raw)
            if block is None or type(block) is Block:
                problems.append(f"block {index}: unknown type {raw.get('type')!r}")
            else:
                block.to_dict()
        except (SlackObjectFormationError, TypeError, ValueError, KeyError) as error:
            problems.append(f"block {index}: {error}")
    if problems:
        raise SlackError("invalid_blocks", errors=problems)
    return blocks


def _limits(block: dict[str, Any], seen: set[str]) -> list[str]:
    problems = []
    block_id = block.get("block_id")
    if isinstance(block_id, str):
        if block_id in seen:
            problems.append(f"duplicate block_id {block_id!r}")
        if len(block_id) > ID_MAX:
            problems.append("block_id too long")
        seen.add(block_id)
    for element in _elements(block):
        if len(str(element.get("action_id", ""))) > ID_MAX:
            problems.append("action_id too long")
        if element.get("type") == "plain_text_input":
            max_length = element.get("max_length")
            if isinstance(max_length, int) and max_length > INPUT_MAX_LENGTH:
                problems.append(f"plain_text_input max_length over {INPUT_MAX_LENGTH}")
            initial = element.get("initial_value")
            if (
                isinstance(initial, str)
                and isinstance(max_length, int)
                and len(initial) > max_length
            ):
                problems.append("initial_value longer than max_length")
    return problems


def _elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    found = [block.get("element"), block.get("accessory"), *(block.get("elements") or [])]
    return [e for e in found if isinstance(e, dict)]
