"""The playbook file (TOML): steps, prompts and timing. Loaded and checked once at start."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from bot.crisis.model import Severity, StepKey
from bot.durations import parse_duration

COMMUNICATIONS_KEYS = frozenset({"avoid"})


class PlaybookError(Exception):
    """The playbook file is malformed; the message names the file, line and key."""


@dataclass(frozen=True)
class PlaybookStep:
    """One step as the playbook describes it."""

    key: StepKey
    title: str
    prompt: str
    due_after: timedelta
    nudge_every: timedelta


@dataclass(frozen=True)
class Playbook:
    """The whole playbook."""

    name: str
    steps: tuple[PlaybookStep, ...]
    status_update_every: dict[Severity, timedelta]
    eta_remind_before: timedelta
    trust_follow_up_after: timedelta
    archive_channel_after_review: bool
    # Compensation is offered in this currency unless CRISIS_CURRENCY says otherwise.
    currency: str = "EUR"
    # Outreach owners are reminded this often until their programme is done.
    outreach_remind_every: timedelta = timedelta(days=1)
    # Trust check-ins after resolution; none listed means the one trust follow-up.
    check_ins: tuple[timedelta, ...] = ()

    @property
    def trust_check_ins(self) -> tuple[timedelta, ...]:
        """When, after resolution, the team checks in with the affected segments."""
        return self.check_ins or (self.trust_follow_up_after,)

    # Words customer updates should not use (internal jargon, blame), lower-case.
    avoid_words: tuple[str, ...] = ()

    def step(self, key: StepKey) -> PlaybookStep:
        """The step with this key."""
        return next(step for step in self.steps if step.key is key)


def load_playbook(path: Path | None = None) -> Playbook:
    """Load `path`, or the default playbook shipped with the app when None."""
    if path is None:
        source = resources.files("bot").joinpath("default_playbook.toml")
        return parse_playbook(source.read_text(encoding="utf-8"), "default_playbook.toml")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlaybookError(f"{path}: cannot read the playbook ({exc})") from None
    return parse_playbook(text, str(path))


def parse_playbook(text: str, filename: str) -> Playbook:
    """Parse playbook TOML text; `filename` only labels error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlaybookError(f"{filename}: not valid TOML: {exc}") from None
    reader = _Reader(text, filename)
    steps = tuple(reader.step(raw, index) for index, raw in enumerate(reader.list(data, "steps")))
    keys = [step.key for step in steps]
    if sorted(keys) != sorted(StepKey) or len(keys) != len(set(keys)):
        expected = ", ".join(StepKey)
        raise PlaybookError(f"{filename}: [[steps]] must list each of {expected} exactly once")
    updates = reader.table(data, "status_updates")
    review = reader.table(data, "review")
    if "after" in review:
        # One key per fact: the review step's due_after says when the review is held.
        raise reader.fail(
            "review.after",
            "the review's date comes from the review step's due_after (counted from the "
            "resolution); remove this key and set due_after there",
        )
    eta = reader.table(data, "customer_eta")
    # Optional, so playbooks written before it still load.
    communications = reader.table(data, "communications") if "communications" in data else {}
    unknown = sorted(set(communications) - COMMUNICATIONS_KEYS)
    if unknown:
        raise reader.fail(f"communications.{unknown[0]}", "unknown key (expected: avoid)")
    return Playbook(
        name=reader.text(data, "name", "name"),
        steps=steps,
        status_update_every={
            sev: reader.duration(updates, sev.value, f"status_updates.{sev.value}")
            for sev in Severity
        },
        eta_remind_before=reader.duration(eta, "remind_before", "customer_eta.remind_before"),
        trust_follow_up_after=reader.duration(
            review, "trust_follow_up_after", "review.trust_follow_up_after"
        ),
        archive_channel_after_review=reader.flag(
            review, "archive_channel_after_review", "review.archive_channel_after_review"
        ),
        currency=reader.currency(reader.optional_table(data, "compensation")),
        check_ins=reader.durations(review, "check_ins", "review.check_ins"),
        outreach_remind_every=reader.duration(
            {"remind_every": "1d", **reader.optional_table(data, "outreach")},
            "remind_every",
            "outreach.remind_every",
        ),
        avoid_words=reader.words(communications, "avoid", "communications.avoid"),
    )


