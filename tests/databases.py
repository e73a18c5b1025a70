"""Real databases for tests: a SQLite file per test, and a throwaway PostgreSQL database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from storage.db import create_db_engine, migrate
from storage.tables import CrisisRow

POSTGRES_URL_VARIABLE = "TEST_DATABASE_URL"
# Set by .ci/run: PostgreSQL being unreachable is a failure there, not a skip.
REQUIRE_POSTGRES_VARIABLE = "CRISIS_DESK_REQUIRE_POSTGRES"


def postgres_admin_url() -> str:
    """TEST_DATABASE_URL, or skip (or fail, in CI) when it is not set."""
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if url:
        return url
    if os.environ.get(REQUIRE_POSTGRES_VARIABLE) == "1":
        pytest.fail(f"{POSTGRES_URL_VARIABLE} is not set but PostgreSQL tests are required")
    pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set")


def scratch_postgres_database(admin_url: str, *, migrated: bool = True) -> Iterator[str]:
    """Create a (migrated) database for this test session; drop it afterwards."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"crisis_desk_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        message = f"PostgreSQL at {POSTGRES_URL_VARIABLE} is unreachable: {error}"
        if os.environ.get(REQUIRE_POSTGRES_VARIABLE) == "1":
            pytest.fail(message)
        pytest.skip(message)
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    if migrated:
        engine = create_db_engine(url)
        migrate(engine)
        engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def empty_postgres_tables(url: str) -> None:
    """Remove every row (the schema stays) so each test starts from nothing."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            tables = connection.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'alembic_version'"
                )
            ).scalars()
            names = ", ".join(f'"{table}"' for table in tables)
            if names:
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


def add_crisis_row(
    session: Session,
    *,
    key: str,
    declared_at: datetime,
    title: str = "Load",
    channel_id: str | None = None,
) -> int:
    """A bare open crisis (no steps) for storage tests and load runs; its id."""
    row = CrisisRow(
        idempotency_key=key,
        team_id="T0001",
        title=title,
        description=title,
        crisis_type="other",
        severity="sev3",
        status="open",
        lead_id="U001",
        declared_by="U001",
        declared_at=declared_at,
        channel_id=channel_id,
        channel_name=channel_id and f"crisis-{key}",
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id
