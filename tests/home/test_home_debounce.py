"""A burst of changes for one person is drawn once, after the burst, with the state it left."""

from __future__ import annotations

import threading

from slack_sdk import WebClient

from bot.home.service import PersonalHomes
from handlers.executor import DrainableExecutor
from handlers.home.refresh import SlackHomeRefresher
from storage.home import SqlHomeReader
from tests.handlers.walking import declared_crisis
from tests.harness import Harness


class Gate:
    """The refresher's injected sleep: it waits until the test opens the gate."""

    def __init__(self) -> None:
        self.waiting = threading.Event()
        self.opened = threading.Event()
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.waiting.set()
        assert self.opened.wait(timeout=30), "the test never opened the gate"


def test_a_burst_of_changes_costs_one_publish_of_the_state_after_it(harness: Harness):
    crisis = declared_crisis(harness)
    harness.settle()
    gate = Gate()
    executor = DrainableExecutor(max_workers=2, thread_name_prefix="test-home")
    refresher = SlackHomeRefresher(
        homes=PersonalHomes(reader=SqlHomeReader(harness.runtime.engine), clock=harness.clock),
        client=WebClient(token=harness.fake.token, base_url=harness.fake.base_url),
        executor=executor,
        sleep=gate,
        debounce=2.0,
    )
    before = len(harness.fake.calls_to("views.publish"))

    refresher.refresh(crisis.team_id, ["U001"])
    assert gate.waiting.wait(timeout=30)
    for _ in range(5):  # more changes for the same person while the first redraw waits
        refresher.refresh(crisis.team_id, ["U001", "U001"])
    gate.opened.set()
    assert executor.drain(30)
    executor.shutdown(wait=True)

    publishes = harness.fake.calls_to("views.publish")[before:]
    assert [call.args["user_id"] for call in publishes] == ["U001"]
    assert gate.waits == [2.0]
