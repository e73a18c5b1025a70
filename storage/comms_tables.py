"""Customer update versions, and the webhook events owed to the receiver."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.tables import crisis_fk, utc_column


class CustomerUpdateRow(SQLModel, table=True):
    """One version of a customer update; approved versions are never written again."""

    __tablename__ = "customer_update"
    # Drafts have no number or version yet (NULLs never clash).
    __table_args__ = (UniqueConstraint("crisis_id", "number", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    crisis_id: int = Field(sa_column=crisis_fk())
    number: int | None = None
    version: int | None = None
    revises: int | None = None
    status: str = Field(max_length=24)
    author_id: str = Field(max_length=32)
    sections: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    segment_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    touch_points: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    item_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    next_update_at: datetime = Field(sa_column=utc_column())
    created_at: datetime = Field(sa_column=utc_column())
    decided_by: str | None = Field(default=None, max_length=32)
    decided_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    reason: str | None = None
    approval_channel: str | None = Field(default=None, max_length=32)
    approval_ts: str | None = Field(default=None, max_length=32)


class CommsOutboxRow(SQLModel, table=True):
    """A side effect of telling customers (a Slack message, a webhook event): pending until done."""

    __tablename__ = "comms_outbox"
    __table_args__ = (Index("ix_comms_outbox_due", "status", "queue", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    crisis_id: int = Field(sa_column=crisis_fk())
    queue: str = Field(max_length=64)
    effect: str = Field(max_length=32)
    subject_id: int
    params: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    key: str = Field(max_length=64, unique=True)
    # One webhook event per subject, however often it is owed ("event:subject").
    once: str | None = Field(default=None, max_length=96, unique=True)
    status: str = Field(max_length=16)
    created_at: datetime = Field(sa_column=utc_column())
    not_before: datetime = Field(sa_column=utc_column())
    attempts: int = 0
    last_error: str | None = None
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    started_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    done_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class CustomerPromiseRow(SQLModel, table=True):
    """A time told to customers: the next update by ..., the fix by ..."""

    __tablename__ = "customer_promise"
    __table_args__ = (Index("ix_customer_promise_open", "kept_at", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    crisis_id: int = Field(sa_column=crisis_fk())
    kind: str = Field(max_length=16)
    due_at: datetime = Field(sa_column=utc_column())
    made_at: datetime = Field(sa_column=utc_column())
    made_by: str = Field(max_length=32)
    update_id: int | None = None
    kept_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    reminded_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    breached_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class CustomerItemRow(SQLModel, table=True):
    """A "tell customers" (highlight) or "mitigate" item a decision owes customers."""

    __tablename__ = "customer_item"
    __table_args__ = (UniqueConstraint("decision_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    crisis_id: int = Field(sa_column=crisis_fk())
    kind: str = Field(max_length=16)
    decision_id: int
    text: str
    owner_id: str = Field(max_length=32)
    created_at: datetime = Field(sa_column=utc_column())
    due_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    done_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    done_by: str | None = Field(default=None, max_length=32)
    done_note: str | None = None
    done_update_id: int | None = None
    reminded_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class CallScriptRow(SQLModel, table=True):
    """One version of a call-centre script; approved versions are never written again."""

    __tablename__ = "call_script"
    __table_args__ = (UniqueConstraint("crisis_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    crisis_id: int = Field(sa_column=crisis_fk())
    version: int | None = None
    status: str = Field(max_length=24)
    author_id: str = Field(max_length=32)
    parts: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    basis: dict[str, object] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(sa_column=utc_column())
    decided_by: str | None = Field(default=None, max_length=32)
    decided_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    reason: str | None = None
    approval_channel: str | None = Field(default=None, max_length=32)
    approval_ts: str | None = Field(default=None, max_length=32)
    support_ts: str | None = Field(default=None, max_length=32)
    nudged_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
