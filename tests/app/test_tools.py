"""crisis-desk-review and crisis-desk-insight: every bad input is one line and a README exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.db import create_db_engine, migrate
from tests.app.process import last_line, run_tool

REVIEW = ("-m", "storage.review_export")
INSIGHT = ("-m", "storage.insight_import")
MYSQL = "mysql://crisis@127.0.0.1/crisis"
CSV_HEADER = "name,customers,revenue_share,touch_points,owner,notes\n"


def migrated(database_url: str) -> str:
    engine = create_db_engine(database_url)
    migrate(engine)
    engine.dispose()
    return database_url


def assert_one_line(result, status: int, prog: str, *words: str) -> None:
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    line = last_line(result)
    assert line.startswith(f"{prog}: "), line
    for word in words:
        assert word in line, line


def test_review_of_a_huge_crisis_id_is_no_such_crisis(tmp_path, database_url):
    url = migrated(database_url)
    result = run_tool(tmp_path, *REVIEW, "9" * 30, "--database-url", url)
    assert_one_line(result, 1, "crisis-desk-review", "There is no crisis")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("12", "--database-url", MYSQL), ("DATABASE_URL", "mysql")),
        (("twelve",), ("CRISIS_ID", "twelve")),
        (("12", "--database-url", "sqlite:////nonexistent/dir/crisis.db"), ("no SQLite database",)),
    ],
    ids=["mysql", "not-a-number", "unusable-path"],
)
def test_review_refuses_bad_input_in_one_line(tmp_path, args, words):
    result = run_tool(tmp_path, *REVIEW, *args)
    assert_one_line(result, 2, "crisis-desk-review", *words)


def test_review_never_creates_a_database(tmp_path):
    missing = tmp_path / "crisis.db"
    result = run_tool(tmp_path, *REVIEW, "1", "--database-url", f"sqlite:///{missing}")
    assert_one_line(result, 2, "crisis-desk-review", "no SQLite database", str(missing))
    assert not missing.exists()


def test_review_never_migrates_a_database(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    result = run_tool(tmp_path, *REVIEW, "1", "--database-url", f"sqlite:///{empty}")
    assert_one_line(result, 2, "crisis-desk-review", "has no tables")
    assert empty.stat().st_size == 0


def test_review_to_an_unusable_path_is_one_line(tmp_path):
    url = migrated(f"sqlite:///{tmp_path / 'crisis.db'}")
    out = tmp_path / "no" / "review.md"
    result = run_tool(tmp_path, *REVIEW, "1", "--database-url", url, "--out", str(out))
    assert_one_line(result, 2, "crisis-desk-review", f"cannot write {out}")
    result = run_tool(tmp_path, *REVIEW, "1", "--database-url", url)
    assert_one_line(result, 1, "crisis-desk-review", "There is no crisis #1")


def write_csv(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "segments.csv"
    path.write_text(CSV_HEADER + "".join(f"{row}\n" for row in rows))
    return path


@pytest.mark.parametrize(
    ("url", "words"),
    [
        (MYSQL, ("DATABASE_URL", "mysql")),
        ("sqlite:////nonexistent/dir/crisis.db", ("DATABASE_URL", "unable to open")),
    ],
    ids=["mysql", "unusable-path"],
)
def test_insight_refuses_an_unusable_database_in_one_line(tmp_path, url, words):
    csv = write_csv(tmp_path, "Enterprise,420,38.5,email,U001,")
    result = run_tool(tmp_path, *INSIGHT, str(csv), "--team", "T1", "--database-url", url)
    assert_one_line(result, 2, "crisis-desk-insight", *words)


def test_insight_refuses_a_directory_as_its_file(tmp_path):
    result = run_tool(tmp_path, *INSIGHT, str(tmp_path), "--team", "T1")
    assert_one_line(result, 2, "crisis-desk-insight", "cannot read")


def test_insight_reports_a_huge_customer_count_by_line(tmp_path, database_url):
    url = migrated(database_url)
    csv = write_csv(tmp_path, f"Enterprise,{'9' * 30},38.5,email,U001,")
    result = run_tool(tmp_path, *INSIGHT, str(csv), "--team", "T1", "--database-url", url)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "line 2: customers" in result.stderr and "at most 2,000,000,000" in result.stderr
