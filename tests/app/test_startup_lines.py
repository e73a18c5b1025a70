"""Start-up problems with Slack or the port: one line naming what to fix, never a traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.app.process import ROOT, free_port, last_line, run_tool
from tests.fake_slack import FakeSlack


def start(tmp_path: Path, fake: FakeSlack, **env: str):
    settings = {
        "SLACK_BOT_TOKEN": fake.token,
        "SLACK_SIGNING_SECRET": "s",
        "SLACK_API_URL": fake.base_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'crisis.db'}",
        **env,
    }
    return run_tool(tmp_path, str(ROOT / "app.py"), **settings)


def assert_one_line(result, *words: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    line = last_line(result)
    assert line.startswith("crisis-desk: "), result.stderr
    for word in words:
        assert word in line, line


@pytest.mark.parametrize("processes", ["1", "2"])
def test_a_port_in_use_is_named(tmp_path, fake_slack, processes):
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = start(tmp_path, fake_slack, PORT=str(port), HTTP_PROCESSES=processes)
    assert_one_line(result, "PORT", f"port {port} is already in use")


def test_a_process_that_cannot_start_stops_them_all_with_its_line(tmp_path, fake_slack):
    result = start(tmp_path, fake_slack, SLACK_BOT_TOKEN="xoxb-wrong", HTTP_PROCESSES="2")
    assert_one_line(result, "SLACK_BOT_TOKEN", "invalid_auth")
    assert result.stderr.count("crisis-desk: ") == 1  # the second process never started


def test_an_unreachable_slack_api_url_is_named_as_such(tmp_path, fake_slack):
    nowhere = f"http://127.0.0.1:{free_port()}/api/"
    result = start(tmp_path, fake_slack, SLACK_API_URL=nowhere)
    assert_one_line(result, "SLACK_API_URL", nowhere)
    assert "SLACK_BOT_TOKEN" not in last_line(result)


def test_a_rejected_bot_token_is_named(tmp_path, fake_slack):
    result = start(tmp_path, fake_slack, SLACK_BOT_TOKEN="xoxb-wrong")
    assert_one_line(result, "SLACK_BOT_TOKEN", "invalid_auth")


def test_a_rejected_app_token_is_named(tmp_path, fake_slack):
    result = start(tmp_path, fake_slack, SLACK_APP_TOKEN="xapp-1-rejected")
    assert_one_line(result, "SLACK_APP_TOKEN", "invalid_auth")


def test_a_start_says_nothing_about_unused_tokens(tmp_path, fake_slack):
    # The port is taken so the app stops right after building itself.
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        result = start(tmp_path, fake_slack, PORT=str(taken.getsockname()[1]))
    assert "will be unused" not in result.stderr
    assert "WARNING" not in result.stderr
