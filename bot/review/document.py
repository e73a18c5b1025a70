"""The review after the dust settles, and the Markdown document written from everything recorded."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.crisis.decisions import Decision, DecisionKind, TimelineEvent
from bot.crisis.model import Crisis
from bot.insight.model import Exposure

REVIEW_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("causes", "What led to the crisis?"),
    ("discovery", "How was it discovered?"),
    ("response", "What was done after discovery?"),
    ("prevention", "How could it have been prevented?"),
    ("processes", "Do our processes serve customers?"),
    ("improvements", "Where can we remove potential issues and create more value for customers?"),
)


@dataclass(frozen=True)
class FollowUpAction:
    """A change the review commits to, with an owner and a due date."""

    text: str
    owner_id: str
    due_at: datetime


def render_review_document(
    crisis: Crisis,
    *,
    decisions: Sequence[Decision],
    timeline: Sequence[TimelineEvent],
    exposure: Exposure | None,
    names: dict[str, str],
) -> str:
    """The review document in Markdown; `names` maps Slack user ids to display names."""
    writer = _ReviewWriter(crisis, decisions, names)
    sections = (
        writer.header(),
        writer.customers(exposure),
        writer.plans(),
        writer.decisions(),
        writer.timeline(timeline),
        writer.review(),
    )
    return "\n\n".join("\n".join(section) for section in sections).rstrip() + "\n"


class _ReviewWriter:
    """One section of the document per method, each a list of Markdown lines."""

    def __init__(
        self, crisis: Crisis, decisions: Sequence[Decision], names: dict[str, str]
    ) -> None:
        self.crisis = crisis
        self.all_decisions = decisions
        self.names = names

    def who(self, user_id: str) -> str:
        return self.names.get(user_id, user_id)

    def first(self, kind: DecisionKind) -> Decision | None:
        return next((d for d in self.all_decisions if d.kind is kind), None)

    def header(self) -> list[str]:
        crisis = self.crisis
        return [
            f"# Crisis review: {crisis.title}",
            "",
            f"- **Crisis** #{crisis.id}, {crisis.crisis_type.label}",
            f"- **Severity** {crisis.severity.label}: {crisis.severity.meaning}",
            f"- **Lead** {self.who(crisis.lead_id)}",
            f"- **Declared** {_when(crisis.declared_at)}",
            f"- **Resolved** {_when(crisis.resolved_at)}",
            f"- **Fix promised to customers for** {_when(crisis.customer_eta)}",
            "",
            "## Summary",
            "",
            crisis.description,
        ]

    def customers(self, exposure: Exposure | None) -> list[str]:
        lines = ["## Customers affected", ""]
        if exposure is None or not exposure.segment_names:
            return [*lines, "No customer segments were recorded."]
        share = f"{exposure.revenue_share:.1f}% of revenue"
        return [
            *lines,
            f"- Segments: {', '.join(exposure.segment_names)}",
            f"- Exposure: {exposure.customers:,} customers, {share}",
            f"- Touch points: {', '.join(exposure.touch_points) or '-'}",
        ]

    def plans(self) -> list[str]:
        lines = ["## Plans and compensation", ""]
        fix = self.first(DecisionKind.FIX)
        if fix is None:
            lines.append("No Fix plan was recorded.")
        else:
            lines += [
                f"- **{label}**: {fix.details[key]}"
                for key, label in _FIX_LABELS
                if fix.details.get(key)
            ]
        resolution = self.first(DecisionKind.RESOLUTION)
        if resolution is not None:
            lines += ["", f"**Resolution** ({_when(resolution.decided_at)}): {resolution.summary}"]
            if resolution.details.get("compensation"):
                lines.append(f"**Compensation confirmed**: {resolution.details['compensation']}")
        return lines

    def decisions(self) -> list[str]:
        lines = ["## Decisions and their customer impact"]
        for decision in self.all_decisions:
            if decision.kind in (DecisionKind.REVIEW, DecisionKind.UPDATE):
                continue
            assessment = decision.assessment
            lines += [
                "",
                f"### {decision.kind.label}: {decision.summary}",
                f"{_when(decision.decided_at)}, {self.who(decision.decided_by)}. "
                f"Impact on customers: **{assessment.direction.value}**.",
            ]
            if assessment.harms:
                lines.append("Harms touched: " + "; ".join(h.label for h in assessment.harms))
            if assessment.mitigation:
                lines.append(f"Mitigation: {assessment.mitigation}")
            if assessment.highlight:
                lines.append(f"Highlight to customers: {assessment.highlight}")
        return lines

    def timeline(self, events: Sequence[TimelineEvent]) -> list[str]:
        return [
            "## Timeline",
            "",
            *(f"- {_when(e.at)}: {e.summary} ({self.who(e.actor_id)})" for e in events),
        ]

    def review(self) -> list[str]:
        review = self.first(DecisionKind.REVIEW)
        if review is None:
            return ["## Review", "", "The review has not been held yet."]
        lines = ["## Review"]
        for key, question in REVIEW_QUESTIONS:
            lines += ["", f"### {question}", "", review.details.get(key) or "-"]
        return [*lines, "", "### Follow-up actions", "", review.details.get("actions") or "None."]


_FIX_LABELS = (
    ("short_term", "Short-term plan"),
    ("meanwhile", "How we helped customers meanwhile"),
    ("customer_eta", "Fix promised to customers by"),
    ("long_term", "Long-term plan"),
    ("compensation", "Compensation planned"),
)


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "-"
