"""What the command-line tools share: exit codes, the database URL, one-line failures."""

from __future__ import annotations

import os
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from dotenv import dotenv_values
from sqlalchemy import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.settings import ConfigError, database_url
from storage.db import MIGRATIONS, create_db_engine

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
SQLITE_HEADER = b"SQLite format 3\x00"


class ToolError(Exception):
    """A problem the tool reports in one line, exiting with EXIT_USAGE."""


def url_for_tool(given: str | None) -> str:
    """--database-url if given, else DATABASE_URL (environment over `.env`), checked as the app."""
    if given:
        env = {"DATABASE_URL": given}
    else:
        file_values = {k: v for k, v in dotenv_values(".env").items() if v is not None}
        env = {**file_values, **os.environ}
    try:
        return database_url(env)
    except ConfigError as bad:
        raise ToolError(str(bad)) from None


def engine_for(url: str) -> Engine:
    """An engine for `url`; a URL SQLAlchemy cannot use becomes a ToolError."""
    try:
        return create_db_engine(url)
    except (ArgumentError, ImportError, ValueError) as bad:
        raise ToolError(f"DATABASE_URL: cannot use {url.split(':', 1)[0]}: ({bad})") from None


def existing_database(url: str) -> Engine:
    """An engine on a database that exists and has the newest schema; never creates one."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        if not parsed.database or not path.is_file():
            raise ToolError(f"DATABASE_URL: there is no SQLite database at {path}")
        with path.open("rb") as file:
            if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise ToolError(f"DATABASE_URL: {path} has no tables (it is not a database)")
    engine = engine_for(url)
    try:
        with engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as failure:
        engine.dispose()
        raise ToolError(f"DATABASE_URL: cannot use the database ({first_line(failure)})") from None
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    newest = set(ScriptDirectory.from_config(config).get_heads())
    if current != newest:
        engine.dispose()
        found = f"is at schema {', '.join(sorted(current))}" if current else "has no tables"
        raise ToolError(
            f"DATABASE_URL: the database {found}, not {', '.join(sorted(newest))}; "
            "start the app once against it to create or upgrade them"
        )
    return engine


def first_line(error: BaseException) -> str:
    """An error's first line, for a one-line report."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
