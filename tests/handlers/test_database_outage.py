"""A database outage: people are told nothing was saved, the log gets one line, no restart."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from tests.handlers.walking import declared_crisis
from tests.harness import Harness, eventually

UNAVAILABLE = "The database is unavailable right now, so nothing was saved"


@contextmanager
def database_gone(harness: Harness, database_url: str) -> Iterator[None]:
    """Make the app's database unreachable, then bring it back as it was."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        with _sqlite_gone(harness, Path(str(url.database))):
            yield
    else:
        with _postgres_gone(database_url):
            yield


@contextmanager
def _sqlite_gone(harness: Harness, path: Path) -> Iterator[None]:
    aside = path.with_name("aside")
    aside.mkdir()
    files = [p for p in path.parent.glob(path.name + "*") if p.is_file()]
    for file in files:
        file.rename(aside / file.name)
    path.mkdir()  # a directory where the file was: SQLite cannot open it
    # An open SQLite connection keeps the moved file; an outage loses its connections too.
    harness.runtime.engine.dispose()
    try:
        yield
    finally:
        path.rmdir()
        for file in files:
            (aside / file.name).rename(file)
        shutil.rmtree(aside)


@contextmanager
def _postgres_gone(database_url: str) -> Iterator[None]:
    url = make_url(database_url)
    name, away = str(url.database), f"{url.database}_away"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")

    def rename(old: str, new: str) -> bool:
        with admin.connect() as connection:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"),
                {"d": old},
            )
            try:
                connection.execute(text(f'ALTER DATABASE "{old}" RENAME TO "{new}"'))
            except OperationalError:
                return False  # the app reconnected in between: terminate and try again
            return True

    try:
        eventually(lambda: rename(name, away))
        yield
    finally:
        eventually(lambda: rename(away, name))
        admin.dispose()


def test_an_outage_is_explained_logged_once_and_over_without_a_restart(
    harness, database_url, caplog
):
    crisis = declared_crisis(harness)
    caplog.set_level(logging.INFO)
    with database_gone(harness, database_url):
        for _ in range(3):
            answer = harness.sender.command("decisions", channel=crisis.channel_id)
            assert answer.status == 200
            assert UNAVAILABLE in answer.json()["text"]
        answer = harness.sender.click(
            "crisis_log_decision", value=str(crisis.id), channel=crisis.channel_id
        )
        assert answer.status == 200
        told = eventually(lambda: harness.fake.ephemerals(crisis.channel_id))
        assert UNAVAILABLE in told[-1].text
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "database unavailable" in errors[0].getMessage()
    assert not [r for r in caplog.records if r.exc_info]
    answer = harness.sender.command("decisions", channel=crisis.channel_id)
    assert answer.status == 200
    assert UNAVAILABLE not in answer.json()["text"]
    assert "database available again" in caplog.text
