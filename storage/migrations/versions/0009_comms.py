"""customer updates, the comms outbox, promises, follow-up items, call scripts

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customer_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crisis_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("revises", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("author_id", sa.String(length=32), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("segment_ids", sa.JSON(), nullable=False),
        sa.Column("touch_points", sa.JSON(), nullable=False),
        sa.Column("item_ids", sa.JSON(), nullable=False),
        sa.Column("next_update_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=32), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(), nullable=True),
        sa.Column("approval_channel", sa.String(length=32), nullable=True),
        sa.Column("approval_ts", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["crisis_id"], ["crisis.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("crisis_id", "number", "version"),
    )
    op.create_index("ix_customer_update_crisis_id", "customer_update", ["crisis_id"])
    op.create_table(
        "comms_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crisis_id", sa.Integer(), nullable=False),
        sa.Column("queue", sa.String(length=64), nullable=False),
        sa.Column("effect", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("once", sa.String(length=96), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["crisis_id"], ["crisis.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
        sa.UniqueConstraint("once"),
    )
    op.create_index("ix_comms_outbox_crisis_id", "comms_outbox", ["crisis_id"])
    op.create_index("ix_comms_outbox_due", "comms_outbox", ["status", "queue", "id"])
    op.create_table(
        "customer_promise",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crisis_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("made_by", sa.String(length=32), nullable=False),
        sa.Column("update_id", sa.Integer(), nullable=True),
        sa.Column("kept_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("breached_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["crisis_id"], ["crisis.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_customer_promise_crisis_id", "customer_promise", ["crisis_id"])
    op.create_index("ix_customer_promise_open", "customer_promise", ["kept_at", "due_at"])
    op.create_table(
        "customer_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crisis_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(length=32), nullable=True),
        sa.Column("done_note", sa.String(), nullable=True),
        sa.Column("done_update_id", sa.Integer(), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["crisis_id"], ["crisis.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("decision_id", "kind"),
    )
    op.create_index("ix_customer_item_crisis_id", "customer_item", ["crisis_id"])
    op.create_table(
        "call_script",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crisis_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("author_id", sa.String(length=32), nullable=False),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.Column("basis", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=32), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(), nullable=True),
        sa.Column("approval_channel", sa.String(length=32), nullable=True),
        sa.Column("approval_ts", sa.String(length=32), nullable=True),
        sa.Column("support_ts", sa.String(length=32), nullable=True),
        sa.Column("nudged_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["crisis_id"], ["crisis.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("crisis_id", "version"),
    )
    op.create_index("ix_call_script_crisis_id", "call_script", ["crisis_id"])


def downgrade() -> None:
    op.drop_table("call_script")
    op.drop_table("customer_item")
    op.drop_table("customer_promise")
    op.drop_table("comms_outbox")
    op.drop_table("customer_update")
