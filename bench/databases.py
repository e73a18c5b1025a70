"""The databases a benchmark runs on: a fresh SQLite file, and a fresh PostgreSQL database."""

from __future__ import annotations

import os
import signal
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def cleanup_on_sigterm() -> None:
    """Let SIGTERM unwind like Ctrl-C does, so `finally` blocks drop databases and folders."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _exit_on_sigterm)


def _exit_on_sigterm(_number: int, _frame: object) -> None:
    raise SystemExit(128 + signal.SIGTERM)


def run_database_name() -> str:
    """A database name of this run's own, so a benchmark never drops somebody else's."""
    return f"crisis_desk_bench_{os.getpid()}_{uuid.uuid4().hex[:8]}"


@contextmanager
def sqlite_database() -> Iterator[str]:
    """A SQLite file in a temporary folder, removed afterwards (also on Ctrl-C or SIGTERM)."""
    cleanup_on_sigterm()
    with tempfile.TemporaryDirectory(prefix="crisis-bench-") as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


@contextmanager
def postgres_database(name: str | None = None) -> Iterator[str | None]:
    """A fresh database of this run's own on TEST_DATABASE_URL's server, dropped afterwards
    (also on Ctrl-C or SIGTERM); None if there is no server."""
    cleanup_on_sigterm()
    name = name or run_database_name()
    admin_url = os.environ.get("TEST_DATABASE_URL") or DEFAULT_POSTGRES
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
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
