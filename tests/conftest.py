"""Shared fixtures: real databases, the strict fake Slack, and the real app over HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from storage.db import create_db_engine, migrate
from storage.unit_of_work import SqlUnitOfWork
from tests.databases import (
    add_crisis_row,
    empty_postgres_tables,
    postgres_admin_url,
    scratch_postgres_database,
)
from tests.fake_slack import FakeSlack
from tests.harness import Harness, start_harness


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A migrated PostgreSQL database for the whole session."""
    yield from scratch_postgres_database(postgres_admin_url())


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test that uses this runs once on a SQLite file and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'crisis.db'}"
    url: str = request.getfixturevalue("postgres_url")
    empty_postgres_tables(url)
    return url


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """A strict fake Slack Web API on loopback."""
    fake = FakeSlack()
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def make_harness(database_url: str, fake_slack: FakeSlack) -> Iterator[Callable[..., Harness]]:
    """Start the real app (HTTP, the same factory as app.py) with settings overrides."""
    started: list[Harness] = []

    def make(**overrides: object) -> Harness:
        harness = start_harness(database_url, fake_slack, **overrides)
        started.append(harness)
        return harness

    yield make
    for harness in started:
        harness.stop()


@pytest.fixture
def harness(make_harness: Callable[..., Harness]) -> Harness:
    """The real app with default settings, talking to the fake Slack."""
    return make_harness()


# When the crisis of the storage tests was declared.
T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated engine on the test's database."""
    engine = create_db_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def crisis_id(engine: Engine) -> int:
    """One bare crisis, declared at T0, for storage tests."""
    with SqlUnitOfWork(engine) as unit:
        crisis_id = add_crisis_row(unit.session, key="claims", declared_at=T0)
        unit.commit()
        return crisis_id
