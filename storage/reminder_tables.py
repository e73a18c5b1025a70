"""Reminder tables: the single source of truth for every nudge the bot will send."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from storage.tables import crisis_fk, utc_column


class ReminderRow(SQLModel, table=True):
    """A reminder: pending until it fires for good, is cancelled, or the crisis goes."""

    __tablename__ = "reminder"
    __table_args__ = (
        Index("ix_reminder_due", "status", "due_at"),
        # One pending reminder per (crisis, kind, subject): scheduling again replaces it.
        Index(
            "uq_reminder_pending",
            "crisis_id",
            "kind",
            "subject",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    crisis_id: int = Field(sa_column=crisis_fk())
    kind: str = Field(max_length=32)
    subject: str = Field(default="", max_length=64)
    status: str = Field(max_length=16)
    due_at: datetime = Field(sa_column=utc_column())
    every_seconds: int | None = None
    channel_id: str | None = Field(default=None, max_length=32)
    user_id: str | None = Field(default=None, max_length=32)
    # Facts the message is rendered from when it is sent (never the text itself).
    params: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    attempts: int = 0
    not_before: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class ReminderDeliveryRow(SQLModel, table=True):
    """One occurrence of a reminder being delivered: 'sending' until Slack confirmed it."""

    __tablename__ = "reminder_delivery"
    __table_args__ = (UniqueConstraint("reminder_id", "occurrence"),)

    id: int | None = Field(default=None, primary_key=True)
    reminder_id: int = Field(
        sa_column=Column(Integer, ForeignKey("reminder.id", ondelete="CASCADE"), nullable=False)
    )
    occurrence: datetime = Field(sa_column=utc_column())
    state: str = Field(max_length=16)
    owner: str = Field(max_length=64)
    started_at: datetime = Field(sa_column=utc_column())
    sent_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
