"""Tables of what responders record: decisions (with their assessments) and priorities."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from storage.tables import crisis_fk, utc_column


class DecisionRow(SQLModel, table=True):
    """A decision, step completion, status update or resolution, with its impact assessment."""

    __tablename__ = "decision"
    __table_args__ = (Index("ix_decision_crisis_id_decided_at", "crisis_id", "decided_at"),)

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(max_length=255, unique=True)
    crisis_id: int = Field(sa_column=crisis_fk())
    kind: str = Field(max_length=16)
    summary: str
    decided_by: str = Field(max_length=32)
    decided_at: datetime = Field(sa_column=utc_column())
    direction: str = Field(max_length=16)
    segment_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    harms: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    mitigation: str = ""
    highlight: str = ""
    # The kind's record (ResetAnswers, FixPlan, ...) as JSON, checked by its type when read.
    facts: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    source_ts: str | None = Field(default=None, max_length=32)


class PriorityRow(SQLModel, table=True):
    """A priority set in the Refocus step."""

    __tablename__ = "priority"

    id: int | None = Field(default=None, primary_key=True)
    crisis_id: int = Field(sa_column=crisis_fk())
    position: int
    text: str
    harm: str = Field(max_length=32)
    owner_id: str = Field(max_length=32)
    open: bool = True
    created_at: datetime = Field(sa_column=utc_column())
