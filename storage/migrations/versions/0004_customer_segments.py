"""customer segments

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customer_segment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("name_key", sa.String(length=80), nullable=False),
        sa.Column("customers", sa.Integer(), nullable=False),
        sa.Column("revenue_share", sa.Float(), nullable=False),
        sa.Column("touch_points", sa.JSON(), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "name_key"),
    )
    with op.batch_alter_table("customer_segment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_segment_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("customer_segment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_segment_team_id"))

    op.drop_table("customer_segment")
