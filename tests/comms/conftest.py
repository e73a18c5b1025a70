"""Fixtures for telling customers: a webhook receiver, the support channel, the app wired to both."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from tests.comms.receiver import SECRET, WebhookReceiver
from tests.fake_slack import FakeSlack
from tests.harness import Harness

APPROVER = "U009"


@dataclass
class Comms:
    """The running app, the support team's channel, and the webhook receiver."""

    harness: Harness
    support: str
    receiver: WebhookReceiver


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    started = WebhookReceiver().start()
    yield started
    started.stop()


@pytest.fixture
def comms(
    make_harness: Callable[..., Harness], fake_slack: FakeSlack, receiver: WebhookReceiver
) -> Comms:
    support = fake_slack.create_channel("customer-care", members=("UBOT", "U005"))
    harness = make_harness(
        comms_approvers=(APPROVER,),
        customer_channel=support,
        webhook_url=receiver.url,
        webhook_secret=SECRET,
    )
    return Comms(harness, support, receiver)
