import pytest

from bot.settings import ConfigError, load_settings

GOOD = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}


def test_defaults():
    settings = load_settings(GOOD)
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.database_url.startswith("sqlite:///")
    assert settings.port == 3000
    assert settings.http_processes == 1
    assert not settings.socket_mode


def test_several_http_processes():
    assert load_settings({**GOOD, "HTTP_PROCESSES": " 2 "}).http_processes == 2


def test_api_url_gets_its_trailing_slash_and_postgres_gets_psycopg():
    settings = load_settings(
        {**GOOD, "SLACK_API_URL": "http://127.0.0.1:9/api", "DATABASE_URL": "postgresql://u@h/db"}
    )
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert settings.database_url == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
        ({**GOOD, "SLACK_BOT_TOKEN": "xoxp-user"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({**GOOD, "SLACK_APP_TOKEN": "xoxb-wrong"}, "SLACK_APP_TOKEN"),
        ({**GOOD, "PORT": "eighty"}, "PORT"),
        ({**GOOD, "PORT": "70000"}, "PORT"),
        ({**GOOD, "SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL"),
        ({**GOOD, "DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({**GOOD, "CRISIS_PLAYBOOK": "/no/such/playbook.toml"}, "CRISIS_PLAYBOOK"),
        ({**GOOD, "CRISIS_POLL_SECONDS": "60"}, "CRISIS_POLL_SECONDS"),
        ({**GOOD, "CRISIS_CURRENCY": "euro"}, "CRISIS_CURRENCY"),
        ({**GOOD, "HTTP_PROCESSES": "two"}, "HTTP_PROCESSES must be a whole number"),
        ({**GOOD, "HTTP_PROCESSES": "0"}, "HTTP_PROCESSES must be between 1 and 64"),
        ({**GOOD, "SLACK_APP_TOKEN": "xapp-1", "HTTP_PROCESSES": "2"}, "HTTP_PROCESSES: Socket"),
    ],
)
def test_bad_settings_name_the_variable(env, variable):
    with pytest.raises(ConfigError, match=variable):
        load_settings(env)


def test_telling_customers_settings():
    settings = load_settings(
        {
            **GOOD,
            "CRISIS_COMMS_APPROVERS": "U0AAA1, W0BBB2 U0AAA1",
            "CRISIS_CUSTOMER_CHANNEL": "C0CARE",
            "CRISIS_WEBHOOK_URL": "https://status.example.com/hooks",
            "CRISIS_WEBHOOK_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        }
    )
    assert settings.comms_approvers == ("U0AAA1", "W0BBB2")
    assert settings.customer_channel == "C0CARE"
    assert settings.webhook_url == "https://status.example.com/hooks"
    assert load_settings(GOOD).comms_approvers == ()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CRISIS_COMMS_APPROVERS": "U0AAA1,@alice"}, "CRISIS_COMMS_APPROVERS must list"),
        ({"CRISIS_CUSTOMER_CHANNEL": "#customer-care"}, "CRISIS_CUSTOMER_CHANNEL must be"),
        ({"CRISIS_WEBHOOK_URL": "status.example.com"}, "CRISIS_WEBHOOK_URL must be an http"),
        (
            {"CRISIS_WEBHOOK_URL": "https://status.example.com/hooks"},
            "CRISIS_WEBHOOK_SECRET is not set, but CRISIS_WEBHOOK_URL is",
        ),
        ({"CRISIS_WEBHOOK_SECRET": "whsec_short"}, "CRISIS_WEBHOOK_SECRET must be whsec_"),
    ],
)
def test_bad_telling_customers_settings_are_one_clear_line(env, message):
    with pytest.raises(ConfigError, match=message) as raised:
        load_settings({**GOOD, **env})
    assert "\n" not in str(raised.value)
