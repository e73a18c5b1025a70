"""`crisis-desk-insight FILE --team T0123`: import customer segments from a CSV file.

Columns: name, customers, revenue_share, touch_points (separated by ';'), owner (a Slack user
id), notes. A segment whose name exists is updated. Every bad row is reported by line number
and nothing is saved unless every row is good.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot.errors import DatabaseUnavailable
from bot.insight.model import TOUCH_POINT_VALUES, SegmentDraft, TouchPoint
from bot.insight.service import CustomerInsight, ImportReport
from storage.cli import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    ToolError,
    engine_for,
    first_line,
    url_for_tool,
)
from storage.db import migrate
from storage.unit_of_work import SqlUnitOfWorkFactory

COLUMNS = ("name", "customers", "revenue_share", "touch_points", "owner", "notes")
EXIT_BAD_ROWS = EXIT_FAILED


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
    try:
        report = run_import(args.file, args.team, args.database_url)
    except ToolError as unusable:
        print(f"crisis-desk-insight: {unusable}", file=sys.stderr)
        return EXIT_USAGE
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


def run_import(file: Path, team: str, given_url: str | None) -> ImportReport:
    """Read `file` and import it for `team` (ToolError for every usage problem)."""
    if not team.strip():
        raise ToolError("--team: give the Slack workspace id, e.g. T0123ABCD")
    url = url_for_tool(given_url)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise ToolError(f"cannot read {file}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ToolError(f"cannot read {file}: it is not UTF-8 text") from None
    rows, problems = read_rows(text.splitlines())
    try:
        return import_rows(url, team, rows, unreadable=problems)
    except (SQLAlchemyError, DatabaseUnavailable, ValueError) as failure:
        reason = first_line(failure.__cause__ or failure)
        raise ToolError(f"DATABASE_URL: cannot use the database ({reason})") from None


def import_rows(
    url: str, team_id: str, rows: list[tuple[int, SegmentDraft]], *, unreadable: list[str]
) -> ImportReport:
    """Check every row against the team's segments; save them all only if none is bad."""
    engine = engine_for(url)
    try:
        migrate(engine)
        insight = CustomerInsight(units=SqlUnitOfWorkFactory(engine))
        problems = unreadable + insight.check_drafts(team_id, rows)
        if problems:
            return ImportReport(problems=tuple(problems))
        return insight.import_drafts(team_id, rows)
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
