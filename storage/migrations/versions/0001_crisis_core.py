"""crisis core

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crisis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=255), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=150), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("crisis_type", sa.String(length=32), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("lead_id", sa.String(length=32), nullable=False),
        sa.Column("declared_by", sa.String(length=32), nullable=False),
        sa.Column("responder_ids", sa.JSON(), nullable=False),
        sa.Column("segment_ids", sa.JSON(), nullable=False),
        sa.Column("origin_channel_id", sa.String(length=32), nullable=True),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("channel_name", sa.String(length=80), nullable=True),
        sa.Column("board_ts", sa.String(length=32), nullable=True),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    with op.batch_alter_table("crisis", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_crisis_channel_id"), ["channel_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_crisis_declared_at"), ["declared_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_crisis_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_crisis_team_id"), ["team_id"], unique=False)

    op.create_table(
        "crisis_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crisis_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_by", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["crisis_id"], ["crisis.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("crisis_id", "key"),
    )
    with op.batch_alter_table("crisis_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_crisis_step_crisis_id"), ["crisis_id"], unique=False)

    op.create_table(
        "timeline_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crisis_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["crisis_id"], ["crisis.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("timeline_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_timeline_event_crisis_id"), ["crisis_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("timeline_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_timeline_event_crisis_id"))

    op.drop_table("timeline_event")
    with op.batch_alter_table("crisis_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crisis_step_crisis_id"))

    op.drop_table("crisis_step")
    with op.batch_alter_table("crisis", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crisis_team_id"))
        batch_op.drop_index(batch_op.f("ix_crisis_status"))
        batch_op.drop_index(batch_op.f("ix_crisis_declared_at"))
        batch_op.drop_index(batch_op.f("ix_crisis_channel_id"))

    op.drop_table("crisis")
