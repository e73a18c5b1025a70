"""The rules of telling customers: what an honest update must contain, and who approves it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.comms.model import SECTION_MAX, Section, UpdateDraft
from bot.crisis.model import Crisis
from bot.crisis.rules import Act, Reason, Refused
from bot.durations import format_duration

KEEP_WORDS = "keep_words"
TOUCH_POINTS = "touch_points"
NEXT_UPDATE = "next_update"
ITEMS = "items"


def draft_problems(
    draft: UpdateDraft, *, now: datetime, cadence: timedelta, avoid: Sequence[str]
) -> dict[str, str]:
    """Field -> message for what keeps the draft from going out (empty when it may)."""
    problems: dict[str, str] = {}
    for section in Section:
        text = draft.text(section)
        if section.required and not text:
            problems[section.value] = f"Please fill in “{section.label}”: customers need it."
        elif len(text) > SECTION_MAX:
            problems[section.value] = f"Keep this to {SECTION_MAX} characters (it has {len(text)})."
        elif found := [] if draft.keep_avoided_words else avoided_words(text, avoid):
            listed = ", ".join(f"“{word}”" for word in found)
            problems[section.value] = (
                f"Customers shouldn't read {listed} (internal jargon or blame). "
                "Say it in their words, or tick “Keep them” below."
            )
    if not draft.touch_points:
        problems[TOUCH_POINTS] = "Choose at least one way to reach these customers."
    if draft.next_update_at <= now:
        problems[NEXT_UPDATE] = "The next update must be in the future."
    elif draft.next_update_at > now + cadence:
        latest = (now + cadence).strftime("%H:%M UTC on %d %b")
        problems[NEXT_UPDATE] = (
            f"At this severity customers hear from us at least every {format_duration(cadence)}: "
            f"promise the next update by {latest}."
        )
    return problems


def avoided_words(text: str, avoid: Sequence[str]) -> list[str]:
    """The words and phrases of `avoid` that `text` uses (whole words, any case)."""
    lowered = text.lower()
    return [
        word for word in avoid if re.search(rf"(?:^|\W){re.escape(word.lower())}(?:\W|$)", lowered)
    ]


def approvers(crisis: Crisis, configured: Sequence[str]) -> tuple[str, ...]:
    """Who may approve the crisis's customer updates: its lead and the configured approvers."""
    return tuple(dict.fromkeys((crisis.lead_id, *configured)))


def approval_refusal(
    crisis: Crisis, author_id: str, actor: str, configured: Sequence[str]
) -> Refused | None:
    """The rule book's refusal for `actor` approving (or sending back) what `author_id` wrote:
    approvers are the lead and the configured ones; nobody approves their own draft unless they
    lead. None when they may."""
    act = Act.APPROVE_FOR_CUSTOMERS
    if actor == author_id and actor != crisis.lead_id:
        return Refused(act, Reason.OWN_DRAFT, lead_id=crisis.lead_id)
    if actor not in approvers(crisis, configured):
        return Refused(act, Reason.NOT_AN_APPROVER, lead_id=crisis.lead_id)
    return None
