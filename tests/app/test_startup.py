"""`python app.py` refuses bad settings with one clear line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLEAN = {
    k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_", "CRISIS_"))
}


def start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "app.py")],
        cwd=tmp_path,  # no .env here
        env={**CLEAN, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "PORT": "x"}, "PORT"),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "HTTP_PROCESSES": "0"},
            "HTTP_PROCESSES",
        ),
        (
            {
                "SLACK_BOT_TOKEN": "xoxb-1",
                "SLACK_SIGNING_SECRET": "s",
                "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
            },
            "DATABASE_URL",
        ),
    ],
)
def test_bad_settings_stop_the_start_with_one_line(tmp_path, env, variable):
    result = start(tmp_path, **env)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr
    assert lines[-1].startswith("crisis-desk: ")
    assert variable in lines[-1]


def test_a_malformed_playbook_names_file_line_and_key(tmp_path):
    playbook = tmp_path / "mine.toml"
    default = (ROOT / "bot" / "default_playbook.toml").read_text()
    playbook.write_text(default.replace('nudge_every = "30m"', 'nudge_every = "often"', 1))
    result = start(
        tmp_path, SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s", CRISIS_PLAYBOOK=str(playbook)
    )
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "mine.toml: line 12, key 'steps[0].nudge_every'" in result.stderr


def test_importing_the_app_does_no_work():
    code = (
        "import socket, sqlalchemy\n"
        "def refuse(*a, **k): raise AssertionError('network used at import')\n"
        "socket.create_connection = refuse\n"
        "created = []\n"
        "real = sqlalchemy.create_engine\n"
        "sqlalchemy.create_engine = lambda *a, **k: created.append(a) or real(*a, **k)\n"
        "import app, handlers.app_factory, storage.db, bot.services\n"
        "assert not created, created\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**CLEAN},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() == "ok", result.stderr
