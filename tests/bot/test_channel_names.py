import re
from datetime import UTC, datetime

import pytest

from bot.crisis.channel_names import MAX_CHANNEL_NAME, crisis_channel_name, slugify

DAY = datetime(2026, 11, 25, 23, 59, tzinfo=UTC)
SLACK_CHANNEL_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Checkout is double-charging", "crisis-20261125-checkout-is-double-charging"),
        ("  Café crème: PAYMENTS down!!  ", "crisis-20261125-cafe-creme-payments-down"),
        ("🔥🔥🔥", "crisis-20261125-42"),
        ("Сбой оплаты", "crisis-20261125-42"),
        ("支付故障 v2", "crisis-20261125-v2"),
        ("---", "crisis-20261125-42"),
    ],
)
def test_names_follow_slack_rules(title, expected):
    name = crisis_channel_name(title, DAY, 42)
    assert name == expected
    assert SLACK_CHANNEL_NAME.match(name)


def test_long_titles_are_cut_to_80_characters_without_a_trailing_dash():
    title = "word " * 100
    for attempt in (1, 2, 17):
        name = crisis_channel_name(title, DAY, 7, attempt)
        assert len(name) <= MAX_CHANNEL_NAME
        assert SLACK_CHANNEL_NAME.match(name)
        assert "--" not in name
    assert crisis_channel_name(title, DAY, 7, 17).endswith("-17")


def test_later_attempts_add_a_number():
    assert crisis_channel_name("Outage", DAY, 1, 1) == "crisis-20261125-outage"
    assert crisis_channel_name("Outage", DAY, 1, 2) == "crisis-20261125-outage-2"
    assert crisis_channel_name("Outage", DAY, 1, 3) == "crisis-20261125-outage-3"


def test_slugify_keeps_only_lowercase_letters_digits_and_single_dashes():
    assert slugify("A  B__C--D") == "a-b-c-d"
    assert slugify("😀") == ""
