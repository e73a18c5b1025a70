"""Decisions: anything recorded in a crisis, each with its customer-impact assessment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.crisis.impact import ImpactAssessment

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
    details: dict[str, str] = field(default_factory=dict)
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
    details: dict[str, str] = field(default_factory=dict)
    source_ts: str | None = None


@dataclass(frozen=True)
class PriorityDraft:
    """A priority as entered in the Refocus step: the work, the harm it reduces, its owner."""

    text: str
    harm: str
    owner_id: str


@dataclass(frozen=True)
class Priority:
    """A priority the responders stay on until the crisis is resolved."""

    id: int
    text: str
    harm: str
    owner_id: str
    open: bool = True


@dataclass(frozen=True)
class TimelineEvent:
    """One line of the timeline."""

    at: datetime
    actor_id: str
    kind: str
    summary: str
