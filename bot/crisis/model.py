"""The crisis aggregate: what was declared, who leads it, where it lives, its playbook steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.crisis.decisions import Priority
from bot.crisis.rules import (
    AFTER_RESOLUTION,
    FIELDS,
    LEAD_ONLY,
    WHILE_OPEN,
    Act,
    Reason,
    Refused,
)


class CrisisType(StrEnum):
    """The kinds of crisis the seeds name, plus a catch-all."""

    PRODUCTION_BREAKDOWN = "production_breakdown"
    DATA_BREACH = "data_breach"
    FAILED_PRODUCT = "failed_product"
    COMPETITOR_BREAKTHROUGH = "competitor_breakthrough"
    OTHER = "other"

    @property
    def label(self) -> str:
        """How the type reads to a person."""
        return _TYPE_LABELS[self]


_TYPE_LABELS = {
    CrisisType.PRODUCTION_BREAKDOWN: "Production breakdown",
    CrisisType.DATA_BREACH: "Data breach",
    CrisisType.FAILED_PRODUCT: "Failed product or service",
    CrisisType.COMPETITOR_BREAKTHROUGH: "Competitor breakthrough",
    CrisisType.OTHER: "Other",
}


class Severity(StrEnum):
    """How badly customers are hurt; SEV1 is the worst."""

    SEV1 = "sev1"
    SEV2 = "sev2"
    SEV3 = "sev3"

    @property
    def label(self) -> str:
        """Short name, e.g. 'SEV1 · Critical'."""
        return _SEVERITY_TEXT[self][0]

    @property
    def meaning(self) -> str:
        """One line saying what this severity means for customers."""
        return _SEVERITY_TEXT[self][1]


_SEVERITY_TEXT = {
    Severity.SEV1: (
        "SEV1 · Critical",
        "Many customers can't use the product, or their data is at risk",
    ),
    Severity.SEV2: (
        "SEV2 · Major",
        "A core function is broken or degraded for a group of customers",
    ),
    Severity.SEV3: ("SEV3 · Minor", "Limited customer impact, and a workaround exists"),
}


class CrisisStatus(StrEnum):
    """Where the crisis is in its life."""

    OPEN = "open"
    RESOLVED = "resolved"
    REVIEWED = "reviewed"


class StepKey(StrEnum):
    """The playbook's steps, in order."""

    RESET = "reset"
    REFOCUS = "refocus"
    FIX = "fix"
    REVIEW = "review"


# What the rule book is asked before someone opens or completes each step.
STEP_ACTS = {
    StepKey.RESET: Act.COMPLETE_STEP,
    StepKey.REFOCUS: Act.COMPLETE_STEP,
    StepKey.FIX: Act.COMPLETE_FIX,
    StepKey.REVIEW: Act.REVIEW,
}


class StepState(StrEnum):
    """A step is waiting for its turn, underway, or done."""

    PENDING = "pending"
    DONE = "done"


TITLE_MAX = 150
DESCRIPTION_MAX = 3000


@dataclass(frozen=True)
class SourceMessage:
    """The Slack message a crisis was declared from."""

    channel_id: str
    ts: str
    permalink: str | None = None
    # The thread the message is a reply in (replies go to the thread, never to a reply).
    thread_ts: str | None = None

    @property
    def reply_ts(self) -> str:
        """Where a reply about the crisis goes: the message's thread, or a new one under it."""
        return self.thread_ts or self.ts


@dataclass(frozen=True)
class CrisisDraft:
    """What the declarer filled in, already validated."""

    team_id: str
    title: str
    description: str
    crisis_type: CrisisType
    severity: Severity
    lead_id: str
    responder_ids: tuple[str, ...]
    declared_by: str
    origin_channel_id: str | None = None
    segment_ids: tuple[int, ...] = ()
    source: SourceMessage | None = None

    @property
    def people(self) -> tuple[str, ...]:
        """Lead first, then responders, each once."""
        return tuple(dict.fromkeys((self.lead_id, *self.responder_ids)))


@dataclass(frozen=True)
class Step:
    """One playbook step of one crisis."""

    key: StepKey
    title: str
    state: StepState
    owner_id: str
    due_at: datetime | None
    completed_at: datetime | None = None
    completed_by: str | None = None
    summary: str | None = None

    @property
    def done(self) -> bool:
        """True once the step is completed."""
        return self.state is StepState.DONE


@dataclass(frozen=True)
class Crisis:
    """A declared crisis as stored."""

    id: int
    team_id: str
    title: str
    description: str
    crisis_type: CrisisType
    severity: Severity
    status: CrisisStatus
    lead_id: str
    declared_by: str
    responder_ids: tuple[str, ...]
    declared_at: datetime
    origin_channel_id: str | None = None
    channel_id: str | None = None
    channel_name: str | None = None
    board_ts: str | None = None
    segment_ids: tuple[int, ...] = ()
    steps: tuple[Step, ...] = field(default=())
    priorities: tuple[Priority, ...] = ()
    customer_eta: datetime | None = None
    resolved_at: datetime | None = None
    source: SourceMessage | None = None
    # Bumped each time the review is moved: the SEQUENCE of its calendar invite.
    review_sequence: int = 0

    @property
    def people(self) -> tuple[str, ...]:
        """Lead first, then responders, each once."""
        return tuple(dict.fromkeys((self.lead_id, *self.responder_ids)))

    def step(self, key: StepKey) -> Step:
        """The step with this key."""
        return next(step for step in self.steps if step.key is key)

    def may(self, person_id: str, act: Act) -> bool:
        """Whether the rule book lets `person_id` do `act` in this crisis now."""
        return self.refusal(person_id, act) is None

    def require(self, person_id: str, act: Act) -> None:
        """Raise Refused unless `person_id` may do `act` in this crisis now."""
        refused = self.refusal(person_id, act)
        if refused is not None:
            raise refused

    def refusal(self, person_id: str, act: Act) -> Refused | None:
        """The refusal `person_id` gets for `act` (None: allowed)."""
        reason: Reason | None = None
        if act in WHILE_OPEN and self.status is not CrisisStatus.OPEN:
            reason = Reason.RESOLVED
        elif act in AFTER_RESOLUTION and self.status is CrisisStatus.OPEN:
            reason = Reason.NOT_RESOLVED
        elif act in AFTER_RESOLUTION and (
            self.status is CrisisStatus.REVIEWED
            or any(step.key is StepKey.REVIEW and step.done for step in self.steps)
        ):
            reason = Reason.REVIEWED
        elif act in LEAD_ONLY and person_id != self.lead_id:
            reason = Reason.LEAD_ONLY
        if reason is None:
            return None
        return Refused(act, reason, lead_id=self.lead_id, field=FIELDS.get(act))
