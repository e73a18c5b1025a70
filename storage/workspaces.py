"""Workspaces the app is installed in: their bot tokens (slack_sdk's store) and whether active."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import Engine
from sqlmodel import Session

from bot.clock import Clock
from storage.db import writer, writing
from storage.oauth_tables import WorkspaceRow
from storage.tables import CrisisRow

logger = logging.getLogger(__name__)


class SqlWorkspaces:
    """Which workspaces may still receive messages; a workspace never seen counts as active."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def set_active(self, team_id: str, *, active: bool, at: datetime) -> None:
        """Record that the app was (re)installed in, or removed from, `team_id`."""
        with writing(self._engine), Session(writer(self._engine)) as session:
            row = session.get(WorkspaceRow, team_id) or WorkspaceRow(team_id=team_id, changed_at=at)
            row.active, row.changed_at = active, at
            session.add(row)
            session.commit()

    def team_of_crisis(self, crisis_id: int) -> str | None:
        """The workspace a crisis belongs to."""
        with Session(self._engine) as session:
            row = session.get(CrisisRow, crisis_id)
        return None if row is None else row.team_id

    def is_active(self, team_id: str) -> bool:
        """False once the app was uninstalled from `team_id` (until it is installed again)."""
        with Session(self._engine) as session:
            row = session.get(WorkspaceRow, team_id)
        return row is None or row.active


class InstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's SQLAlchemy store on the app's database; saving an install reactivates it."""

    def __init__(self, *, client_id: str, engine: Engine, workspaces: SqlWorkspaces, clock: Clock):
        super().__init__(client_id=client_id, engine=engine)
        self._workspaces = workspaces
        self._clock = clock

    def save(self, installation: Installation) -> None:
        """Store the installation (its tables come from the migrations, never create_all)."""
        super().save(installation)
        if installation.team_id:
            self._workspaces.set_active(installation.team_id, active=True, at=self._clock())
            logger.info("Crisis Desk was installed in workspace %s", installation.team_id)

    def bot_token(self, team_id: str) -> str | None:
        """The newest bot token for `team_id`, if the app is installed there."""
        bot = self.find_bot(enterprise_id=None, team_id=team_id)
        return None if bot is None else bot.bot_token
