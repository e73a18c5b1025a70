"""Engine setup (SQLite in WAL mode, PostgreSQL via psycopg 3) and schema migrations."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection
from sqlmodel import create_engine

logger = logging.getLogger("crisis_desk.database")
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Any constant works; it only has to be the same in every process that migrates.
MIGRATION_LOCK_ID = 0x43524953
BEGIN_IMMEDIATE = "crisis_desk_begin_immediate"
MIGRATIONS = Path(__file__).parent / "migrations"


def create_db_engine(url: str, *, pool_size: int = 10) -> Engine:
    """An engine for `url`; SQLite gets WAL, a busy timeout, foreign keys and explicit BEGINs."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def is_sqlite(engine: Engine) -> bool:
    """True for a SQLite engine."""
    return engine.dialect.name == "sqlite"


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (so that
    # BEGIN IMMEDIATE is possible), per SQLAlchemy's pysqlite notes.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(BEGIN_IMMEDIATE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def migrate(engine: Engine, revision: str = "heads") -> None:
    """Create or upgrade the schema (to the newest revision); safe when replicas start together."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as raw_connection:
        # On SQLite, BEGIN IMMEDIATE takes the write lock first, so replicas migrate one by one.
        connection = raw_connection.execution_options(**{BEGIN_IMMEDIATE: is_sqlite(engine)})
        with connection.begin():
            if not is_sqlite(engine):
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_ID})")
            config.attributes["connection"] = connection
            command.upgrade(config, revision)


_WRITE_LOCKS: dict[str, threading.RLock] = {}
_WRITE_LOCKS_GUARD = threading.Lock()


@contextmanager
def writing(engine: Engine) -> Iterator[None]:
    """Around a write transaction: on SQLite, this process's writers take turns in order.

    Without it, writers that find the database locked sleep in SQLite's busy handler with
    growing back-offs and can lose the race again and again (seconds, under load); BEGIN
    IMMEDIATE still keeps other processes out.
    """
    if not is_sqlite(engine):
        yield
        return
    with _WRITE_LOCKS_GUARD:
        lock = _WRITE_LOCKS.setdefault(str(engine.url), threading.RLock())
    with lock:
        yield


def writer(engine: Engine) -> Engine:
    """The engine for transactions that write: on SQLite they take the write lock up front,
    since a reading transaction that later writes fails at once (SQLITE_BUSY) instead of
    waiting when another writer committed in between."""
    return engine.execution_options(**{BEGIN_IMMEDIATE: True}) if is_sqlite(engine) else engine


def is_outage(error: BaseException) -> bool:
    """True when `error` means the database cannot be used now (not that a query was wrong)."""
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, sa_exc.OperationalError | sa_exc.InterfaceError | sa_exc.TimeoutError)


class OutageLog:
    """One log line when the database becomes unavailable and one when it is back."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._since: float | None = None
        self._refused = 0

    def failed(self, error: BaseException) -> None:
        """Note a request that failed because the database is unavailable."""
        with self._lock:
            self._refused += 1
            if self._since is not None:
                return
            self._since = time.monotonic()
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        logger.error("database unavailable, refusing changes until it is back: %s", reason)

    def succeeded(self) -> None:
        """Note a transaction that worked (ends an outage, if one was going on)."""
        if self._since is None:
            return
        with self._lock:
            if self._since is None:
                return
            seconds, refused = time.monotonic() - self._since, self._refused
            self._since, self._refused = None, 0
        logger.info("database available again after %.0f s (%d requests refused)", seconds, refused)


OUTAGES = OutageLog()
