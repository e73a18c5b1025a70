"""HTTP_PROCESSES: several app processes serve one PORT; they stop as one, with one line."""

from __future__ import annotations

import os
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.app.process import SECRET, accepts, free_port, running_app
from tests.fake_slack import FakeSlack
from tests.harness import eventually
from tests.slack_requests import SlackSender

LISTENING = re.compile(r"listening on port (\d+) at /slack/events in (\d+) processes \(pids (.*)\)")


class Stderr:
    """What a running process writes to stderr, line by line, read as it comes."""

    def __init__(self, app: Any) -> None:
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, args=(app,), daemon=True)
        self._reader.start()

    def _read(self, app: Any) -> None:
        for line in app.stderr:
            self.lines.append(line.rstrip("\n"))

    def matching(self, pattern: re.Pattern[str] | str) -> list[str]:
        return [line for line in list(self.lines) if re.search(pattern, line)]

    def ended(self) -> list[str]:
        """Every line, once the process has closed stderr."""
        self._reader.join(60)
        return [line for line in self.lines if line.strip()]


@contextmanager
def two_processes(
    fake: FakeSlack, database_url: str, cwd: Path
) -> Iterator[tuple[Any, Stderr, int]]:
    """The app in 2 processes on a free port; yields it, its stderr, and the port."""
    port = free_port()
    env = {"PORT": str(port), "HTTP_PROCESSES": "2"}
    with running_app(fake, database_url, cwd, **env) as app:
        stderr = Stderr(app)
        eventually(lambda: stderr.matching(LISTENING) or app.poll() is not None, timeout=90)
        assert app.poll() is None, stderr.ended()
        yield app, stderr, port


def worker_pids(stderr: Stderr) -> list[int]:
    match = LISTENING.search(stderr.matching(LISTENING)[0])
    assert match is not None
    return [int(pid) for pid in match.group(3).split(", ")]


def children(pid: int) -> set[int]:
    return {int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}


def alive(pid: int) -> bool:
    """The process runs (a zombie waiting for its parent to reap it does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def open_declare_form(sender: SlackSender, fake: FakeSlack, channel: str) -> None:
    """/crisis: the declare form opens (Slack is asked to open one more form)."""
    before = len(fake.calls_to("views.open"))
    assert sender.command("", channel=channel).status == 200
    eventually(lambda: len(fake.calls_to("views.open")) == before + 1)


def assert_one_stop_line(lines: list[str], name: str, processes: int) -> None:
    assert not [line for line in lines if "Traceback" in line], lines
    stopped = [line for line in lines if "stopped" in line]
    assert len(stopped) == 1, lines
    assert f"stopped ({name}); {processes} processes drained" in stopped[0]
    assert "0 left unfinished" in stopped[0] and lines[-1] == stopped[0]


def test_two_processes_each_serve_the_one_port_and_stop_with_one_line(
    tmp_path, database_url, fake_slack: FakeSlack
):
    origin = fake_slack.create_channel("general", members=("UBOT", "U001"))
    with two_processes(fake_slack, database_url, tmp_path) as (app, stderr, port):
        first, second = worker_pids(stderr)
        assert children(app.pid) == {first, second}
        # The parent forked before building anything: one thread, no runtime of its own.
        assert len(os.listdir(f"/proc/{app.pid}/task")) == 1
        # Each process built its own runtime, and asked Slack who it is.
        assert len(fake_slack.calls_to("auth.test")) == 2
        sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", SECRET)
        # With one process paused, the other alone answers on the port; then the other way round.
        for paused in (first, second):
            os.kill(paused, signal.SIGSTOP)
            try:
                open_declare_form(sender, fake_slack, origin)
            finally:
                os.kill(paused, signal.SIGCONT)
        assert len(fake_slack.calls_to("views.open")) == 2
        app.send_signal(signal.SIGTERM)
        assert app.wait(60) == 0
        assert not accepts(port)
        lines = stderr.ended()
    assert_one_stop_line(lines, "SIGTERM", 2)
    # Each line names the process that wrote it.
    assert stderr.matching(rf"\[{first}\] ") and stderr.matching(rf"\[{second}\] ")


def test_a_process_that_dies_is_replaced(tmp_path, database_url, fake_slack: FakeSlack):
    origin = fake_slack.create_channel("general", members=("UBOT", "U001"))
    with two_processes(fake_slack, database_url, tmp_path) as (app, stderr, port):
        first, second = worker_pids(stderr)
        os.kill(first, signal.SIGKILL)
        replaced = eventually(lambda: stderr.matching(rf"process {first} ended unexpectedly"))
        assert "killed by SIGKILL" in replaced[0] and "WARNING" in replaced[0]
        third = int(replaced[0].rsplit("process ", 1)[1].split()[0])
        assert children(app.pid) == {second, third}
        assert len(fake_slack.calls_to("auth.test")) == 3
        sender = SlackSender(f"http://127.0.0.1:{port}/slack/events", SECRET)
        os.kill(second, signal.SIGSTOP)  # the newcomer alone serves the port
        try:
            open_declare_form(sender, fake_slack, origin)
        finally:
            os.kill(second, signal.SIGCONT)
        app.send_signal(signal.SIGINT)
        assert app.wait(60) == 0
        lines = stderr.ended()
    assert_one_stop_line(lines, "SIGINT", 2)


def test_workers_stop_when_their_parent_is_killed(tmp_path, database_url, fake_slack: FakeSlack):
    with two_processes(fake_slack, database_url, tmp_path) as (app, stderr, port):
        pids = worker_pids(stderr)
        app.send_signal(signal.SIGKILL)
        app.wait(60)
        eventually(lambda: not accepts(port), timeout=60)
        eventually(lambda: not any(alive(pid) for pid in pids), timeout=60)
        lines = stderr.ended()
    assert not [line for line in lines if "Traceback" in line], lines
    for pid in pids:  # each says it stopped, since no parent is left to say it for them
        assert stderr.matching(rf"\[{pid}\] crisis_desk: stopped \(parent ended\); work in flight")
