from datetime import timedelta
from pathlib import Path

import pytest

from bot.crisis.model import Severity, StepKey
from bot.crisis.playbook import PlaybookError, load_playbook, parse_playbook
from bot.durations import format_duration, parse_duration

DEFAULT = (Path(__file__).resolve().parents[2] / "bot" / "default_playbook.toml").read_text()


def test_default_playbook_follows_the_seeds():
    playbook = load_playbook()
    assert [step.key for step in playbook.steps] == [
        StepKey.RESET,
        StepKey.REFOCUS,
        StepKey.FIX,
        StepKey.REVIEW,
    ]
    reset = playbook.step(StepKey.RESET)
    assert "products or services" in reset.prompt
    assert "immediate business outcomes" in reset.prompt
    assert "short-term expectations" in reset.prompt
    refocus = playbook.step(StepKey.REFOCUS).prompt
    assert "burden to recover" in refocus and "physical, financial, safety" in refocus
    # Seed 000: value right now includes alternatives and preparing customers for delays.
    assert "other products or services they can use" in refocus
    assert "prepare them for delays" in refocus
    assert "compensation" in playbook.step(StepKey.FIX).prompt
    assert playbook.step(StepKey.REVIEW).due_after == timedelta(days=3)
    assert playbook.trust_follow_up_after == timedelta(days=30)
    assert playbook.status_update_every[Severity.SEV1] < playbook.status_update_every[Severity.SEV3]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45s", timedelta(seconds=45)),
        ("30m", timedelta(minutes=30)),
        ("2h", timedelta(hours=2)),
        ("3d", timedelta(days=3)),
        (" 10m ", timedelta(minutes=10)),
    ],
)
def test_durations(text, expected):
    assert parse_duration(text) == expected
    assert parse_duration(format_duration(expected)) == expected


@pytest.mark.parametrize("text", ["", "2 hours", "0m", "1w", "-5m", "m", "1.5h"])
def test_bad_durations_are_refused(text):
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('due_after = "2h"', 'due_after = "2 hours"'),
            "x.toml: line 18, key 'steps[1].due_after'",
        ),
        (('sev2 = "2h"', "sev2 = 2"), "x.toml: line 39, key 'status_updates.sev2'"),
        (('key = "fix"', 'key = "fixit"'), "key 'steps[2].key': unknown step 'fixit'"),
        (
            ("[review]\n", '[review]\nafter = "3d"\n'),
            "key 'review.after': the review's date comes from the review step's due_after",
        ),
        (
            ("archive_channel_after_review = false", 'archive_channel_after_review = "no"'),
            "review.archive_channel_after_review",
        ),
        (('key = "review"', 'key = "reset"'), "must list each of reset, refocus, fix, review"),
        (("[review]", "[reviews]"), "key 'review': a table is required"),
        (('name = "Customer crisis playbook"', "name = ["), "not valid TOML"),
        (('currency = "EUR"', 'currency = "euros"'), "key 'compensation.currency'"),
    ],
)
def test_malformed_playbooks_name_the_file_line_and_key(change, message):
    old, new = change
    assert old in DEFAULT
    with pytest.raises(PlaybookError) as raised:
        parse_playbook(DEFAULT.replace(old, new, 1), "x.toml")
    assert message in str(raised.value)


def test_a_missing_playbook_file_is_named(tmp_path):
    with pytest.raises(PlaybookError, match=r"nope\.toml"):
        load_playbook(tmp_path / "nope.toml")


def test_the_default_playbook_lists_words_customer_updates_avoid():
    playbook = parse_playbook(DEFAULT, "x.toml")
    assert "root cause" in playbook.avoid_words and "human error" in playbook.avoid_words
    assert all(word == word.lower() for word in playbook.avoid_words)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("avoid = [", "avoid_words = ["), "key 'communications.avoid_words': unknown key"),
        (('  "RCA",', "  42,"), "key 'communications.avoid': a list of non-empty strings"),
    ],
)
def test_a_malformed_communications_table_is_named(change, message):
    old, new = change
    with pytest.raises(PlaybookError) as raised:
        parse_playbook(DEFAULT.replace(old, new, 1), "x.toml")
    assert message in str(raised.value)


def test_a_playbook_without_communications_avoids_nothing():
    start = DEFAULT.index("[communications]")
    playbook = parse_playbook(DEFAULT[:start], "x.toml")
    assert playbook.avoid_words == ()
