"""Several processes share the database: every reminder is delivered exactly once, even when a
worker is killed in the middle of a delivery."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.fake_slack import FakeSlack
from tests.harness import eventually
from tests.reminders.worker import seed

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def spawn(database_url: str, fake: FakeSlack, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reminders.worker", database_url, fake.base_url, *extra],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def delivered_keys(fake: FakeSlack) -> Counter[str]:
    return Counter(
        m.metadata["event_payload"]["delivery"]
        for channel in list(fake.workspace.messages)
        for m in fake.messages(channel)
        if m.metadata
    )


@pytest.mark.postgres
def test_three_processes_deliver_1000_reminders_exactly_once(postgres_url: str):
    from tests.databases import empty_postgres_tables

    empty_postgres_tables(postgres_url)
    with FakeSlack() as fake:
        seed(postgres_url, fake, 1000, spread_seconds=3)
        workers = [spawn(postgres_url, fake, "--seconds", "90") for _ in range(3)]
        outputs = [worker.communicate(timeout=150) for worker in workers]
        assert [w.returncode for w in workers] == [0, 0, 0], [o[1][-2000:] for o in outputs]
        keys = delivered_keys(fake)
        assert len(keys) == 1000  # none missing
        assert set(keys.values()) == {1}  # no duplicate
        per_worker = [int(o[0].split("delivered ")[1]) for o in outputs]
        assert sum(per_worker) == 1000
        assert sum(1 for n in per_worker if n > 0) >= 2  # the work was really shared


@pytest.mark.postgres
def test_a_worker_killed_mid_delivery_loses_nothing_and_sends_nothing_twice(postgres_url: str):
    from tests.databases import empty_postgres_tables

    empty_postgres_tables(postgres_url)
    with FakeSlack() as fake:
        seed(postgres_url, fake, 1, spread_seconds=0)
        # Slack stores the message, then answers slowly: the worker dies waiting for the answer.
        fake.set_delay(30, "chat.postMessage", after=True)
        doomed = spawn(postgres_url, fake, "--lease", "2", "--seconds", "60")
        eventually(lambda: fake.calls_to("chat.postMessage"))
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=10)
        fake.set_delay(0, "chat.postMessage")
        survivor = spawn(postgres_url, fake, "--lease", "2", "--seconds", "60")
        out, err = survivor.communicate(timeout=90)
        assert survivor.returncode == 0, err[-2000:]
        assert list(delivered_keys(fake).values()) == [1]
        assert "delivered 1" in out  # the survivor finished the delivery the dead worker began
        assert fake.calls_to("conversations.history")  # ... after checking Slack for it
