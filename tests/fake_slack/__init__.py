"""A strict fake Slack Web API on loopback, for the test suite and the benchmarks."""

from tests.fake_slack.server import FakeSlack
from tests.fake_slack.state import Call, Channel, Ephemeral, Message, StoredFile

__all__ = ["Call", "Channel", "Ephemeral", "FakeSlack", "Message", "StoredFile"]
