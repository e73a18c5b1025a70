"""outbox; reminders keep facts (params), not text

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

import re
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crisis_id", sa.Integer(), nullable=False),
        sa.Column("queue", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sending_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["crisis_id"], ["crisis.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_crisis_id"), ["crisis_id"], unique=False)
        batch_op.create_index("ix_outbox_queue", ["queue", "status", "id"], unique=False)
        batch_op.create_index("ix_outbox_due", ["status", "not_before"], unique=False)

    _reminder_text_to_params()


ETA = re.compile(r"<!date\^(\d+)\^")
ACTION_PREFIX = "Follow-up from the review is due: "


def _reminder_text_to_params() -> None:
    """Reminders stored their rendered text; keep the facts in it, drop the text."""
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.add_column(sa.Column("params", sa.JSON(), nullable=True))
    reminder = sa.table(
        "reminder",
        sa.column("id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("text", sa.String()),
        sa.column("params", sa.JSON()),
    )
    connection = op.get_bind()
    for row in connection.execute(sa.select(reminder.c.id, reminder.c.kind, reminder.c.text)):
        connection.execute(
            reminder.update()
            .where(reminder.c.id == row.id)
            .values(params=_params(row.kind, row.text or ""))
        )
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.alter_column("params", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column("text")


def _params(kind: str, text: str) -> dict[str, str]:
    if kind == "customer_eta" and (match := ETA.search(text)):
        return {"eta": datetime.fromtimestamp(int(match.group(1)), UTC).isoformat()}
    if kind == "action_due" and ACTION_PREFIX in text:
        return {"action": text.split(ACTION_PREFIX, 1)[1]}
    return {}


def downgrade() -> None:
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text", sa.String(), nullable=False, server_default=""))
        batch_op.drop_column("params")
    op.drop_table("outbox")
