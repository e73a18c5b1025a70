"""The review document: Markdown, people by display name, times in UTC."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from bot.clock import as_utc
from bot.crisis.decisions import Decision, DecisionKind
from bot.crisis.facts import FixPlan, Resolution, ReviewAnswers
from bot.crisis.review_record import PromiseScore, ReviewRecord
from documents.trust import trust_tables
from documents.words import action_lines, labelled, timeline_sentence

# The review looks back on decisions; updates are on the timeline and the review is the document.
NOT_DECISIONS = (DecisionKind.REVIEW, DecisionKind.UPDATE)


class MarkdownWords:
    """How the document writes typed text, people (by name, id as fallback) and times."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = names

    def text(self, typed: str) -> str:
        """Typed text as it was typed: a document pings nobody."""
        return typed

    def person(self, user_id: str) -> str:
        """The person's display name, or their id when no name is known."""
        return self.names.get(user_id) or user_id

    def time(self, moment: datetime) -> str:
        """A time in UTC."""
        return f"{as_utc(moment):%Y-%m-%d %H:%M} UTC"


def render_review_document(record: ReviewRecord, *, names: Mapping[str, str]) -> str:
    """The review document in Markdown; `names` maps user ids to display names."""
    words = MarkdownWords(names)
    sections = (
        _header(record, words),
        _customers(record),
        _plans(record, words),
        trust_tables(record.trust, words.person, words.time),
        promise_section(record.promises, words),
        _decisions(record, words),
        _timeline(record, words),
        _review(record, words),
    )
    return "\n\n".join("\n".join(section) for section in sections).rstrip() + "\n"


def _when(moment: datetime | None, words: MarkdownWords) -> str:
    return words.time(moment) if moment else "-"


def _header(record: ReviewRecord, words: MarkdownWords) -> list[str]:
    crisis = record.crisis
    return [
        f"# Crisis review: {crisis.title}",
        "",
        f"- **Crisis** #{crisis.id}, {crisis.crisis_type.label}",
        f"- **Severity** {crisis.severity.label}: {crisis.severity.meaning}",
        f"- **Lead** {words.person(crisis.lead_id)}",
        f"- **Declared** {_when(crisis.declared_at, words)} by {words.person(crisis.declared_by)}",
        f"- **Resolved** {_when(crisis.resolved_at, words)}",
        f"- **Fix promised to customers for** {_when(crisis.customer_eta, words)}",
        "",
        "## Summary",
        "",
        crisis.description,
    ]


def _customers(record: ReviewRecord) -> list[str]:
    lines = ["## Customers affected", ""]
    exposure = record.exposure
    if exposure is None or not exposure.segment_names:
        return [*lines, "No customer segments were recorded."]
    share = f"{exposure.revenue_share:.1f}% of revenue"
    return [
        *lines,
        f"- Segments: {', '.join(exposure.segment_names)}",
        f"- Exposure: {exposure.customers:,} customers, {share}",
        f"- Touch points: {', '.join(exposure.touch_points) or '-'}",
    ]


def _plans(record: ReviewRecord, words: MarkdownWords) -> list[str]:
    lines = ["## Plans and compensation", ""]
    fix = record.facts(DecisionKind.FIX)
    if not isinstance(fix, FixPlan):
        lines.append("No Fix plan was recorded.")
    else:
        lines += [f"- **{label}**: {text}" for label, text in labelled(fix, words) if text]
    resolution = record.first(DecisionKind.RESOLUTION)
    if resolution is not None and isinstance(resolution.facts, Resolution):
        when = _when(resolution.decided_at, words)
        lines += ["", f"**Resolution** ({when}): {resolution.facts.how}"]
        if resolution.facts.compensation:
            lines.append(f"**Compensation confirmed**: {resolution.facts.compensation}")
    return lines


def _decisions(record: ReviewRecord, words: MarkdownWords) -> list[str]:
    lines = ["## Decisions and their customer impact"]
    for decision in record.decisions:
        if decision.kind not in NOT_DECISIONS:
            lines += ["", *_decision(decision, words)]
    return lines


def _decision(decision: Decision, words: MarkdownWords) -> list[str]:
    assessment = decision.assessment
    lines = [
        f"### {decision.kind.label}: {decision.summary}",
        f"{_when(decision.decided_at, words)}, {words.person(decision.decided_by)}. "
        f"Impact on customers: **{assessment.direction.label.lower()}**.",
    ]
    if assessment.harms:
        lines.append("Harms touched: " + "; ".join(h.label for h in assessment.harms))
    if assessment.mitigation:
        lines.append(f"Mitigation: {assessment.mitigation}")
    if assessment.highlight:
        lines.append(f"Highlight to customers: {assessment.highlight}")
    return lines


def _timeline(record: ReviewRecord, words: MarkdownWords) -> list[str]:
    return [
        "## Timeline",
        "",
        *(
            f"- {words.time(e.at)}: {timeline_sentence(e, words)} ({words.person(e.actor_id)})"
            for e in record.timeline
        ),
    ]


def _review(record: ReviewRecord, words: MarkdownWords) -> list[str]:
    review = record.facts(DecisionKind.REVIEW)
    if not isinstance(review, ReviewAnswers):
        return ["## Review", "", "The review has not been held yet."]
    lines = ["## Review"]
    for question, answer in review.answers():
        lines += ["", f"### {question}", "", answer or "-"]
    actions = [line.replace("• ", "- ", 1) for line in action_lines(review, words)]
    return [*lines, "", "### Follow-up actions", "", *(actions or ["None."])]


def promise_section(found: PromiseScore | None, words: MarkdownWords) -> list[str]:
    """How the promises to customers were kept: counts, lateness, the ETA, the items."""
    lines = ["## Promises to customers", ""]
    if found is None:
        return [*lines, "No promises were recorded."]
    late = f"- Late: {found.late}"
    if found.median_lateness is not None and found.worst_lateness is not None:
        late += f" (median {_span(found.median_lateness)}, worst {_span(found.worst_lateness)})"
    return [
        *lines,
        f"- Kept on time: {found.kept}",
        late,
        f"- Broken: {found.broken}",
        f"- Still open: {found.open}",
        f"- Fix time promised: {_eta(found, words)}",
        f"- Highlights told to customers: {found.highlights[0]} of {found.highlights[1]}",
        f"- Mitigations done: {found.mitigations[0]} of {found.mitigations[1]}",
    ]


def _eta(found: PromiseScore, words: MarkdownWords) -> str:
    if found.eta_promised is None:
        return "none"
    promised = words.time(found.eta_promised)
    if found.eta_error is None:
        return f"{promised}; not resolved yet"
    if found.eta_error > timedelta(0):
        return f"{promised}; resolved {_span(found.eta_error)} late"
    if found.eta_error < timedelta(0):
        return f"{promised}; resolved {_span(-found.eta_error)} early"
    return f"{promised}; resolved on time"


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"
