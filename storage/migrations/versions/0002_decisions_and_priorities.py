"""decisions and priorities

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=255), nullable=False),
        sa.Column("crisis_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("decided_by", sa.String(length=32), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("segment_ids", sa.JSON(), nullable=False),
        sa.Column("harms", sa.JSON(), nullable=False),
        sa.Column("mitigation", sa.String(), nullable=False),
        sa.Column("highlight", sa.String(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("source_ts", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["crisis_id"], ["crisis.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_crisis_id"), ["crisis_id"], unique=False)
        batch_op.create_index(
            "ix_decision_crisis_id_decided_at", ["crisis_id", "decided_at"], unique=False
        )

    op.create_table(
        "priority",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crisis_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("harm", sa.String(length=32), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["crisis_id"], ["crisis.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("priority", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_priority_crisis_id"), ["crisis_id"], unique=False)

    with op.batch_alter_table("crisis", schema=None) as batch_op:
        batch_op.add_column(sa.Column("customer_eta", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("crisis_step", schema=None) as batch_op:
        batch_op.add_column(sa.Column("summary", sa.String(), nullable=True))

    with op.batch_alter_table("timeline_event", schema=None) as batch_op:
        batch_op.create_index("ix_timeline_event_crisis_id_at", ["crisis_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("timeline_event", schema=None) as batch_op:
        batch_op.drop_index("ix_timeline_event_crisis_id_at")

    with op.batch_alter_table("crisis_step", schema=None) as batch_op:
        batch_op.drop_column("summary")

    with op.batch_alter_table("crisis", schema=None) as batch_op:
        batch_op.drop_column("customer_eta")

    with op.batch_alter_table("priority", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_priority_crisis_id"))

    op.drop_table("priority")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index("ix_decision_crisis_id_decided_at")
        batch_op.drop_index(batch_op.f("ix_decision_crisis_id"))

    op.drop_table("decision")
