"""The outbox: every Slack side effect of a saved change, written in the change's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from storage.tables import crisis_fk, utc_column


class OutboxRow(SQLModel, table=True):
    """One thing to say in Slack: pending until delivered, failed when the retries gave up."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_queue", "queue", "status", "id"),
        Index("ix_outbox_due", "status", "not_before"),
    )

    id: int | None = Field(default=None, primary_key=True)
    crisis_id: int = Field(sa_column=crisis_fk())
    # Rows of one queue are delivered one after the other, in id order.
    queue: str = Field(max_length=64)
    kind: str = Field(max_length=32)
    params: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(max_length=16)
    created_at: datetime = Field(sa_column=utc_column())
    attempts: int = 0
    not_before: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # Set by the first attempt: a later attempt checks Slack for the row's key from then on.
    sending_since: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    done_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    error: str | None = None
