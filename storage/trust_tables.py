"""Tables of the trust work: compensation offers and outreach programmes by segment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.tables import crisis_fk, utc_column


def money_column(*, nullable: bool = False) -> Column[int]:
    """Minor units: a customer count times a per-customer amount outgrows 32 bits."""
    return Column(BigInteger, nullable=nullable)


class OfferRow(SQLModel, table=True):
    """A compensation offer of one crisis to one segment, with who moved it when."""

    __tablename__ = "compensation_offer"
    __table_args__ = (UniqueConstraint("crisis_id", "segment_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    crisis_id: int = Field(sa_column=crisis_fk())
    # No foreign key: a segment removed later leaves the offer (and its name) on record.
    segment_id: int
    segment_name: str = Field(max_length=80)
    kind: str = Field(max_length=16)
    currency: str = Field(max_length=3)
    money_minor: int | None = Field(default=None, sa_column=money_column(nullable=True))
    percent_points: int | None = None
    monthly_fee_minor: int | None = Field(default=None, sa_column=money_column(nullable=True))
    eligibility: str = Field(max_length=500)
    eligible_count: int = Field(sa_column=money_column())
    estimated_cost_minor: int = Field(sa_column=money_column())
    owner_id: str = Field(max_length=32)
    state: str = Field(max_length=16)
    proposed_by: str = Field(max_length=32)
    proposed_at: datetime = Field(sa_column=utc_column())
    approved_by: str | None = Field(default=None, max_length=32)
    approved_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    offered_by: str | None = Field(default=None, max_length=32)
    offered_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    delivered_by: str | None = Field(default=None, max_length=32)
    delivered_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class ProgrammeRow(SQLModel, table=True):
    """An outreach programme of one crisis to one segment; `contacted` sums its reports."""

    __tablename__ = "outreach_programme"
    __table_args__ = (UniqueConstraint("crisis_id", "segment_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    crisis_id: int = Field(sa_column=crisis_fk())
    segment_id: int
    segment_name: str = Field(max_length=80)
    owner_id: str = Field(max_length=32)
    touch_points: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    target: int = Field(sa_column=money_column())
    due_at: datetime = Field(sa_column=utc_column())
    message: str
    contacted: int = Field(sa_column=money_column())
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_column=utc_column())


class OutreachReportRow(SQLModel, table=True):
    """One progress report of a programme."""

    __tablename__ = "outreach_report"

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("outreach_programme.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    contacted: int = Field(sa_column=money_column())
    notes: str
    reported_by: str = Field(max_length=32)
    reported_at: datetime = Field(sa_column=utc_column())


class CheckInRow(SQLModel, table=True):
    """A trust check-in of one crisis and segment, once per check-in of the playbook."""

    __tablename__ = "trust_check_in"
    __table_args__ = (UniqueConstraint("crisis_id", "check_in", "segment_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    crisis_id: int = Field(sa_column=crisis_fk())
    segment_id: int = Field(index=True)
    segment_name: str = Field(max_length=80)
    check_in: str = Field(max_length=16)
    complaints: int = Field(sa_column=money_column())
    customers_lost: int = Field(sa_column=money_column())
    scale: str = Field(max_length=8)
    before_tenths: int
    after_tenths: int
    saying: str
    change: str
    action_owner_id: str | None = Field(default=None, max_length=32)
    action_due_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    recorded_by: str = Field(max_length=32)
    recorded_at: datetime = Field(sa_column=utc_column(index=True))
