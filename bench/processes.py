"""Starting and stopping the processes a benchmark measures: the fake Slack, the app, a baseline."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SIGNING_SECRET = "bench-signing-secret"
TOKEN = "xoxb-test-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


def _spawn(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@contextmanager
def running(
    args: list[str], port: int, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    process = _spawn(args, env)
    try:
        wait_for_port(port)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def fake_slack(delay: float = 0.0) -> Iterator[str]:
    """The fake Slack Web API in its own process; yields its base URL."""
    port = free_port()
    with running(["-m", "tests.fake_slack", "--port", str(port), "--delay", str(delay)], port):
        yield f"http://127.0.0.1:{port}/api/"


def app_env(slack_url: str, database_url: str, port: int) -> dict[str, str]:
    """The environment `make run` would give the app, pointed at the fake."""
    return {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_APP_TOKEN": "",
        "SLACK_API_URL": slack_url,
        "DATABASE_URL": database_url,
        "PORT": str(port),
    }


@contextmanager
def crisis_desk(slack_url: str, database_url: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The real app, as `make run` starts it (python app.py, HTTP mode)."""
    port = free_port()
    with running(["app.py"], port, app_env(slack_url, database_url, port)) as process:
        yield f"http://127.0.0.1:{port}/slack/events", process


def fake_calls(slack_url: str, method: str) -> list[dict[str, Any]]:
    """What the fake Slack recorded for one method."""
    base = slack_url.removesuffix("api/")
    with urllib.request.urlopen(f"{base}_fake/calls?method={method}", timeout=30) as answer:
        return list(json.load(answer))


def wait_until_quiet(slack_url: str, quiet: float = 1.0, timeout: float = 120.0) -> None:
    """Wait until the app has stopped calling Slack (its follow-up work is done)."""
    base = slack_url.removesuffix("api/")
    last, since = -1, time.monotonic()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{base}_fake/count", timeout=30) as answer:
            count = int(json.load(answer)["calls"])
        if count != last:
            last, since = count, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.1)


def peak_rss_mib(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")
