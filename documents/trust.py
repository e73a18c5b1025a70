"""The trust work in words: money, offers, and the review document's trust tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from bot.recovery.history import SegmentLesson
from bot.trust.checkins import CheckIn
from bot.trust.compensation import Amount, CompensationSummary, Offer, OfferState, summarise
from bot.trust.money import major
from bot.trust.outreach import Programme
from bot.trust.record import TrustRecord

Person = Callable[[str], str]
Time = Callable[..., str]


def money_text(minor: int, currency: str) -> str:
    """'EUR 1,250.00' (JPY without decimals, KWD with three)."""
    return f"{currency} {major(minor, currency):,}"


def percent_text(points: int) -> str:
    """Basis points as a percentage without trailing zeros (1250 -> '12.5%')."""
    return f"{(Decimal(points) / 100).normalize():f}%"


def amount_text(amount: Amount) -> str:
    """'EUR 12.50', or '10% of a EUR 50.00 monthly fee (EUR 5.00)'."""
    each = money_text(amount.per_customer_minor(), amount.currency)
    if amount.percent_points is None:
        return each
    fee = money_text(amount.monthly_fee_minor or 0, amount.currency)
    return f"{percent_text(amount.percent_points)} of a {fee} monthly fee ({each})"


def costs_text(summary: CompensationSummary) -> str:
    """'EUR 4,200.00 + USD 90.00' (currencies are never added together)."""
    costs = [money_text(minor, currency) for currency, minor in summary.cost_by_currency]
    return " + ".join(costs) or "nothing yet"


def states_text(summary: CompensationSummary) -> str:
    """'1 proposed, 2 approved'."""
    return ", ".join(f"{count} {state.value}" for state, count in summary.by_state)


def offer_line(offer: Offer) -> str:
    """'Service credit, EUR 10.00 per customer x 420 eligible = EUR 4,200.00'."""
    cost = money_text(offer.estimated_cost_minor, offer.amount.currency)
    return (
        f"{offer.kind.label}, {amount_text(offer.amount)} per customer"
        f" x {offer.eligible_count:,} eligible = {cost}"
    )


def state_text(offer: Offer, person: Person, time: Time) -> str:
    """'approved by Ann, 2026-11-25 10:00 UTC' (the latest state, who and when)."""
    change = offer.changed(offer.state)
    if change is None:
        return offer.state.value
    return f"{offer.state.value} by {person(change.by)}, {time(change.at)}"


BAR_WIDTH = 10


def progress_bar(contacted: int, target: int) -> str:
    """A text bar of ten cells: '▓▓▓░░░░░░░' (rounded down: full only when done)."""
    filled = (
        BAR_WIDTH if target and contacted >= target else contacted * BAR_WIDTH // max(target, 1)
    )
    return "▓" * filled + "░" * (BAR_WIDTH - filled)


def progress_text(programme: Programme) -> str:
    """'▓▓░░░░░░░░ 120 of 420 contacted (28%)'."""
    share = programme.contacted * 100 // max(programme.target, 1)
    return (
        f"{progress_bar(programme.contacted, programme.target)} "
        f"{programme.contacted:,} of {programme.target:,} contacted ({share}%)"
    )


def touch_points_text(programme: Programme) -> str:
    """'account manager, call centre'."""
    return ", ".join(tp.label for tp in programme.touch_points) or "-"


def score_text(tenths: int) -> str:
    """A score in tenths as people write it (75 -> '7.5', 80 -> '8')."""
    return f"{(Decimal(tenths) / 10).normalize():f}"


def satisfaction_text(check_in: CheckIn) -> str:
    """'8 → 6 on 0-10'."""
    draft = check_in.draft
    before, after = score_text(draft.before_tenths), score_text(draft.after_tenths)
    return f"{before} → {after} on {draft.scale.value}"


def lesson_text(lesson: SegmentLesson, time: Time, typed: Callable[[str], str] = str) -> str:
    """'Last crisis on X: title (2026-11, SEV1); fix promised …, delivered …; 3 customers lost…'.

    `typed` renders what people typed (Slack escapes it; a document keeps it as typed).
    """
    return f"Last crisis on {typed(lesson.segment_name)}: {crisis_facts(lesson, time, typed)}"


def crisis_facts(lesson: SegmentLesson, time: Time, typed: Callable[[str], str] = str) -> str:
    """One crisis of a segment's history: 'title (2026-11, SEV1); fix promised …; …'."""
    crisis, draft = lesson.crisis, lesson.check_in.draft
    parts = [f"{typed(crisis.title)} ({crisis.declared_at:%Y-%m}, {crisis.severity.value.upper()})"]
    if lesson.promised_at is not None and lesson.delivered_at is not None:
        kept = "kept" if lesson.promise_kept else "late"
        parts.append(
            f"fix promised {time(lesson.promised_at)}, delivered {time(lesson.delivered_at)}"
            f" ({kept})"
        )
    parts.append(
        f"{draft.check_in} check-in: {draft.customers_lost:,} customers lost,"
        f" {draft.complaints:,} complaints, satisfaction {satisfaction_text(lesson.check_in)}"
    )
    if lesson.offers:
        parts.append(f"compensation {costs_text(summarise(lesson.offers))}")
    if draft.saying:
        parts.append(f"customers said: {typed(draft.saying)}")
    if draft.change:
        parts.append(f"we change: {typed(draft.change)}")
    return "; ".join(parts)


