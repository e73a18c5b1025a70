"""The customer-impact assessment every decision goes through: how will this affect customers?"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

IMPACT_QUESTION = "How will this affect customers?"
NOTE_MAX = 2000


class Direction(StrEnum):
    """Which way the decision moves customers."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    MIXED = "mixed"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """How the direction reads to a person."""
        return _DIRECTION_LABELS[self]


_DIRECTION_LABELS = {
    Direction.POSITIVE: "Positive",
    Direction.NEGATIVE: "Negative",
    Direction.MIXED: "Mixed",
    Direction.UNKNOWN: "Not known yet",
}


class Harm(StrEnum):
    """The harms a priority or decision can reduce (or cause), after the seed article."""

    PRODUCT_DAMAGE = "product_damage"
    OPERATIONS_PHYSICAL = "operations_physical"
    OPERATIONS_FINANCIAL = "operations_financial"
    OPERATIONS_SAFETY = "operations_safety"
    RECOVERY_BURDEN = "recovery_burden"

    @property
    def label(self) -> str:
        """How the harm reads to a person."""
        return _HARM_LABELS[self]


_HARM_LABELS = {
    Harm.PRODUCT_DAMAGE: "Damage to their products or services",
    Harm.OPERATIONS_PHYSICAL: "Ill effects on their operations: physical",
    Harm.OPERATIONS_FINANCIAL: "Ill effects on their operations: financial",
    Harm.OPERATIONS_SAFETY: "Ill effects on their operations: safety",
    Harm.RECOVERY_BURDEN: "Their burden to recover",
}


@dataclass(frozen=True)
class ImpactAssessment:
    """One answer to the question: direction, who, which harms, and what we do about it."""

    direction: Direction
    segment_ids: tuple[int, ...] = ()
    harms: tuple[Harm, ...] = ()
    mitigation: str = ""
    highlight: str = ""

    def problems(self) -> dict[str, str]:
        """Field -> message for what the assessment still owes (empty when complete)."""
        problems: dict[str, str] = {}
        if self.direction is Direction.NEGATIVE and not self.mitigation:
            problems["mitigation"] = (
                "This hurts customers: say how we will mitigate it, using what we know about them."
            )
        if self.direction is Direction.MIXED and not self.mitigation:
            problems["mitigation"] = (
                "The impact is mixed: say how we will mitigate the harm to the customers it "
                "hurts, using what we know about them."
            )
        if self.direction is Direction.POSITIVE and not self.highlight:
            problems["highlight"] = "Say how we should highlight this to customers."
        return problems

    @property
    def follow_up(self) -> str:
        """The mitigation or highlight, whichever applies."""
        return self.mitigation or self.highlight
