"""SQLModel tables of the crisis core. All times are stored as UTC."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel


def utc_column(*, nullable: bool = False, index: bool = False) -> Column[datetime]:
    """A timezone-aware timestamp column."""
    return Column(DateTime(timezone=True), nullable=nullable, index=index)


def crisis_fk() -> Column[int]:
    """A non-null, indexed reference to a crisis that goes away with it."""
    return Column(Integer, ForeignKey("crisis.id", ondelete="CASCADE"), nullable=False, index=True)


class CrisisRow(SQLModel, table=True):
    """A declared crisis."""

    __tablename__ = "crisis"

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(max_length=255, unique=True)
    team_id: str = Field(max_length=32, index=True)
    title: str = Field(max_length=150)
    description: str
    crisis_type: str = Field(max_length=32)
    severity: str = Field(max_length=8)
    status: str = Field(max_length=16, index=True)
    lead_id: str = Field(max_length=32)
    declared_by: str = Field(max_length=32)
    responder_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    segment_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    origin_channel_id: str | None = Field(default=None, max_length=32)
    channel_id: str | None = Field(default=None, max_length=32, index=True)
    channel_name: str | None = Field(default=None, max_length=80)
    board_ts: str | None = Field(default=None, max_length=32)
    # The message it was declared from (message shortcut), if any.
    source_channel_id: str | None = Field(default=None, max_length=32)
    source_ts: str | None = Field(default=None, max_length=32)
    source_permalink: str | None = Field(default=None, max_length=500)
    source_thread_ts: str | None = Field(default=None, max_length=32)
    review_sequence: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    declared_at: datetime = Field(sa_column=utc_column(index=True))
    resolved_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    customer_eta: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class CrisisStepRow(SQLModel, table=True):
    """One playbook step of one crisis."""

    __tablename__ = "crisis_step"
    __table_args__ = (UniqueConstraint("crisis_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    crisis_id: int = Field(sa_column=crisis_fk())
    position: int
    key: str = Field(max_length=16)
    title: str = Field(max_length=80)
    state: str = Field(max_length=16)
    owner_id: str = Field(max_length=32)
    due_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    completed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    completed_by: str | None = Field(default=None, max_length=32)
    summary: str | None = None


class TimelineEventRow(SQLModel, table=True):
    """Something that happened in a crisis."""

    __tablename__ = "timeline_event"
    __table_args__ = (Index("ix_timeline_event_crisis_id_at", "crisis_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    crisis_id: int = Field(sa_column=crisis_fk())
    at: datetime = Field(sa_column=utc_column())
    actor_id: str = Field(max_length=32)
    kind: str = Field(max_length=32)
    # Facts, never rendered text: what the kind is about, and the values before and after.
    subject: str = ""
    from_value: str | None = Field(default=None, max_length=64)
    to_value: str | None = Field(default=None, max_length=64)