def trust_tables(record: TrustRecord | None, person: Person, time: Time) -> list[str]:
    """The review document's trust sections in Markdown."""
    record = record or TrustRecord()
    return [
        *_compensation(record.offers, person, time),
        "",
        *_outreach(record.programmes, person, time),
        "",
        *_check_ins(record.check_ins, person, time),
    ]


def _check_ins(check_ins: Sequence[CheckIn], person: Person, time: Time) -> list[str]:
    lines = ["## Trust check-ins", ""]
    if not check_ins:
        return [*lines, "No check-in has been recorded yet."]
    lines += [
        "| Check-in | Segment | Complaints | Customers lost | Satisfaction "
        "| What customers say | What we change | Follow-up |",
        "| --- | --- | ---: | ---: | --- | --- | --- | --- |",
    ]
    for c in check_ins:
        action = c.draft.action
        follow_up = f"{person(action.owner_id)}, due {time(action.due_at)}" if action else "-"
        cells = (
            c.draft.check_in,
            _cell(c.segment_name),
            f"{c.draft.complaints:,}",
            f"{c.draft.customers_lost:,}",
            satisfaction_text(c),
            _cell(c.draft.saying) or "-",
            _cell(c.draft.change) or "-",
            _cell(follow_up),
        )
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _compensation(offers: Sequence[Offer], person: Person, time: Time) -> list[str]:
    lines = ["## Compensation by segment", ""]
    if not offers:
        return [*lines, "No compensation was offered."]
    lines += [
        "| Segment | Offer | Per customer | Eligible | Estimated cost | State | Owner |",
        "| --- | --- | --- | ---: | ---: | --- | --- |",
    ]
    for offer in offers:
        cells = (
            _cell(offer.segment_name),
            offer.kind.label,
            amount_text(offer.amount),
            f"{offer.eligible_count:,}",
            money_text(offer.estimated_cost_minor, offer.amount.currency),
            _history(offer, person, time),
            _cell(person(offer.owner_id)),
        )
        lines.append("| " + " | ".join(cells) + " |")
    summary = summarise(offers)
    lines += ["", f"Total estimated cost: {costs_text(summary)} ({states_text(summary)})."]
    return lines


def _outreach(programmes: Sequence[Programme], person: Person, time: Time) -> list[str]:
    lines = ["## Outreach programmes", ""]
    if not programmes:
        return [*lines, "No outreach programme was run."]
    lines += [
        "| Segment | Touch points | Owner | Due | Progress | Status |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for p in programmes:
        cells = (
            _cell(p.segment_name),
            touch_points_text(p),
            _cell(person(p.owner_id)),
            time(p.due_at),
            progress_text(p),
            "done" if p.done else "open",
        )
        lines.append("| " + " | ".join(cells) + " |")
    said = [
        f"- {time(r.at)}, {person(r.by)}, {p.segment_name}: {r.contacted:,} contacted."
        + (f" {r.notes}" if r.notes else "")
        for p in programmes
        for r in p.reports
    ]
    return [*lines, "", "### What customers said", "", *(said or ["No reports yet."])]


def _history(offer: Offer, person: Person, time: Time) -> str:
    steps = [
        f"{state.value} by {_cell(person(change.by))} {time(change.at)}"
        for state in OfferState
        if (change := offer.changed(state)) is not None
    ]
    return "; ".join(steps)


def _cell(text: str) -> str:
    # A pipe or line break typed into a name would break the Markdown table.
    return text.replace("|", "\\|").replace("\n", " ")
