"""OAuth credentials instead of a bot token: the app installs in many workspaces (HTTP only)."""

from __future__ import annotations

import pytest

from bot.settings import ConfigError, load_settings

OAUTH = {
    "SLACK_SIGNING_SECRET": "s",
    "SLACK_CLIENT_ID": "1111.2222",
    "SLACK_CLIENT_SECRET": "secret",
    "SLACK_SCOPES": "commands, chat:write,chat:write.public ,commands",
}


def test_client_credentials_without_a_bot_token_mean_many_workspaces():
    settings = load_settings(OAUTH)
    assert settings.distributed and settings.slack_bot_token is None
    assert settings.slack_scopes == ("commands", "chat:write", "chat:write.public")
    assert (settings.slack_client_id, settings.slack_client_secret) == ("1111.2222", "secret")


def test_a_bot_token_keeps_one_workspace_whatever_else_is_set():
    settings = load_settings({**OAUTH, "SLACK_BOT_TOKEN": "xoxb-1"})
    assert not settings.distributed and settings.slack_client_id is None


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
        ({k: v for k, v in OAUTH.items() if k != "SLACK_CLIENT_SECRET"}, "SLACK_CLIENT_SECRET"),
        ({k: v for k, v in OAUTH.items() if k != "SLACK_SCOPES"}, "SLACK_SCOPES"),
        ({**OAUTH, "SLACK_SCOPES": "chat write"}, "SLACK_SCOPES"),
        ({**OAUTH, "SLACK_APP_TOKEN": "xapp-1"}, "SLACK_APP_TOKEN"),
    ],
)
def test_incomplete_or_conflicting_oauth_settings_name_the_variable(env, variable):
    with pytest.raises(ConfigError, match=variable):
        load_settings(env)
