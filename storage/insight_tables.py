"""The customer-insight table: segments per workspace."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.tables import utc_column


class SegmentRow(SQLModel, table=True):
    """A customer segment; names are unique per workspace regardless of case."""

    __tablename__ = "customer_segment"
    __table_args__ = (UniqueConstraint("team_id", "name_key"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    name: str = Field(max_length=80)
    name_key: str = Field(max_length=80)
    customers: int
    revenue_share: float
    touch_points: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    owner_id: str = Field(max_length=32)
    notes: str = ""
    updated_at: datetime = Field(sa_column=utc_column())
