"""`crisis-desk-review CRISIS_ID [--out FILE]`: write a crisis's review document in Markdown."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bot.errors import NotFound
from bot.insight.service import CustomerInsight
from bot.review.closing import load_review_record
from bot.settings import DEFAULT_DATABASE_URL
from documents.review import render_review_document
from storage.db import create_db_engine, migrate
from storage.unit_of_work import SqlUnitOfWorkFactory


def main(argv: list[str] | None = None) -> int:
    """Print (or write) the review document; exit 1 if the crisis doesn't exist."""
    parser = argparse.ArgumentParser(prog="crisis-desk-review", description=__doc__)
    parser.add_argument("crisis_id", type=int, help="the crisis number, e.g. 12")
    parser.add_argument("--out", type=Path, help="write here instead of standard output")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        help="defaults to DATABASE_URL, as the app uses it",
    )
    args = parser.parse_args(argv)
    engine = create_db_engine(args.database_url)
    try:
        migrate(engine)
        units = SqlUnitOfWorkFactory(engine)
        record = load_review_record(
            units, args.crisis_id, exposure=CustomerInsight(units=units).exposure_for
        )
        # No Slack token here: people appear as their user ids.
        document = render_review_document(record, names={})
    except NotFound as missing:
        print(f"crisis-desk-review: {missing.user_message}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    if args.out:
        args.out.write_text(document, encoding="utf-8")
        print(f"Wrote {args.out}")
    else:
        sys.stdout.write(document)
    return 0


if __name__ == "__main__":
    sys.exit(main())
