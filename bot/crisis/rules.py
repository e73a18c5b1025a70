"""The rule book: who may do what in a crisis, and the refusal that says why not."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.errors import NotAllowed


class Act(StrEnum):
    """Everything a person can ask to do in a crisis that a rule may refuse."""

    LOG_DECISION = "log_decision"
    COMPLETE_STEP = "complete_step"  # Reset and Refocus priorities
    COMPLETE_FIX = "complete_fix"
    CHANGE_SEVERITY = "change_severity"
    POST_UPDATE = "post_update"
    HAND_OVER = "hand_over"
    RESOLVE = "resolve"
    REVIEW = "review"
    MOVE_REVIEW = "move_review"
    APPROVE_COMPENSATION = "approve_compensation"
    APPROVE_FOR_CUSTOMERS = "approve_for_customers"  # customer updates and call-centre scripts


class FieldKey(StrEnum):
    """A form field a refusal concerns (the handlers know which block shows it)."""

    SEVERITY = "severity"


class Reason(StrEnum):
    """Why an act is refused."""

    LEAD_ONLY = "lead_only"
    RESOLVED = "resolved"  # the response is over: no more steps, updates or severity changes
    NOT_RESOLVED = "not_resolved"  # the review waits for the resolution
    REVIEWED = "reviewed"  # the review happens once
    NOT_A_PERSON = "not_a_person"  # the lead must be a human member of the workspace
    UNKNOWN_PERSON = "unknown_person"
    DEACTIVATED = "deactivated"
    ALREADY_LEADS = "already_leads"
    NOT_AN_APPROVER = "not_an_approver"  # neither the lead nor in CRISIS_COMMS_APPROVERS
    OWN_DRAFT = "own_draft"  # nobody approves what they wrote, unless they lead


LEAD_ONLY = frozenset(
    {
        Act.CHANGE_SEVERITY,
        Act.COMPLETE_FIX,
        Act.HAND_OVER,
        Act.RESOLVE,
        Act.MOVE_REVIEW,
        Act.APPROVE_COMPENSATION,
    }
)
WHILE_OPEN = frozenset(
    {Act.COMPLETE_STEP, Act.COMPLETE_FIX, Act.CHANGE_SEVERITY, Act.POST_UPDATE, Act.RESOLVE}
)
# Acts about the review: only once the crisis is resolved, and only until the review is held.
AFTER_RESOLUTION = frozenset({Act.REVIEW, Act.MOVE_REVIEW})
# The form field each act's refusal belongs under, where one form field is the act.
FIELDS = {Act.CHANGE_SEVERITY: FieldKey.SEVERITY}

_ACTS = {
    Act.LOG_DECISION: "log a decision",
    Act.COMPLETE_STEP: "complete this step",
    Act.COMPLETE_FIX: "complete Fix",
    Act.CHANGE_SEVERITY: "change the severity",
    Act.POST_UPDATE: "post a status update",
    Act.HAND_OVER: "hand over the lead",
    Act.RESOLVE: "resolve the crisis",
    Act.REVIEW: "hold the review",
    Act.MOVE_REVIEW: "move the review",
    Act.APPROVE_COMPENSATION: "approve compensation",
    Act.APPROVE_FOR_CUSTOMERS: "approve what customers and support agents are told",
}

_REASONS = {
    Reason.LEAD_ONLY: "Only the crisis lead can {act}.",
    Reason.RESOLVED: "This crisis is already resolved, so you can't {act} any more.",
    Reason.NOT_RESOLVED: "The review is scheduled when the lead resolves the crisis.",
    Reason.REVIEWED: "The review is already done; its document is in the channel.",
    Reason.NOT_A_PERSON: "A crisis is led by a person: apps and bots can't lead one.",
    Reason.UNKNOWN_PERSON: "I can't find that person in this workspace.",
    Reason.DEACTIVATED: "That person's account is deactivated, so they can't lead the crisis.",
    Reason.ALREADY_LEADS: "They already lead this crisis.",
    Reason.NOT_AN_APPROVER: (
        "Only the crisis lead or a communications approver (CRISIS_COMMS_APPROVERS) can {act}."
    ),
    Reason.OWN_DRAFT: "You wrote this, so someone else has to approve it (or the lead).",
}


class Refused(NotAllowed):
    """The rule book says no: the act, why, who leads, and the form field concerned (if any)."""

    def __init__(
        self, act: Act, reason: Reason, *, lead_id: str, field: FieldKey | None = None
    ) -> None:
        # Plain words: a modal field error shows text literally.
        super().__init__(_REASONS[reason].format(act=_ACTS[act]))
        self.act = act
        self.reason = reason
        self.lead_id = lead_id
        self.field = field


@dataclass(frozen=True)
class Member:
    """What Slack says about a person the app is asked to make the lead."""

    id: str
    is_bot: bool = False
    deleted: bool = False


def lead_candidate_refusal(member: Member | None, *, lead_id: str) -> Refused | None:
    """Why `member` may not take the lead (None: they may)."""
    if member is None:
        reason = Reason.UNKNOWN_PERSON
    elif member.is_bot:
        reason = Reason.NOT_A_PERSON
    elif member.deleted:
        reason = Reason.DEACTIVATED
    elif member.id == lead_id:
        reason = Reason.ALREADY_LEADS
    else:
        return None
    return Refused(Act.HAND_OVER, reason, lead_id=lead_id)
