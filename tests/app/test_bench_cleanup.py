"""`make bench` databases: a name of the run's own, dropped (with temp folders) on SIGTERM too."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from tests.app.process import run_tool
from tests.databases import postgres_admin_url

STOPPED_INSIDE = """
import os, signal
from bench.databases import postgres_database, sqlite_database
with sqlite_database() as sqlite, postgres_database() as postgres:
    print(sqlite, postgres, flush=True)
    os.kill(os.getpid(), signal.SIGTERM)
    raise AssertionError("SIGTERM did not stop the benchmark")
"""


def test_a_stopped_benchmark_drops_its_database_and_folder(tmp_path):
    admin_url = postgres_admin_url()
    result = run_tool(tmp_path, "-c", STOPPED_INSIDE, TEST_DATABASE_URL=admin_url)
    assert "AssertionError" not in result.stderr, result.stderr
    sqlite_url, postgres_url = result.stdout.split()
    name = make_url(postgres_url).database
    assert name and name.startswith("crisis_desk_bench_") and name != "crisis_desk_bench"
    assert not Path(sqlite_url.removeprefix("sqlite:///")).parent.exists()
    admin = create_engine(admin_url)
    try:
        with admin.connect() as connection:
            left = connection.execute(
                text("SELECT count(*) FROM pg_database WHERE datname = :n"), {"n": name}
            ).scalar_one()
    finally:
        admin.dispose()
    assert left == 0
