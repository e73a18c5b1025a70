"""The databases a benchmark runs on: a fresh SQLite file, and a fresh PostgreSQL database."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="crisis-bench-") as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


@contextmanager
def postgres_database(name: str = "crisis_desk_bench") -> Iterator[str | None]:
    """A fresh database on TEST_DATABASE_URL's server (None if there is no server)."""
    admin_url = os.environ.get("TEST_DATABASE_URL") or DEFAULT_POSTGRES
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError:
        admin.dispose()
        yield None
        return
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def both_databases() -> Iterator[list[tuple[str, str]]]:
    """[(label, url)]: SQLite always, PostgreSQL when reachable."""
    with sqlite_database() as sqlite, postgres_database() as postgres:
        yield [("SQLite", sqlite)] + ([("PostgreSQL", postgres)] if postgres else [])
