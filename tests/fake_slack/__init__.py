"""A strict fake Slack Web API on loopback, for the test suite and the benchmarks."""

from tests.fake_slack.fake import FakeSlack
from tests.fake_slack.state import Call, Channel, Ephemeral, Message, Scheduled, StoredFile, User

__all__ = [
    "Call",
    "Channel",
    "Ephemeral",
    "FakeSlack",
    "Message",
    "Scheduled",
    "StoredFile",
    "User",
]
