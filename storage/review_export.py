"""`crisis-desk-review CRISIS_ID [--script] [--out FILE]`: write a crisis's review document (or,
with --script, its newest approved call-centre script) in Markdown.

Exit status: 0 written, 1 no such crisis, 2 usage problems (a bad id, an unusable database or
output path). The export only reads: it never creates or upgrades a database.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot.clock import utc_now
from bot.comms.model import UpdateStatus
from bot.errors import CrisisDeskError, NotFound
from bot.insight.service import CustomerInsight
from bot.response.closing import load_review_record
from bot.trust.reader import TrustReader
from documents.review import render_review_document
from documents.script import render_script_markdown
from storage.cli import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    ToolError,
    existing_database,
    first_line,
    url_for_tool,
)
from storage.trust import SqlTrustUnitOfWorkFactory

# Crisis numbers are database ids; a longer number cannot name one.
ID_DIGITS_MAX = 18


def main(argv: list[str] | None = None) -> int:
    """Print (or write) the review document; one line and a non-zero status on any problem."""
    parser = argparse.ArgumentParser(
        prog="crisis-desk-review",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("crisis_id", help="the crisis number, e.g. 12")
    parser.add_argument("--out", type=Path, help="write here instead of standard output")
    parser.add_argument(
        "--script", action="store_true", help="the newest approved call-centre script instead"
    )
    parser.add_argument(
        "--database-url", help="defaults to DATABASE_URL (environment, then .env), as the app"
    )
    args = parser.parse_args(argv)
    try:
        if args.out and not args.out.parent.is_dir():
            raise ToolError(f"cannot write {args.out}: there is no folder {args.out.parent}")
        document = export(args.crisis_id, args.database_url, script=args.script)
        if args.out:
            args.out.write_text(document, encoding="utf-8")
    except ToolError as problem:
        return _say(str(problem), EXIT_USAGE)
    except NotFound as missing:
        return _say(missing.user_message, EXIT_FAILED)
    except OSError as unwritable:
        return _say(f"cannot write {args.out}: {unwritable.strerror or unwritable}", EXIT_USAGE)
    if args.out:
        print(f"Wrote {args.out}")
    else:
        sys.stdout.write(document)
    return EXIT_OK


def export(crisis_text: str, given_url: str | None, *, script: bool = False) -> str:
    """The review document (or newest approved script) of crisis `crisis_text`, read from an
    existing database."""
    crisis_id = crisis_number(crisis_text)
    engine = existing_database(url_for_tool(given_url))
    try:
        units = SqlTrustUnitOfWorkFactory(engine)
        if script:
            return newest_script(units, crisis_id)
        record = load_review_record(
            units,
            crisis_id,
            exposure=CustomerInsight(units=units).exposure_for,
            trust=TrustReader(units, utc_now).record,
        )
        # No Slack token here: people appear as their user ids.
        return render_review_document(record, names={})
    except NotFound:
        raise
    except (SQLAlchemyError, CrisisDeskError) as failure:
        # A database outage arrives as the domain's DatabaseUnavailable: report its cause.
        reason = first_line(failure.__cause__ or failure)
        raise ToolError(f"DATABASE_URL: cannot use the database ({reason})") from None
    finally:
        engine.dispose()


def crisis_number(text: str) -> int:
    """CRISIS_ID as a number (ToolError when it is not one; too large means no such crisis)."""
    digits = text.strip().lstrip("#")
    if not (digits.isascii() and digits.isdigit()):
        raise ToolError(f"CRISIS_ID must be a crisis number such as 12, not {text[:40]!r}")
    if len(digits) > ID_DIGITS_MAX:
        raise NotFound(f"There is no crisis {digits[:40]}.")
    return int(digits)


def _say(message: str, status: int) -> int:
    print(f"crisis-desk-review: {message}", file=sys.stderr)
    return status


def newest_script(units: SqlTrustUnitOfWorkFactory, crisis_id: int) -> str:
    """The crisis's newest approved call-centre script in Markdown, or NotFound."""
    with units(write=False) as unit:
        crisis = unit.crises.get(crisis_id)
        approved = [
            s for s in unit.scripts.versions(crisis_id) if s.status is UpdateStatus.APPROVED
        ]
    if crisis is None:
        raise NotFound(f"There is no crisis #{crisis_id}.")
    if not approved:
        raise NotFound(f"Crisis #{crisis_id} has no approved call-centre script yet.")
    return render_script_markdown(crisis, max(approved, key=lambda s: s.version or 0))


if __name__ == "__main__":
    sys.exit(main())
