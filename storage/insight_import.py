"""`crisis-desk-insight FILE --team T0123`: import customer segments from a CSV file.

Columns: name, customers, revenue_share, touch_points (separated by ';'), owner (a Slack user
id), notes. A segment whose name exists is updated. Every bad row is reported by line number
and nothing is saved unless every row is good.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from dotenv import dotenv_values
from sqlalchemy.exc import SQLAlchemyError

from bot.insight.model import TOUCH_POINT_VALUES, SegmentDraft, TouchPoint
from bot.insight.service import CustomerInsight, ImportReport
from bot.settings import ConfigError, database_url
from storage.db import create_db_engine, migrate
from storage.unit_of_work import SqlUnitOfWorkFactory

COLUMNS = ("name", "customers", "revenue_share", "touch_points", "owner", "notes")
EXIT_OK, EXIT_BAD_ROWS, EXIT_USAGE = 0, 1, 2


def read_rows(lines: Iterable[str]) -> tuple[list[tuple[int, SegmentDraft]], list[str]]:
    """Drafts by line number, and the problems of rows that could not even be read."""
    reader = csv.DictReader(lines)
    missing = [c for c in COLUMNS[:5] if c not in (reader.fieldnames or [])]
    if missing:
        return [], [f"line 1: missing column(s): {', '.join(missing)}"]
    rows, problems = [], []
    for record in reader:
        line = reader.line_num
        try:
            rows.append((line, _draft(record)))
        except ValueError as bad:
            problems.append(f"line {line}: {bad}")
    return rows, problems


def _draft(record: dict[str, str | None]) -> SegmentDraft:
    def cell(name: str) -> str:
        return (record.get(name) or "").strip()

    try:
        customers = int(cell("customers"))
    except ValueError:
        raise ValueError(f"customers: {cell('customers')!r} is not a whole number") from None
    try:
        share = float(cell("revenue_share").rstrip("%"))
    except ValueError:
        raise ValueError(f"revenue_share: {cell('revenue_share')!r} is not a number") from None
    points = []
    for raw in filter(
        None, (p.strip().lower().replace(" ", "_") for p in cell("touch_points").split(";"))
    ):
        if raw not in TOUCH_POINT_VALUES:
            known = ", ".join(tp.value for tp in TouchPoint)
            raise ValueError(f"touch_points: {raw!r} is not one of {known}")
        points.append(TouchPoint(raw))
    return SegmentDraft(
        name=cell("name"),
        customers=customers,
        revenue_share=share,
        touch_points=tuple(points),
        owner_id=cell("owner"),
        notes=cell("notes"),
    )


def main(argv: list[str] | None = None) -> int:
    """Import the file; print one line per problem (exit 1) or what was imported (exit 0)."""
    parser = argparse.ArgumentParser(
        prog="crisis-desk-insight",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--team", required=True, help="the Slack workspace id, e.g. T0123ABCD")
    parser.add_argument(
        "--database-url", help="defaults to DATABASE_URL (environment, then .env), as the app"
    )
    args = parser.parse_args(argv)
    if not args.team.strip():
        return _usage("--team: give the Slack workspace id, e.g. T0123ABCD")
    try:
        url = args.database_url or database_url_from_environment()
        text = args.file.read_text(encoding="utf-8-sig")
    except ConfigError as bad_setting:
        return _usage(str(bad_setting))
    except (OSError, UnicodeDecodeError) as error:
        return _usage(f"cannot read {args.file}: {error}")
    rows, problems = read_rows(text.splitlines())
    try:
        report = import_rows(url, args.team, rows, unreadable=problems)
    except (SQLAlchemyError, ValueError) as failure:
        reason = str(failure).splitlines()[0]
        return _usage(f"DATABASE_URL: cannot use the database ({reason})")
    problems = list(report.problems)
    if problems:
        for problem in sorted(problems, key=lambda p: int(p.split()[1].rstrip(":"))):
            print(f"{args.file}: {problem}", file=sys.stderr)
        print(
            f"crisis-desk-insight: nothing imported ({len(problems)} problem(s))", file=sys.stderr
        )
        return EXIT_BAD_ROWS
    print(
        f"Imported {report.created + report.updated} segment(s): "
        f"{report.created} new, {report.updated} updated."
    )
    return EXIT_OK


def import_rows(
    url: str, team_id: str, rows: list[tuple[int, SegmentDraft]], *, unreadable: list[str]
) -> ImportReport:
    """Check every row against the team's segments; save them all only if none is bad."""
    engine = create_db_engine(url)
    try:
        migrate(engine)
        insight = CustomerInsight(units=SqlUnitOfWorkFactory(engine))
        problems = unreadable + insight.check_drafts(team_id, rows)
        if problems:
            return ImportReport(problems=tuple(problems))
        return insight.import_drafts(team_id, rows)
    finally:
        engine.dispose()


def database_url_from_environment() -> str:
    """DATABASE_URL read as app.py reads it: the environment over `.env`, checked by settings."""
    file_values = {k: v for k, v in dotenv_values(".env").items() if v is not None}
    return database_url({**file_values, **os.environ})


def _usage(message: str) -> int:
    print(f"crisis-desk-insight: {message}", file=sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
