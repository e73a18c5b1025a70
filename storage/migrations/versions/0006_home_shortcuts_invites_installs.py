"""declare from anywhere, review invites, many workspaces

A crisis's source message and review sequence; Events API deliveries handled; slack_sdk's
installation and OAuth state tables; which workspaces the app may still act in.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
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

    _create_oauth_tables()


def _create_oauth_tables() -> None:
    # slack_sdk's SQLAlchemy stores' own column definitions (naive UTC times, as they write them).
    for name, extra in (("slack_bots", ()), ("slack_installations", _INSTALLATION_COLUMNS)):
        op.create_table(
            name, *_bot_columns(), *(column() for column in extra), sa.PrimaryKeyConstraint("id")
        )
    op.create_index(
        "slack_bots_idx",
        "slack_bots",
        ["client_id", "enterprise_id", "team_id", "installed_at"],
        unique=False,
    )
    op.create_index(
        "slack_installations_idx",
        "slack_installations",
        ["client_id", "enterprise_id", "team_id", "user_id", "installed_at"],
        unique=False,
    )
    op.create_table(
        "slack_oauth_states",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("state", sa.String(length=200), nullable=False),
        sa.Column("expire_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "workspace",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id"),
    )


def _bot_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("app_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=True),
        sa.Column("enterprise_name", sa.String(length=200), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=True),
        sa.Column("team_name", sa.String(length=200), nullable=True),
        sa.Column("bot_token", sa.String(length=200), nullable=True),
        sa.Column("bot_id", sa.String(length=32), nullable=True),
        sa.Column("bot_user_id", sa.String(length=32), nullable=True),
        sa.Column("bot_scopes", sa.String(length=1000), nullable=True),
        sa.Column("bot_refresh_token", sa.String(length=200), nullable=True),
        sa.Column("bot_token_expires_at", sa.DateTime(), nullable=True),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
    ]


def _string(name: str, length: int, *, nullable: bool = True):  # type: ignore[no-untyped-def]
    return lambda: sa.Column(name, sa.String(length=length), nullable=nullable)


_INSTALLATION_COLUMNS = (
    _string("enterprise_url", 200),
    _string("user_id", 32, nullable=False),
    _string("user_token", 200),
    _string("user_scopes", 1000),
    _string("user_refresh_token", 200),
    lambda: sa.Column("user_token_expires_at", sa.DateTime(), nullable=True),
    _string("incoming_webhook_url", 200),
    _string("incoming_webhook_channel", 200),
    _string("incoming_webhook_channel_id", 200),
    _string("incoming_webhook_configuration_url", 200),
    _string("token_type", 32),
)


def downgrade() -> None:
    op.drop_table("workspace")
    op.drop_table("slack_oauth_states")
    op.drop_index("slack_installations_idx", table_name="slack_installations")
    op.drop_table("slack_installations")
    op.drop_index("slack_bots_idx", table_name="slack_bots")
    op.drop_table("slack_bots")
    with op.batch_alter_table("slack_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_event_received_at"))
    op.drop_table("slack_event")
    with op.batch_alter_table("crisis", schema=None) as batch_op:
        batch_op.drop_column("review_sequence")
        batch_op.drop_column("source_thread_ts")
        batch_op.drop_column("source_permalink")
        batch_op.drop_column("source_ts")
        batch_op.drop_column("source_channel_id")
