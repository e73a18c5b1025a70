"""Call-centre scripts: what support agents say, built from the crisis record, never stale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.comms.model import CustomerUpdate, Section, UpdateStatus
from bot.crisis.model import Crisis, CrisisStatus
from bot.insight.model import Segment

PART_MAX = 2000


class ScriptPart(StrEnum):
    """The parts of a script, in the order an agent uses them on a call."""

    WHAT_HAPPENED = "what_happened"
    WHO_IS_AFFECTED = "who_is_affected"
    WHAT_TO_DO = "what_to_do"
    WHEN_FIXED = "when_fixed"
    COMPENSATION = "compensation"
    DONT_SAY = "dont_say"
    ESCALATE = "escalate"

    @property
    def label(self) -> str:
        """The heading agents read."""
        return _PART_LABELS[self]


_PART_LABELS = {
    ScriptPart.WHAT_HAPPENED: "What happened",
    ScriptPart.WHO_IS_AFFECTED: "Who is affected",
    ScriptPart.WHAT_TO_DO: "What the customer should do now",
    ScriptPart.WHEN_FIXED: "When it will be fixed",
    ScriptPart.COMPENSATION: "Compensation",
    ScriptPart.DONT_SAY: "What not to say",
    ScriptPart.ESCALATE: "When and to whom to escalate",
}


@dataclass(frozen=True)
class ScriptBasis:
    """The facts a script rests on; when any changes, the approved script is stale."""

    update_id: int | None
    customer_eta: datetime | None
    compensation: str
    resolved: bool

    def changes_since(self, approved: ScriptBasis) -> list[str]:
        """What changed since `approved` was the basis, in words."""
        changes = []
        if self.update_id != approved.update_id:
            changes.append("a new customer update was approved")
        if self.customer_eta != approved.customer_eta:
            changes.append("the fix time promised to customers moved")
        if self.compensation != approved.compensation:
            changes.append("the compensation changed")
        if self.resolved != approved.resolved:
            changes.append("the crisis was resolved")
        return changes


@dataclass(frozen=True)
class CallScript:
    """One version of a call-centre script (numbered once approved)."""

    id: int
    crisis_id: int
    version: int | None
    status: UpdateStatus
    author_id: str
    parts: dict[ScriptPart, str]
    basis: ScriptBasis
    created_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None
    approval_channel: str | None = None
    approval_ts: str | None = None
    support_ts: str | None = None  # the pinned copy in the support team's channel

    def text(self, part: ScriptPart) -> str:
        """One part's text ('' when left out)."""
        return self.parts.get(part, "")


def suggested_parts(
    crisis: Crisis,
    *,
    last: CustomerUpdate | None,
    segments: Sequence[Segment],
    compensation: str,
    avoid: Sequence[str],
) -> dict[ScriptPart, str]:
    """A first draft from the record: the last approved update, promises, compensation."""
    told = last.sections if last else {}
    names = ", ".join(s.name for s in segments) or "Customers who use the affected service"
    if crisis.status is not CrisisStatus.OPEN:
        when = "It is fixed. If the customer still has trouble, escalate."
    elif crisis.customer_eta:
        when = f"We expect it fixed by {crisis.customer_eta:%H:%M UTC on %d %b}."
    else:
        next_by = f" Next update by {last.next_update_at:%H:%M UTC}." if last else ""
        when = "We don't know yet." + next_by
    avoided = ", ".join(f"“{word}”" for word in avoid[:12])
    return {
        ScriptPart.WHAT_HAPPENED: told.get(Section.WHAT_HAPPENED, crisis.description),
        ScriptPart.WHO_IS_AFFECTED: names
        + (
            f". What it means for them: {told[Section.WHAT_IT_MEANS]}"
            if told.get(Section.WHAT_IT_MEANS)
            else ""
        ),
        ScriptPart.WHAT_TO_DO: told.get(Section.MEANWHILE)
        or "Nothing yet; we will share workarounds as soon as we have them.",
        ScriptPart.WHEN_FIXED: when,
        ScriptPart.COMPENSATION: compensation or "Not decided: don't promise any.",
        ScriptPart.DONT_SAY: "No guesses about causes, no blame (on anyone, the customer "
        "included), no times we have not published." + (f" Avoid {avoided}." if avoided else ""),
        ScriptPart.ESCALATE: "Escalate to the crisis lead when a customer reports harm beyond "
        "what is described here, asks for more than the approved compensation, or is a key "
        "account; escalate immediately for safety or data concerns.",
    }


def stale_reasons(approved: CallScript | None, current: ScriptBasis) -> list[str]:
    """Why the latest approved script no longer matches the record ([] when current)."""
    return [] if approved is None else current.changes_since(approved.basis)
