"""rebuild trust: compensation, outreach programmes and trust check-ins by segment

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _who(state: str, *, nullable: bool = True) -> list[sa.Column[object]]:
    return [
        sa.Column(f"{state}_by", sa.String(length=32), nullable=nullable),
        sa.Column(f"{state}_at", sa.DateTime(timezone=True), nullable=nullable),
    ]


def upgrade() -> None:
    op.create_table(
        "compensation_offer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("crisis_id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=False),
        sa.Column("segment_name", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("money_minor", sa.BigInteger(), nullable=True),
        sa.Column("percent_points", sa.Integer(), nullable=True),
        sa.Column("monthly_fee_minor", sa.BigInteger(), nullable=True),
        sa.Column("eligibility", sa.String(length=500), nullable=False),
        sa.Column("eligible_count", sa.BigInteger(), nullable=False),
        sa.Column("estimated_cost_minor", sa.BigInteger(), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        *_who("proposed", nullable=False),
        *_who("approved"),
        *_who("offered"),
        *_who("delivered"),
        sa.ForeignKeyConstraint(["crisis_id"], ["crisis.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("crisis_id", "segment_id"),
    )
    op.create_index(
        op.f("ix_compensation_offer_crisis_id"), "compensation_offer", ["crisis_id"], unique=False
    )
    op.create_index(
        op.f("ix_compensation_offer_team_id"), "compensation_offer", ["team_id"], unique=False
    )
    _create_outreach()
    _create_check_ins()


def _create_outreach() -> None:
    op.create_table(
        "outreach_programme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("crisis_id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=False),
        sa.Column("segment_name", sa.String(length=80), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("touch_points", sa.JSON(), nullable=False),
        sa.Column("target", sa.BigInteger(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message", sa.String(), nullable=False),
        sa.Column("contacted", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["crisis_id"], ["crisis.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("crisis_id", "segment_id"),
    )
    for column in ("crisis_id", "team_id"):
        op.create_index(
            op.f(f"ix_outreach_programme_{column}"), "outreach_programme", [column], unique=False
        )
    op.create_table(
        "outreach_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("contacted", sa.BigInteger(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("reported_by", sa.String(length=32), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["programme_id"], ["outreach_programme.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_outreach_report_programme_id"), "outreach_report", ["programme_id"], unique=False
    )


def _create_check_ins() -> None:
    op.create_table(
        "trust_check_in",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("crisis_id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=False),
        sa.Column("segment_name", sa.String(length=80), nullable=False),
        sa.Column("check_in", sa.String(length=16), nullable=False),
        sa.Column("complaints", sa.BigInteger(), nullable=False),
        sa.Column("customers_lost", sa.BigInteger(), nullable=False),
        sa.Column("scale", sa.String(length=8), nullable=False),
        sa.Column("before_tenths", sa.Integer(), nullable=False),
        sa.Column("after_tenths", sa.Integer(), nullable=False),
        sa.Column("saying", sa.String(), nullable=False),
        sa.Column("change", sa.String(), nullable=False),
        sa.Column("action_owner_id", sa.String(length=32), nullable=True),
        sa.Column("action_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recorded_by", sa.String(length=32), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["crisis_id"], ["crisis.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("crisis_id", "check_in", "segment_id"),
    )
    for column in ("crisis_id", "recorded_at", "segment_id", "team_id"):
        op.create_index(
            op.f(f"ix_trust_check_in_{column}"), "trust_check_in", [column], unique=False
        )


def downgrade() -> None:
    op.drop_table("trust_check_in")
    op.drop_table("outreach_report")
    op.drop_table("outreach_programme")
    op.drop_table("compensation_offer")
