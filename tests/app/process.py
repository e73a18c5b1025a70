"""Running the real app (app.py main) and the command-line tools as subprocesses."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.fake_slack import FakeSlack

ROOT = Path(__file__).resolve().parents[2]
CLEAN = {
    k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_", "CRISIS_"))
}

SECRET = "shutdown-test-secret"


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def accepts(port: int) -> bool:
    """True while something accepts connections on the loopback `port`."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def run_tool(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `python <args>` with the project on the path and no Slack/database settings."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env={**CLEAN, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def last_line(result: subprocess.CompletedProcess[str]) -> str:
    """The last non-empty line the process wrote to stderr."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    return lines[-1] if lines else ""


@contextmanager
def running_app(
    fake: FakeSlack, database_url: str, cwd: Any, *, secret: str = SECRET, **env: str
) -> Iterator[Any]:
    """app.py main in a subprocess against the fake Slack (killed, with any processes it
    started, if a test leaves it running)."""
    app = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py")],
        cwd=cwd,
        env={
            **CLEAN,
            "PYTHONPATH": str(ROOT),
            "SLACK_BOT_TOKEN": fake.token,
            "SLACK_SIGNING_SECRET": secret,
            "SLACK_API_URL": fake.base_url,
            "DATABASE_URL": database_url,
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its worker processes too can be killed as one group
    )
    try:
        yield app
    finally:
        if app.poll() is None:
            os.killpg(app.pid, signal.SIGKILL)
            app.communicate()
