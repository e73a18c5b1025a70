"""Decisions: anything recorded in a crisis, each with its customer-impact assessment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.crisis.facts import (
    Facts,
    FixPlan,
    RefocusPlan,
    ResetAnswers,
    Resolution,
    ReviewAnswers,
    StatusUpdate,
)
from bot.crisis.impact import Harm, ImpactAssessment

DECISION_MAX = 3000


class DecisionKind(StrEnum):
    """What was decided: a plain decision, a playbook step, a status update, the resolution."""

    DECISION = "decision"
    RESET = "reset"
    REFOCUS = "refocus"
    FIX = "fix"
    UPDATE = "update"
    RESOLUTION = "resolution"
    REVIEW = "review"

    @property
    def label(self) -> str:
        """How the kind reads in lists."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    DecisionKind.DECISION: "Decision",
    DecisionKind.RESET: "Reset",
    DecisionKind.REFOCUS: "Refocus priorities",
    DecisionKind.FIX: "Fix",
    DecisionKind.UPDATE: "Status update",
    DecisionKind.RESOLUTION: "Resolution",
    DecisionKind.REVIEW: "Review",
}


@dataclass(frozen=True)
class DecisionDraft:
    """A decision about to be recorded."""

    crisis_id: int
    kind: DecisionKind
    summary: str
    decided_by: str
    assessment: ImpactAssessment
    facts: Facts | None = None
    source_ts: str | None = None


@dataclass(frozen=True)
class Decision:
    """A recorded decision."""

    id: int
    crisis_id: int
    kind: DecisionKind
    summary: str
    decided_by: str
    decided_at: datetime
    assessment: ImpactAssessment
    facts: Facts | None = None
    source_ts: str | None = None


# The record each kind carries; a plain decision carries only its summary and assessment.
FACTS_BY_KIND: dict[DecisionKind, type[Facts]] = {
    DecisionKind.RESET: ResetAnswers,
    DecisionKind.REFOCUS: RefocusPlan,
    DecisionKind.FIX: FixPlan,
    DecisionKind.UPDATE: StatusUpdate,
    DecisionKind.RESOLUTION: Resolution,
    DecisionKind.REVIEW: ReviewAnswers,
}


@dataclass(frozen=True)
class Priority:
    """A priority the responders stay on until the crisis is resolved."""

    id: int
    text: str
    harm: Harm
    owner_id: str
    open: bool = True


class TimelineKind(StrEnum):
    """What happened: each kind says which of an event's fields it uses."""

    DECLARED = "declared"  # subject: the title; to_value: the severity
    CHANNEL_OPENED = "channel_opened"  # subject: the channel's name
    DECISION = "decision"  # subject: the decision's summary (so are the step kinds below)
    RESET = "reset"
    REFOCUS = "refocus"
    FIX = "fix"
    UPDATE = "update"
    SEVERITY_CHANGED = "severity_changed"  # from_value, to_value: severities
    LEAD_HANDED_OVER = "lead_changed"  # from_value, to_value: user ids
    RESOLVED = "resolved"  # subject: how it was resolved
    REVIEWED = "reviewed"
    REMINDER_SNOOZED = "snoozed"  # subject: the reminder's kind; to_value: until when (ISO)
    REVIEW_MOVED = "review_moved"  # to_value: the review's new time (ISO)
    # Telling customers. Updates: subject: the update's number; to_value: its version.
    UPDATE_SENT = "customer_update_sent"
    UPDATE_PUBLISHED = "customer_update_published"
    UPDATE_RETURNED = "customer_update_returned"
    PROMISE_BREACHED = "promise_breached"  # from_value: when it was due (ISO)
    PROMISE_KEPT_LATE = "promise_kept_late"  # from_value: due, to_value: kept (ISO)
    ITEM_DONE = "customer_item_done"  # subject: the item's text; to_value: its kind
    SCRIPT_SENT = "call_script_sent"
    SCRIPT_PUBLISHED = "call_script_published"  # to_value: the version
    SCRIPT_RETURNED = "call_script_returned"

    @classmethod
    def of_decision(cls, kind: DecisionKind) -> TimelineKind:
        """The timeline kind that records a decision of this kind."""
        if kind is DecisionKind.RESOLUTION:
            return cls.RESOLVED
        if kind is DecisionKind.REVIEW:
            return cls.REVIEWED
        return cls(kind.value)


@dataclass(frozen=True)
class TimelineEvent:
    """One line of the timeline, as facts: rendered by each surface in its own words."""

    at: datetime
    kind: TimelineKind
    actor_id: str
    subject: str = ""
    from_value: str | None = None
    to_value: str | None = None
