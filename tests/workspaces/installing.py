"""Installing the app in several workspaces through Bolt's OAuth flow, against the fake."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Callable
from typing import Any

from tests.harness import SIGNING_SECRET, Harness
from tests.slack_requests import SlackSender

CLIENT_ID, CLIENT_SECRET = "1111.2222", "client-secret"
SCOPES = ("commands", "chat:write", "channels:manage", "users:read")
OTHER_TEAM = "T0002"
OTHER_USERS = {"U201": "Ann", "U202": "Ben", "U203": "Cy"}


def distributed_harness(make_harness: Callable[..., Harness]) -> Harness:
    """The app with OAuth credentials and no bot token; the fake knows a second workspace."""
    harness = make_harness(
        slack_bot_token=None,
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        slack_scopes=SCOPES,
    )
    harness.fake.add_workspace(OTHER_TEAM, bot_user_id="UBOT2", bot_id="BBOT2", users=OTHER_USERS)
    harness.fake.register_app(CLIENT_ID, CLIENT_SECRET, SCOPES)
    return harness


def install(harness: Harness, team_id: str, user_id: str) -> str:
    """Open /slack/install, approve in "Slack", follow the redirect back; the success page."""
    base = harness.sender.url.removesuffix("/slack/events")
    with urllib.request.urlopen(base + "/slack/install", timeout=30) as page:
        html = page.read().decode()
        cookie = page.headers["Set-Cookie"].split(";")[0]
    found = re.search(r"state=([\w-]+)", html)
    assert found is not None, html
    code = harness.fake.approve_install(team_id, user_id)
    back = urllib.request.Request(
        f"{base}/slack/oauth_redirect?code={code}&state={found.group(1)}",
        headers={"Cookie": cookie},
    )
    with urllib.request.urlopen(back, timeout=30) as answer:
        assert answer.status == 200
        return str(answer.read().decode())


def sender_for(harness: Harness, team_id: str) -> SlackSender:
    """Signed requests as Slack sends them from `team_id`."""
    return SlackSender(harness.sender.url, SIGNING_SECRET, team_id=team_id)


def declare_in(
    harness: Harness, sender: SlackSender, *, user: str, channel: str, **answers: Any
) -> None:
    """`/crisis` in `channel`, then the form submitted, as `user` of the sender's workspace."""
    before = len(harness.fake.calls_to("views.open"))
    assert sender.command("", user=user, channel=channel).status == 200
    harness.settle()
    [opened] = harness.fake.calls_to("views.open")[before:]
    assert opened.team == sender.team_id
    answer = sender.submit_view(opened.response["view"], answers, user=user)
    assert answer.status == 200 and answer.body == "", answer.body
    harness.settle()
