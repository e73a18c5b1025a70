"""The review after the dust settles: everything recorded about a crisis, as facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.crisis.decisions import Decision, DecisionKind, TimelineEvent, TimelineKind
from bot.crisis.facts import Facts, RefocusPlan, ReviewAnswers
from bot.crisis.model import Crisis
from bot.insight.model import Exposure
from bot.trust.record import TrustRecord


@dataclass(frozen=True)
class PromiseScore:
    """How the crisis kept its promises to customers (for the review document)."""

    kept: int
    late: int
    broken: int
    open: int
    median_lateness: timedelta | None
    worst_lateness: timedelta | None
    eta_promised: datetime | None
    eta_error: timedelta | None  # resolved minus promised: positive means late
    highlights: tuple[int, int]  # (told, all)
    mitigations: tuple[int, int]  # (done, all)


@dataclass(frozen=True)
class ReviewRecord:
    """Everything the review document is written from."""

    crisis: Crisis
    decisions: tuple[Decision, ...]
    timeline: tuple[TimelineEvent, ...]
    exposure: Exposure | None
    trust: TrustRecord | None = None
    promises: PromiseScore | None = None  # how the promises to customers were kept

    def first(self, kind: DecisionKind) -> Decision | None:
        """The first decision of this kind, if any."""
        return next((d for d in self.decisions if d.kind is kind), None)

    def facts(self, kind: DecisionKind) -> Facts | None:
        """The facts of the first decision of this kind, if any."""
        decision = self.first(kind)
        return decision.facts if decision is not None else None

    def people(self) -> list[str]:
        """Every person the document names, each once (for one name lookup per document)."""
        crisis = self.crisis
        people = [crisis.lead_id, crisis.declared_by, *crisis.responder_ids]
        people += [step.owner_id for step in crisis.steps]
        people += [d.decided_by for d in self.decisions]
        people += [e.actor_id for e in self.timeline]
        people += [
            value
            for e in self.timeline
            if e.kind is TimelineKind.LEAD_HANDED_OVER
            for value in (e.from_value, e.to_value)
            if value
        ]
        for decision in self.decisions:
            if isinstance(decision.facts, RefocusPlan):
                people += [p.owner_id for p in decision.facts.priorities]
            if isinstance(decision.facts, ReviewAnswers):
                people += [a.owner_id for a in decision.facts.actions]
        if self.trust is not None:
            people += self.trust.people()
        return sorted({person for person in people if person})
