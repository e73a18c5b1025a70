"""declare from anywhere, review invites: a crisis's source message and review sequence, events

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("crisis", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_channel_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("source_ts", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("source_permalink", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("source_thread_ts", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("review_sequence", sa.Integer(), server_default="0", nullable=False)
        )
    op.create_table(
        "slack_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    with op.batch_alter_table("slack_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_slack_event_received_at"), ["received_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("slack_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_event_received_at"))
    op.drop_table("slack_event")
    with op.batch_alter_table("crisis", schema=None) as batch_op:
        batch_op.drop_column("review_sequence")
        batch_op.drop_column("source_thread_ts")
        batch_op.drop_column("source_permalink")
        batch_op.drop_column("source_ts")
        batch_op.drop_column("source_channel_id")
