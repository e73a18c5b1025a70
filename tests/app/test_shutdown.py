"""SIGTERM and SIGINT: stop accepting, finish what was accepted, say one line, exit 0."""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Any

import pytest

from tests.app.process import accepts, free_port, running_app
from tests.fake_slack import FakeSlack
from tests.handlers.declaring import DEFAULT_ANSWERS
from tests.harness import eventually
from tests.slack_requests import SlackSender

SECRET = "shutdown-test-secret"


def stop_during_declaration(
    fake: FakeSlack, app: Any, stop_signal: int, declare: Callable[[], None], *, closed: Any
) -> str:
    """Declare, signal while conversations.create is held, release it once the app stopped
    accepting (`closed()`), and return what the app wrote to stderr."""
    create = fake.hold("conversations.create")
    declare()
    assert create.arrived.wait(60), "the declaration never asked Slack for a channel"
    app.send_signal(stop_signal)
    eventually(closed)  # no longer accepting, still finishing the declaration
    create.release()
    _, stderr = app.communicate(timeout=60)
    assert app.returncode == 0, stderr
    return str(stderr)


def assert_stopped_cleanly(fake: FakeSlack, stderr: str, stop_signal: int) -> None:
    assert "Traceback" not in stderr
    name = signal.Signals(stop_signal).name
    stopped = [line for line in stderr.splitlines() if "stopped" in line]
    assert len(stopped) == 1 and f"stopped ({name})" in stopped[0], stderr
    assert stderr.strip().splitlines()[-1] == stopped[0]
    assert "0 left unfinished" in stopped[0]
    channel_id = fake.calls_to("conversations.create")[0].response["channel"]["id"]
    assert len(fake.channel(channel_id).pins) == 1  # the board, pinned during the drain


@pytest.mark.parametrize(
    ("stop_signal", "processes"),
    [(signal.SIGTERM, 1), (signal.SIGINT, 1), (signal.SIGTERM, 2)],
    ids=["TERM", "INT", "TERM-2-processes"],
)
def test_http_stop_finishes_the_declaration_in_flight(
    tmp_path, database_url, fake_slack: FakeSlack, stop_signal, processes
):
    origin = fake_slack.create_channel("general", members=("UBOT", "U001", "U002"))
    port = free_port()
    env = {"PORT": str(port), "HTTP_PROCESSES": str(processes)}
    with running_app(fake_slack, database_url, tmp_path, **env) as app:
        eventually(lambda: accepts(port) or app.poll() is not None, timeout=60)
        assert app.poll() is None, app.communicate()
        sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", SECRET)
        assert sender.command("", channel=origin).status == 200
        view = eventually(lambda: fake_slack.calls_to("views.open"))[0].response["view"]

        def declare() -> None:
            assert sender.submit_view(view, DEFAULT_ANSWERS).status == 200

        stderr = stop_during_declaration(
            fake_slack, app, stop_signal, declare, closed=lambda: not accepts(port)
        )
    assert_stopped_cleanly(fake_slack, stderr, stop_signal)
    if processes > 1:
        assert f"{processes} processes drained; work in flight:" in stderr


def test_socket_mode_stop_finishes_the_declaration_in_flight(
    tmp_path, database_url, fake_slack: FakeSlack
):
    origin = fake_slack.create_channel("general", members=("UBOT", "U001", "U002"))
    socket_mode = fake_slack.enable_socket_mode("xapp-1-A0001-shutdown")
    with running_app(
        fake_slack, database_url, tmp_path, SLACK_APP_TOKEN="xapp-1-A0001-shutdown"
    ) as app:
        eventually(lambda: socket_mode.connected.is_set() or app.poll() is not None, timeout=60)
        assert app.poll() is None, app.communicate()
        shapes = SlackSender("unused", SECRET)
        opened = socket_mode.push("slash_commands", shapes.command_fields("", channel=origin))
        eventually(lambda: socket_mode.ack_for(opened))
        view = eventually(lambda: fake_slack.calls_to("views.open"))[0].response["view"]

        def declare() -> None:
            submitted = socket_mode.push("interactive", shapes.submission(view, DEFAULT_ANSWERS))
            eventually(lambda: socket_mode.ack_for(submitted))

        stderr = stop_during_declaration(
            fake_slack, app, signal.SIGTERM, declare, closed=socket_mode.closed_by_app.is_set
        )
    assert_stopped_cleanly(fake_slack, stderr, signal.SIGTERM)
