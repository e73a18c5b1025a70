"""A database outage while delivering: one log line with backoff, then deliveries resume."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.delivery.engine import DeliveryEngine
from tests.fake_slack import FakeSlack
from tests.handlers.walking import declared_crisis
from tests.harness import Harness, start_harness


class Ticks:
    """The engine's monotonic clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def sqlite_harness(tmp_path: Path, fake_slack: FakeSlack) -> Iterator[Harness]:
    harness = start_harness(f"sqlite:///{tmp_path / 'crisis.db'}", fake_slack)
    yield harness
    harness.stop()


def test_an_outage_is_logged_once_and_deliveries_resume(
    sqlite_harness: Harness, tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    harness = sqlite_harness
    declared_crisis(harness, severity="sev3")
    ticks = Ticks()
    engine = DeliveryEngine(
        sources=harness.runtime.deliveries.sources,
        clock=harness.clock,
        owner="outage-test",
        monotonic=ticks,
    )
    harness.clock.advance(timedelta(hours=1, minutes=1))  # Reset's nudge is due
    database = tmp_path / "crisis.db"
    harness.runtime.engine.dispose()
    database.rename(tmp_path / "away.db")
    database.mkdir()  # the file is gone: every connection fails

    with caplog.at_level(logging.INFO):
        for step in (0.0, 0.5, 2.0, 10.0, 30.0):
            ticks.now += step
            engine.poll()
        lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(lines) == 1 and "database unavailable" in lines[0]  # one line, no traceback
        assert not any(r.exc_info for r in caplog.records)

        database.rmdir()
        (tmp_path / "away.db").rename(database)
        ticks.now += 120
        engine.poll()
    assert any("available again" in r.getMessage() for r in caplog.records)
    assert any("Reset" in m.text for m in harness.fake.dms("U001"))
    engine.close()
