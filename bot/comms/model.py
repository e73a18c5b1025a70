"""Customer updates as the domain sees them: the honest sections, versions, approval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.insight.model import TouchPoint

SECTION_MAX = 1500
REASON_MAX = 1000


class Section(StrEnum):
    """The sections of an honest update, in the order customers read them."""

    WHAT_HAPPENED = "what_happened"
    WHAT_IT_MEANS = "what_it_means"
    WHAT_WE_DO = "what_we_do"
    MEANWHILE = "meanwhile"
    OFFER = "offer"

    @property
    def label(self) -> str:
        """The heading customers read."""
        return _SECTION_LABELS[self]

    @property
    def required(self) -> bool:
        """Every section but the offer must say something (there may be nothing to offer)."""
        return self is not Section.OFFER


_SECTION_LABELS = {
    Section.WHAT_HAPPENED: "What happened",
    Section.WHAT_IT_MEANS: "What it means for you",
    Section.WHAT_WE_DO: "What we are doing",
    Section.MEANWHILE: "What you can do meanwhile",
    Section.OFFER: "What we offer",
}


class UpdateStatus(StrEnum):
    """Where one version of an update stands."""

    DRAFT = "draft"  # previewed by its author, not yet sent for approval
    PENDING = "pending"  # waiting for an approver
    CHANGES_REQUESTED = "changes_requested"  # sent back to its author with a reason
    APPROVED = "approved"  # published; never changes again


class CommsEvent(StrEnum):
    """Events delivered to CRISIS_WEBHOOK_URL."""

    UPDATE_PUBLISHED = "customer_update.published"
    CRISIS_RESOLVED = "crisis.resolved"
    SCRIPT_PUBLISHED = "call_script.published"


@dataclass(frozen=True)
class UpdateDraft:
    """What the author wrote in the customer update form, already read from Slack."""

    crisis_id: int
    author_id: str
    sections: dict[Section, str]
    segment_ids: tuple[int, ...]
    touch_points: tuple[TouchPoint, ...]
    next_update_at: datetime
    keep_avoided_words: bool = False
    revises: int | None = None  # the id of the version this one replaces
    item_ids: tuple[int, ...] = ()  # the "tell customers" items it includes

    def text(self, section: Section) -> str:
        """One section's text ('' when left out)."""
        return self.sections.get(section, "")


@dataclass(frozen=True)
class CustomerUpdate:
    """One stored version of a customer update."""

    id: int
    crisis_id: int
    number: int | None  # update #1, #2, ... of the crisis, once sent for approval
    version: int | None  # v1, v2, ... of that update, once sent for approval
    status: UpdateStatus
    author_id: str
    sections: dict[Section, str]
    segment_ids: tuple[int, ...]
    touch_points: tuple[TouchPoint, ...]
    next_update_at: datetime
    created_at: datetime
    revises: int | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    reason: str | None = None
    approval_channel: str | None = None
    approval_ts: str | None = None
    item_ids: tuple[int, ...] = ()

    def text(self, section: Section) -> str:
        """One section's text ('' when left out)."""
        return self.sections.get(section, "")


@dataclass(frozen=True)
class CommsStatus:
    """What the board says about customers: when they were last told, what was promised."""

    last_told_at: datetime | None
    next_update_by: datetime | None
    overdue_since: datetime | None = None  # the promised update is late (breach recorded)
    script_version: int | None = None  # the newest approved call-centre script
    script_stale: tuple[str, ...] = ()  # what changed since it was approved


@dataclass(frozen=True)
class CommsSettings:
    """Who approves besides the lead, and where approved updates go."""

    approvers: tuple[str, ...] = ()
    customer_channel: str | None = None
    webhooks: bool = False
