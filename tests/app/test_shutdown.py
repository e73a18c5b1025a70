"""SIGTERM and SIGINT: stop accepting, finish what was accepted, say one line, exit 0."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from tests.app.process import CLEAN, ROOT, accepts, free_port
from tests.fake_slack import FakeSlack
from tests.handlers.declaring import DEFAULT_ANSWERS
from tests.harness import eventually
from tests.slack_requests import SlackSender

SECRET = "shutdown-test-secret"


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_a_stop_signal_finishes_the_declaration_in_flight(
    tmp_path, database_url, fake_slack: FakeSlack, stop_signal
):
    origin = fake_slack.create_channel("general", members=("UBOT", "U001", "U002"))
    port = free_port()
    app = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py")],
        cwd=tmp_path,
        env={
            **CLEAN,
            "PYTHONPATH": str(ROOT),
            "SLACK_BOT_TOKEN": fake_slack.token,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake_slack.base_url,
            "DATABASE_URL": database_url,
            "PORT": str(port),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        eventually(lambda: accepts(port) or app.poll() is not None, timeout=60)
        assert app.poll() is None, app.communicate()
        sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", SECRET)
        assert sender.command("", channel=origin).status == 200
        view = eventually(lambda: fake_slack.calls_to("views.open"))[0].response["view"]
        create = fake_slack.hold("conversations.create")
        assert sender.submit_view(view, DEFAULT_ANSWERS).status == 200
        assert create.arrived.wait(60), "the declaration never asked Slack for a channel"
        app.send_signal(stop_signal)
        eventually(lambda: not accepts(port))  # stopped accepting, still finishing
        create.release()
        _, stderr = app.communicate(timeout=60)
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
    assert app.returncode == 0, stderr
    assert "Traceback" not in stderr
    name = signal.Signals(stop_signal).name
    stopped = [line for line in stderr.splitlines() if "stopped" in line]
    assert len(stopped) == 1 and f"stopped ({name})" in stopped[0], stderr
    assert stderr.strip().splitlines()[-1] == stopped[0]
    assert "0 left unfinished" in stopped[0]
    channel_id = fake_slack.calls_to("conversations.create")[0].response["channel"]["id"]
    assert len(fake_slack.channel(channel_id).pins) == 1  # the board, pinned during the drain
