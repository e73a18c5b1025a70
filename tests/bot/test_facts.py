"""Typed facts survive their JSON round trip, and stored JSON that doesn't fit is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.crisis.facts import (
    FixPlan,
    FollowUpAction,
    PriorityDraft,
    RefocusPlan,
    ResetAnswers,
    Resolution,
    ReviewAnswers,
    StatusUpdate,
    facts_from_json,
    facts_to_json,
)
from bot.crisis.impact import Harm

AT = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
RECORDS = [
    ResetAnswers("Cards charged twice", "Chargebacks", "Refunds today"),
    RefocusPlan((PriorityDraft("Stop captures", Harm.OPERATIONS_FINANCIAL, "U003"),)),
    FixPlan("Disable the job", "Hourly updates", "Idempotent capture", "", AT),
    FixPlan("Disable the job", "Hourly updates", "Idempotent capture"),
    StatusUpdate("Captures stopped", "No new charges", None),
    Resolution("Job removed", "A month free"),
    ReviewAnswers("a", "b", "c", "d", "e", "f", (FollowUpAction("Alerts", "U002", AT),)),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_every_record_reads_back_as_it_was_written(record):
    assert facts_from_json(type(record), facts_to_json(record)) == record


def test_times_are_stored_as_utc():
    eta = datetime(2026, 11, 25, 17, 0, tzinfo=timezone(timedelta(hours=2)))
    stored = facts_to_json(FixPlan("a", "b", "c", customer_eta=eta))
    assert stored["customer_eta"] == "2026-11-25T15:00:00+00:00"


@pytest.mark.parametrize(
    ("record_type", "stored", "problem"),
    [
        (ResetAnswers, {"products": "a", "outcomes": "b"}, "ResetAnswers"),
        (ResetAnswers, {"products": 1, "outcomes": "b", "expectations": "c"}, "products"),
        (
            FixPlan,
            {"short_term": "a", "meanwhile": "b", "long_term": "c", "customer_eta": 5},
            "eta",
        ),
        (RefocusPlan, {"priorities": "1. Stop captures · <@U003>"}, "a list is required"),
        (RefocusPlan, {"priorities": [{"text": "a", "harm": "fire", "owner_id": "U1"}]}, "fire"),
        (Resolution, ["how", "compensation"], "an object is required"),
    ],
)
def test_stored_json_that_does_not_fit_the_record_is_refused(record_type, stored, problem):
    with pytest.raises(ValueError, match=problem):
        facts_from_json(record_type, stored)