class _Reader:
    """Typed access to the parsed TOML that reports the file, line and key of any problem."""

    def __init__(self, text: str, filename: str) -> None:
        self.lines = text.splitlines()
        self.filename = filename

    def fail(self, dotted_key: str, problem: str) -> PlaybookError:
        line = self._line_of(dotted_key)
        where = f"line {line}, " if line else ""
        return PlaybookError(f"{self.filename}: {where}key '{dotted_key}': {problem}")

    def _line_of(self, dotted_key: str) -> int | None:
        """The line holding the key: searched after its table's header, else from the top."""
        *tables, leaf = dotted_key.split(".")
        start = 0
        if tables:
            table = tables[0]
            nth = int(table.split("[")[1].rstrip("]")) if "[" in table else 0
            header = f"[[{table.split('[')[0]}]]" if "[" in table else f"[{table}]"
            headers = [n for n, text in enumerate(self.lines) if text.strip() == header]
            if nth >= len(headers):
                return None
            start = headers[nth]
        for number in range(start, len(self.lines)):
            if re.match(rf"\s*{re.escape(leaf)}\s*=", self.lines[number]):
                return number + 1
        return start + 1 if tables else None

    def table(self, data: dict[str, Any], key: str) -> dict[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict):
            raise self.fail(key, "a table is required here")
        return value

    def list(self, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.fail(key, "a list of [[steps]] tables is required")
        return value

    def text(self, data: dict[str, Any], key: str, dotted: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(dotted, "a non-empty string is required")
        return value.strip()

    def flag(self, data: dict[str, Any], key: str, dotted: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(dotted, "true or false is required")
        return value

    def optional_table(self, data: dict[str, Any], key: str) -> dict[str, Any]:
        return self.table(data, key) if key in data else {}

    def currency(self, data: dict[str, Any]) -> str:
        value = data.get("currency", "EUR")
        if not isinstance(value, str) or not re.match(r"^[A-Z]{3}$", value):
            raise self.fail(
                "compensation.currency", "a three-letter currency code such as EUR is required"
            )
        return value

    def durations(self, data: dict[str, Any], key: str, dotted: str) -> tuple[timedelta, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(dotted, 'a list of durations such as ["7d", "30d"] is required')
        try:
            found = sorted({parse_duration(item) for item in value})
        except ValueError as exc:
            raise self.fail(dotted, str(exc)) from None
        return tuple(found)

    def words(self, data: dict[str, Any], key: str, dotted: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(
            isinstance(word, str) and word.strip() for word in value
        ):
            raise self.fail(dotted, "a list of non-empty strings is required")
        return tuple(dict.fromkeys(word.strip().lower() for word in value))

    def duration(self, data: dict[str, Any], key: str, dotted: str) -> timedelta:
        try:
            return parse_duration(self.text(data, key, dotted))
        except ValueError as exc:
            raise self.fail(dotted, str(exc)) from None

    def step(self, raw: dict[str, Any], index: int) -> PlaybookStep:
        where = f"steps[{index}]"
        key_text = self.text(raw, "key", f"{where}.key")
        try:
            key = StepKey(key_text)
        except ValueError:
            raise self.fail(f"{where}.key", f"unknown step {key_text!r}") from None
        return PlaybookStep(
            key=key,
            title=self.text(raw, "title", f"{where}.title"),
            prompt=self.text(raw, "prompt", f"{where}.prompt"),
            due_after=self.duration(raw, "due_after", f"{where}.due_after"),
            nudge_every=self.duration(raw, "nudge_every", f"{where}.nudge_every"),
        )
