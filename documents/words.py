"""Facts in words, once for every surface; each surface says how it writes text, people, times."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from bot.crisis.decisions import DecisionKind, TimelineEvent, TimelineKind
from bot.crisis.facts import (
    Facts,
    FixPlan,
    RefocusPlan,
    ResetAnswers,
    Resolution,
    ReviewAnswers,
    StatusUpdate,
)
from bot.crisis.model import Severity
from bot.reminders.model import ReminderKind

REMINDER_NAMES = {
    ReminderKind.STEP_OVERDUE: "an overdue step",
    ReminderKind.STATUS_UPDATE_DUE: "a status update",
    ReminderKind.CUSTOMER_ETA: "the fix time promised to customers",
    ReminderKind.REVIEW_DUE: "the review",
    ReminderKind.TRUST_FOLLOW_UP: "the customer check-in",
    ReminderKind.ACTION_DUE: "a follow-up action",
}


class Words(Protocol):
    """How a surface writes what a person typed, a person, and a moment."""

    def text(self, typed: str) -> str:
        """Text a person typed, made safe for the surface."""
        ...

    def person(self, user_id: str) -> str:
        """A person."""
        ...

    def time(self, moment: datetime) -> str:
        """A moment."""
        ...


def labelled(facts: Facts, words: Words) -> list[tuple[str, str]]:
    """(label, text) for each answer of the record, in the form's order."""
    if isinstance(facts, ResetAnswers):
        return [
            ("Customers' products or services", words.text(facts.products)),
            ("Their immediate business outcomes", words.text(facts.outcomes)),
            ("Their short-term expectations", words.text(facts.expectations)),
        ]
    if isinstance(facts, RefocusPlan):
        return [("Priorities", "\n".join(priority_lines(facts, words)))]
    if isinstance(facts, FixPlan):
        eta = words.time(facts.customer_eta) if facts.customer_eta else "Not promised yet"
        return [
            ("Short-term plan (stop the bleed)", words.text(facts.short_term)),
            ("Fix time promised to customers", eta),
            ("How we help customers meanwhile", words.text(facts.meanwhile)),
            ("Long-term plan", words.text(facts.long_term)),
            ("Compensation", words.text(facts.compensation)),
        ]
    if isinstance(facts, StatusUpdate):
        return [
            ("What changed", words.text(facts.what_changed)),
            ("Customer impact now", words.text(facts.impact_now)),
            ("Next update", words.time(facts.next_update_at) if facts.next_update_at else ""),
        ]
    if isinstance(facts, Resolution):
        return [
            ("How it was resolved", words.text(facts.how)),
            ("Compensation confirmed", words.text(facts.compensation)),
        ]
    return review_answers(facts, words)


def priority_lines(plan: RefocusPlan, words: Words) -> list[str]:
    """The priorities, numbered, each with the harm it reduces and its owner."""
    return [
        f"{n}. {words.text(p.text)} · reduces {p.harm.label.lower()} · {words.person(p.owner_id)}"
        for n, p in enumerate(plan.priorities, 1)
    ]


def review_answers(review: ReviewAnswers, words: Words) -> list[tuple[str, str]]:
    """Each review question with its answer, then the follow-up actions."""
    answers = [(question, words.text(answer)) for question, answer in review.answers()]
    return [*answers, ("Follow-up actions", "\n".join(action_lines(review, words)))]


def action_lines(review: ReviewAnswers, words: Words) -> list[str]:
    """Follow-up actions, one line each: what, who, when."""
    return [
        f"• {words.text(a.text)} · owner {words.person(a.owner_id)} · due {words.time(a.due_at)}"
        for a in review.actions
    ]


def timeline_sentence(event: TimelineEvent, words: Words) -> str:
    """What happened, in one sentence."""
    sentence = _SENTENCES.get(event.kind)
    if sentence is not None:
        return sentence(event, words)
    # A decision or a step: its kind, then what the person wrote.
    return f"{DecisionKind(event.kind.value).label}: {words.text(event.subject)}"


