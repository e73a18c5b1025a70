"""0007 moves reminders from stored text to facts: rows written by 0004's schema keep them."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, inspect, make_url, text

from storage.db import MIGRATIONS, create_db_engine
from tests.databases import postgres_admin_url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def blank_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (no schema yet), SQLite or PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    admin = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"crisis_desk_migration_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            make_url(postgres_admin_url()).set(database=name).render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def upgrade(url: str, revision: str) -> None:
    engine = create_db_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_reminder_texts_become_facts(blank_database_url: str):
    upgrade(blank_database_url, "0004")
    engine = create_db_engine(blank_database_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO crisis (id, idempotency_key, team_id, title, description, "
                "crisis_type, severity, status, lead_id, declared_by, responder_ids, "
                "segment_ids, declared_at) VALUES (1, 'k', 'T1', 'Checkout', 'd', 'other', "
                "'sev2', 'open', 'U1', 'U1', '[]', '[]', '2026-11-25 09:00:00+00:00')"
            )
        )
        for n, (kind, stored) in enumerate(
            [
                ("customer_eta", "The fix is due <!date^1764061200^{time}|soon>. If it slips"),
                ("action_due", ":white_check_mark: Follow-up from the review is due: Add alerts"),
                ("status_update_due", ":mega: A status update is due"),
            ]
        ):
            connection.execute(
                text(
                    "INSERT INTO reminder (crisis_id, kind, subject, status, due_at, text, "
                    "attempts) VALUES (1, :kind, :subject, 'pending', "
                    "'2026-11-25 10:00:00+00:00', :text, 0)"
                ),
                {"kind": kind, "subject": str(n), "text": stored},
            )
    engine.dispose()

    upgrade(blank_database_url, "heads")
    engine = create_db_engine(blank_database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT kind, params FROM reminder ORDER BY id")).all()
    columns = {column["name"] for column in inspect(engine).get_columns("reminder")}
    engine.dispose()
    params = {kind: value if isinstance(value, dict) else json.loads(value) for kind, value in rows}
    assert params == {
        "customer_eta": {"eta": "2025-11-25T09:00:00+00:00"},
        "action_due": {"action": "Add alerts"},
        "status_update_due": {},
    }
    assert "text" not in columns
