"""What each step, update, resolution and review records: typed facts, never Slack text."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, fields, is_dataclass
from datetime import datetime
from typing import Any, ClassVar, Union, get_args, get_origin, get_type_hints

from bot.clock import as_utc
from bot.crisis.impact import Harm


@dataclass(frozen=True)
class PriorityDraft:
    """A priority as entered in the Refocus step: the work, the harm it reduces, its owner."""

    text: str
    harm: Harm
    owner_id: str


@dataclass(frozen=True)
class ResetAnswers:
    """Reset: exactly how the crisis affects customers."""

    products: str
    outcomes: str
    expectations: str


@dataclass(frozen=True)
class RefocusPlan:
    """Refocus: the priorities the responders stay on until the crisis is resolved."""

    priorities: tuple[PriorityDraft, ...]


@dataclass(frozen=True)
class FixPlan:
    """Fix: stop the bleed, help customers meanwhile, fix for good, compensate."""

    short_term: str
    meanwhile: str
    long_term: str
    compensation: str = ""
    customer_eta: datetime | None = None


@dataclass(frozen=True)
class StatusUpdate:
    """A status update: what changed, how customers are affected now, when the next comes."""

    what_changed: str
    impact_now: str
    next_update_at: datetime | None = None


@dataclass(frozen=True)
class Resolution:
    """How the crisis was resolved and the compensation confirmed."""

    how: str
    compensation: str


@dataclass(frozen=True)
class FollowUpAction:
    """A change the review commits to, with an owner and a due date."""

    text: str
    owner_id: str
    due_at: datetime


@dataclass(frozen=True)
class ReviewAnswers:
    """The review's answers, question by question, and its follow-up actions."""

    QUESTIONS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("causes", "What led to the crisis?"),
        ("discovery", "How was it discovered?"),
        ("response", "What was done after discovery?"),
        ("prevention", "How could it have been prevented?"),
        ("processes", "Do our processes serve customers?"),
        (
            "improvements",
            "Where can we remove potential issues and create more value for customers?",
        ),
    )

    causes: str
    discovery: str
    response: str
    prevention: str
    processes: str
    improvements: str
    actions: tuple[FollowUpAction, ...] = ()

    def answers(self) -> list[tuple[str, str]]:
        """Each question with its answer, in the review's order."""
        return [(question, str(getattr(self, key))) for key, question in self.QUESTIONS]


Facts = ResetAnswers | RefocusPlan | FixPlan | StatusUpdate | Resolution | ReviewAnswers


def facts_to_json(facts: Facts) -> dict[str, Any]:
    """A JSON-ready dict of the record (times as ISO 8601 UTC)."""
    return typing.cast(dict[str, Any], _dump(facts))


def facts_from_json(record_type: type[Facts], data: object) -> Facts:
    """The record read back from JSON, checked field by field; ValueError when it doesn't fit."""
    return typing.cast(Facts, _load(record_type, data, record_type.__name__))


def _dump(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, tuple):
        return [_dump(item) for item in value]
    return value


def _load(kind: Any, data: object, where: str) -> object:
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        options = get_args(kind)
        if data is None and type(None) in options:
            return None
        real = next(option for option in options if option is not type(None))
        return _load(real, data, where)
    if origin is tuple:
        if not isinstance(data, list):
            raise ValueError(f"{where}: a list is required")
        return tuple(_load(get_args(kind)[0], item, f"{where}[]") for item in data)
    if isinstance(kind, type) and is_dataclass(kind):
        if not isinstance(data, dict):
            raise ValueError(f"{where}: an object is required")
        hints = get_type_hints(kind)
        values = {
            f.name: _load(hints[f.name], data[f.name], f"{where}.{f.name}")
            for f in fields(kind)
            if f.name in data
        }
        try:
            return kind(**values)
        except TypeError as missing:
            raise ValueError(f"{where}: {missing}") from None
    return _scalar(kind, data, where)


def _scalar(kind: Any, data: object, where: str) -> object:
    if kind is datetime:
        if not isinstance(data, str):
            raise ValueError(f"{where}: an ISO 8601 time is required")
        return as_utc(datetime.fromisoformat(data))
    if kind is Harm:
        return Harm(str(data))
    if kind is str and isinstance(data, str):
        return data
    raise ValueError(f"{where}: {kind.__name__} expected, got {type(data).__name__}")