def _declared(event: TimelineEvent, words: Words) -> str:
    suffix = f" ({severity_label(event.to_value)})" if event.to_value else ""
    return f"Crisis declared: {words.text(event.subject)}{suffix}"


def _severity_changed(event: TimelineEvent, words: Words) -> str:
    before, after = severity_label(event.from_value), severity_label(event.to_value)
    return f"Severity changed from {before} to {after}"


def _lead_handed_over(event: TimelineEvent, words: Words) -> str:
    before, after = words.person(event.from_value or "?"), words.person(event.to_value or "?")
    return f"Lead handed over from {before} to {after}"


def _review_moved(event: TimelineEvent, words: Words) -> str:
    try:
        return f"Review moved to {words.time(datetime.fromisoformat(event.to_value or ''))}"
    except ValueError:
        return "Review moved"


def _update(verb: str) -> Callable[[TimelineEvent, Words], str]:
    return lambda e, words: f"Customer update #{e.subject} v{e.to_value} {verb}"


def _script(verb: str) -> Callable[[TimelineEvent, Words], str]:
    return lambda e, words: (
        f"Call-centre script v{e.to_value} {verb}" if e.to_value else f"Call-centre script {verb}"
    )


def _iso_time(value: str | None, words: Words) -> str:
    try:
        return words.time(datetime.fromisoformat(value or ""))
    except ValueError:
        return "?"


def _kept_late(event: TimelineEvent, words: Words) -> str:
    due, kept = _iso_time(event.from_value, words), _iso_time(event.to_value, words)
    try:
        late = datetime.fromisoformat(event.to_value or "") - datetime.fromisoformat(
            event.from_value or ""
        )
        minutes = f" ({int(late.total_seconds() // 60)} min late)"
    except ValueError:
        minutes = ""
    return f"The update promised to customers by {due} came at {kept}{minutes}"


def _item_done(event: TimelineEvent, words: Words) -> str:
    what = "Told customers" if event.to_value == "tell" else "Mitigated"
    return f"{what}: {words.text(event.subject)}"


_SENTENCES: dict[TimelineKind, Callable[[TimelineEvent, Words], str]] = {
    TimelineKind.UPDATE_SENT: _update("sent for approval"),
    TimelineKind.UPDATE_PUBLISHED: _update("approved and published"),
    TimelineKind.UPDATE_RETURNED: _update("sent back for changes"),
    TimelineKind.PROMISE_BREACHED: lambda e, words: (
        f"The update promised to customers by {_iso_time(e.from_value, words)} is overdue"
    ),
    TimelineKind.PROMISE_KEPT_LATE: _kept_late,
    TimelineKind.ITEM_DONE: _item_done,
    TimelineKind.SCRIPT_SENT: _script("sent for approval"),
    TimelineKind.SCRIPT_PUBLISHED: _script("approved and published"),
    TimelineKind.SCRIPT_RETURNED: _script("sent back for changes"),
    TimelineKind.DECLARED: _declared,
    TimelineKind.CHANNEL_OPENED: lambda e, words: f"Channel #{words.text(e.subject)} opened",
    TimelineKind.SEVERITY_CHANGED: _severity_changed,
    TimelineKind.LEAD_HANDED_OVER: _lead_handed_over,
    TimelineKind.RESOLVED: lambda e, words: f"Resolved: {words.text(e.subject)}",
    TimelineKind.REVIEWED: lambda e, words: "Review completed",
    TimelineKind.REMINDER_SNOOZED: lambda e, words: (
        f"Snoozed the reminder about {reminder_name(e.subject)}"
    ),
    TimelineKind.REVIEW_MOVED: _review_moved,
}


def reminder_name(kind: str) -> str:
    """What a reminder of this kind is about, in a few words."""
    try:
        return REMINDER_NAMES[ReminderKind(kind)]
    except ValueError:
        return "something due"


def severity_label(value: str | None) -> str:
    """A stored severity as people read it."""
    try:
        return Severity(value or "").label
    except ValueError:
        return "unknown"
