"""slack_sdk's installation and OAuth state tables, declared on the app's own metadata.

slack_sdk's SQLAlchemy stores read and write these tables; declaring them here (with the
stores' own builders) lets Alembic create them and check them like every other table.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlmodel import Field, SQLModel

from storage.tables import utc_column

INSTALLATIONS = SQLAlchemyInstallationStore.build_installations_table(
    SQLModel.metadata, SQLAlchemyInstallationStore.default_installations_table_name
)
BOTS = SQLAlchemyInstallationStore.build_bots_table(
    SQLModel.metadata, SQLAlchemyInstallationStore.default_bots_table_name
)
OAUTH_STATES = SQLAlchemyOAuthStateStore.build_oauth_states_table(
    SQLModel.metadata, SQLAlchemyOAuthStateStore.default_table_name
)


class WorkspaceRow(SQLModel, table=True):
    """Whether the app may still act in a workspace (uninstalled ones are kept, not deleted)."""

    __tablename__ = "workspace"

    team_id: str = Field(primary_key=True, max_length=32)
    active: bool = True
    changed_at: datetime = Field(sa_column=utc_column())
