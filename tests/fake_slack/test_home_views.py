"""views.publish is held to the same Block Kit limits as views.open (100 blocks, SDK checks)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.fake_slack import FakeSlack


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as started:
        yield started


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=fake.token, base_url=fake.base_url)


def home(count: int, **section: Any) -> dict[str, Any]:
    text = {"type": "mrkdwn", "text": "row"}
    return {"type": "home", "blocks": [{"type": "section", "text": text, **section}] * count}


def refusal(client: WebClient, view: dict[str, Any]) -> dict[str, Any]:
    with pytest.raises(SlackApiError) as refused:
        client.views_publish(user_id="U001", view=view)
    return dict(refused.value.response.data)


def test_a_home_of_100_blocks_is_published_and_101_is_refused(client: WebClient, fake: FakeSlack):
    client.views_publish(user_id="U001", view=home(100))
    assert fake.home_view("U001") is not None
    answer = refusal(client, home(101))
    assert answer["error"] == "invalid_arguments"
    assert "no more than 100 items allowed" in str(answer["response_metadata"])


def test_a_home_button_over_slack_limits_is_refused(client: WebClient):
    long_button = {
        "type": "button",
        "text": {"type": "plain_text", "text": "x" * 76},
        "action_id": "a",
    }
    assert refusal(client, home(1, accessory=long_button))["error"] == "invalid_arguments"


def test_a_home_for_someone_outside_the_workspace_is_refused(client: WebClient):
    with pytest.raises(SlackApiError) as refused:
        client.views_publish(user_id="UNOBODY", view=home(1))
    assert refused.value.response["error"] == "user_not_found"
