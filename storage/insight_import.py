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

from bot.insight import TOUCH_POINT_VALUES, SegmentDraft, TouchPoint
from bot.insight_service import CustomerInsight
from bot.settings import DEFAULT_DATABASE_URL
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
        "--database-url", default=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    )
    args = parser.parse_args(argv)
    try:
        text = args.file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        print(f"crisis-desk-insight: cannot read {args.file}: {error}", file=sys.stderr)
        return EXIT_USAGE
    rows, problems = read_rows(text.splitlines())
    engine = create_db_engine(args.database_url)
    try:
        migrate(engine)
        insight = CustomerInsight(units=SqlUnitOfWorkFactory(engine))
        problems += insight.check_drafts(args.team, rows)
        report = None if problems else insight.import_drafts(args.team, rows)
    finally:
        engine.dispose()
    if problems:
        for problem in sorted(problems, key=lambda p: int(p.split()[1].rstrip(":"))):
            print(f"{args.file}: {problem}", file=sys.stderr)
        print(
            f"crisis-desk-insight: nothing imported ({len(problems)} problem(s))", file=sys.stderr
        )
        return EXIT_BAD_ROWS
    assert report is not None
    print(
        f"Imported {report.created + report.updated} segment(s): "
        f"{report.created} new, {report.updated} updated."
    )
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
