"""The fake installs the app in many workspaces through oauth.v2.access, as Slack does."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.fake_slack import FakeSlack

SCOPES = ("commands", "chat:write")


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as running:
        running.add_workspace("T0002", bot_user_id="UBOT2", bot_id="BBOT2", users={"U201": "Ann"})
        running.register_app("CID", "CSECRET", SCOPES)
        yield running


def exchange(fake: FakeSlack, code: str, secret: str = "CSECRET") -> dict[str, Any]:
    client = WebClient(base_url=fake.base_url)
    return dict(client.oauth_v2_access(client_id="CID", client_secret=secret, code=code).data)  # type: ignore[arg-type]


def error(call: object) -> str:
    with pytest.raises(SlackApiError) as raised:
        call()  # type: ignore[operator]
    return str(raised.value.response["error"])


def test_a_code_becomes_a_bot_token_for_that_workspace_once(fake: FakeSlack):
    code = fake.approve_install("T0002", "U201")
    answer = exchange(fake, code)
    assert answer["team"] == {"id": "T0002", "name": "Team T0002"}
    assert (answer["bot_user_id"], answer["authed_user"]) == ("UBOT2", {"id": "U201"})
    assert answer["token_type"] == "bot" and answer["scope"] == "commands,chat:write"

    bot = WebClient(token=answer["access_token"], base_url=fake.base_url)
    assert bot.auth_test()["team_id"] == "T0002" and bot.auth_test()["bot_id"] == "BBOT2"
    assert fake.calls_to("auth.test")[-1].team == "T0002"
    assert error(lambda: exchange(fake, code)) == "invalid_code"


def test_wrong_credentials_and_unknown_people_are_refused(fake: FakeSlack):
    code = fake.approve_install("T0002", "U201")
    assert error(lambda: exchange(fake, code, secret="nope")) == "bad_client_secret"
    with pytest.raises(KeyError):
        fake.approve_install("T0002", "U001")  # U001 belongs to the other workspace


def test_a_workspace_s_channels_stay_in_it_and_revoked_tokens_stop_working(fake: FakeSlack):
    token = exchange(fake, fake.approve_install("T0002", "U201"))["access_token"]
    bot = WebClient(token=token, base_url=fake.base_url)
    channel = bot.conversations_create(name="ops")["channel"]["id"]
    assert fake.channel_by_name("ops", team_id="T0002") is not None
    assert fake.channel_by_name("ops") is None  # not in the default workspace
    assert fake.channel(channel).name == "ops"

    fake.revoke_tokens("T0002")
    assert error(bot.auth_test) == "token_revoked"
    default = WebClient(token=fake.token, base_url=fake.base_url)
    assert default.auth_test()["team_id"] == "T0001"
