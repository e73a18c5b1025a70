"""The CSV import: all or nothing, every bad row named by its line."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, create_engine, select

from storage.insight_import import main
from storage.insight_tables import SegmentRow

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "segments.csv"
HEADER = "name,customers,revenue_share,touch_points,owner,notes\n"


def segments(database_url: str) -> list[SegmentRow]:
    engine = create_engine(database_url)
    try:
        with Session(engine) as session:
            return list(session.exec(select(SegmentRow).order_by(SegmentRow.name)).all())
    finally:
        engine.dispose()


def run(database_url: str, path: Path, team: str = "T0001") -> int:
    return main([str(path), "--team", team, "--database-url", database_url])


def test_the_example_file_imports(database_url: str, capsys):
    assert run(database_url, EXAMPLE) == 0
    assert "3 new, 0 updated" in capsys.readouterr().out
    rows = segments(database_url)
    assert [r.name for r in rows] == ["Enterprise merchants (EU)", "Marketplaces", "SMB merchants"]
    assert rows[0].touch_points == ["account_manager", "status_page", "email"]
    assert rows[0].revenue_share == 38.5 and rows[2].customers == 11800


def test_every_bad_row_is_reported_by_line_and_nothing_is_saved(
    database_url: str, tmp_path, capsys
):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER + "Good one,10,5,email,U001,\n"
        "Letters,ten,5,email,U001,\n"
        "Pigeons,10,5,pigeon post,U001,\n"
        "Ownerless,10,5,email,,\n"
        "good ONE,3,1,email,U002,\n"
    )
    assert run(database_url, bad) == 1
    err = capsys.readouterr().err
    for line, text in (
        (3, "not a whole number"),
        (4, "'pigeon_post' is not one of"),
        (5, "owner"),
        (6, "already a segment called"),
    ):
        assert f"line {line}:" in err and text in err, (line, err)
    assert "line 2:" not in err
    assert "nothing imported (4 problem(s))" in err
    assert segments(database_url) == []


def test_an_existing_name_is_updated_and_revenue_may_not_pass_100(
    database_url: str, tmp_path, capsys
):
    assert run(database_url, EXAMPLE) == 0
    update = tmp_path / "update.csv"
    update.write_text(HEADER + "smb merchants,12000,30,support_line,U002,Grew\n")
    assert run(database_url, update) == 0
    assert "0 new, 1 updated" in capsys.readouterr().out
    smb = next(r for r in segments(database_url) if r.name_key == "smb merchants")
    assert (smb.customers, smb.revenue_share, smb.notes) == (12000, 30.0, "Grew")
    too_much = tmp_path / "too_much.csv"
    too_much.write_text(HEADER + "Resellers,50,20,email,U003,\n")  # 38.5 + 30 + 19.5 + 20 > 100
    assert run(database_url, too_much) == 1
    assert "add up to 108.0%, over 100%" in capsys.readouterr().err
    assert len(segments(database_url)) == 3


def test_a_missing_file_or_column_is_a_usage_error(database_url: str, tmp_path, capsys):
    assert run(database_url, tmp_path / "nope.csv") == 2
    headless = tmp_path / "headless.csv"
    headless.write_text("name,customers\nA,1\n")
    assert run(database_url, headless) == 1
    assert "missing column(s): revenue_share, touch_points, owner" in capsys.readouterr().err


def test_an_unusable_database_is_one_line_and_exit_2(tmp_path, capsys):
    unreachable = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    assert main([str(EXAMPLE), "--team", "T0001", "--database-url", unreachable]) == 2
    err = capsys.readouterr().err
    assert err.startswith("crisis-desk-insight: DATABASE_URL: cannot use the database (")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_database_url_comes_from_the_environment_like_the_app(
    database_url: str, monkeypatch, tmp_path, capsys
):
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("DATABASE_URL", "mysql://db/crisis")
    assert main([str(EXAMPLE), "--team", "T0001"]) == 2
    assert "DATABASE_URL must be sqlite:///" in capsys.readouterr().err
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main([str(EXAMPLE), "--team", "T0001"]) == 0
    assert len(segments(database_url)) == 3


def test_an_owner_that_is_not_a_user_id_is_reported(database_url: str, tmp_path, capsys):
    bad = tmp_path / "owner.csv"
    bad.write_text(HEADER + "Agencies,10,5,email,alice@example.com,\n")
    assert run(database_url, bad) == 1
    assert "line 2: owner: 'alice@example.com' is not a Slack user id" in capsys.readouterr().err
    assert segments(database_url) == []
