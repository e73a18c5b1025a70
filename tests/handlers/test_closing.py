"""Resolution and review end to end: from declaration to the review document in the channel."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlmodel import Session

from storage.tables import CrisisRow
from tests.handlers.walking import (
    MIXED,
    NEGATIVE,
    POSITIVE,
    board,
    channel_texts,
    declared_crisis,
    eta_in,
    open_step,
    opened_view,
    submit,
)
from tests.harness import Harness

REVIEW = {
    "review_causes": "A retry job re-sent captured payments.",
    "review_discovery": "Support saw duplicate-charge tickets spike.",
    "review_response": "Disabled the job, refunded, told customers hourly.",
    "review_prevention": "Idempotency keys on capture.",
    "review_processes": "Support escalation took 40 minutes: too slow for customers.",
    "review_improvements": "Auto-escalate payment tickets; status page first.",
}


def open_command_modal(harness: Harness, crisis: CrisisRow, text: str, user: str = "U001") -> dict:
    before = len(harness.fake.calls_to("views.open"))
    answer = harness.sender.command(text, channel=crisis.channel_id, user=user)
    assert answer.status == 200 and not answer.body, answer.body
    return opened_view(harness, before)


def test_from_declaration_to_the_review_document(harness: Harness):
    crisis = declared_crisis(harness)
    view = open_step(harness, crisis, "reset")
    submit(
        harness,
        view,
        {
            "reset_products": "Cards charged twice.",
            "reset_outcomes": "Chargebacks.",
            "reset_expectations": "Refunds today.",
            "reset_severity": "sev1",
            **NEGATIVE,
        },
    )
    view = open_step(harness, crisis, "fix")
    submit(
        harness,
        view,
        {
            "fix_short_term": "Disable retry job",
            "fix_customer_eta": eta_in(harness, 5),
            "fix_meanwhile": "Hourly updates",
            "fix_long_term": "Idempotent capture",
            "fix_compensation": "A month free",
            **MIXED,
        },
    )

    refused = harness.sender.command("resolve", channel=crisis.channel_id, user="U002").json()
    assert "Only the crisis lead" in refused["text"]
    early = harness.sender.command("review", channel=crisis.channel_id).json()
    assert "scheduled when the lead resolves the crisis" in early["text"]

    view = open_command_modal(harness, crisis, "resolve")
    assert (
        submit(
            harness,
            view,
            {
                "resolution_how": "Retry job removed; all refunds sent.",
                "resolution_compensation": "A month free for all merchants",
                **POSITIVE,
            },
        )
        is None
    )
    with Session(harness.runtime.engine) as session:
        row = session.get(CrisisRow, crisis.id)
        assert row.status == "resolved" and row.resolved_at is not None
    announcement = next(t for t in channel_texts(harness, crisis) if "review is scheduled" in t)
    review_at = harness.clock() + timedelta(days=3)
    assert f"<!date^{int(review_at.timestamp())}^" in announcement
    assert "Open Review" in board(harness, crisis) and "Log a decision" not in board(
        harness, crisis
    )

    view = open_command_modal(harness, crisis, "review")
    refused = submit(harness, view, {**REVIEW, "action_1_text": "Add idempotency keys"})
    assert "action_1_owner" in refused["errors"]
    assert (
        submit(
            harness,
            view,
            {
                **REVIEW,
                "action_1_text": "Add idempotency keys",
                "action_1_owner": "U003",
                "action_1_due": "2026-12-09",
            },
        )
        is None
    )
    with Session(harness.runtime.engine) as session:
        assert session.get(CrisisRow, crisis.id).status == "reviewed"

    files = harness.fake.files_in(crisis.channel_id)
    # The review invite (.ics) was shared at resolution; the document comes with the review.
    [document] = [f for f in files if f.filename.endswith(".md")]
    text = document.content.decode()
    for expected in (
        "# Crisis review: Checkout is double-charging",
        "SEV1 · Critical",
        "Cards are charged twice at checkout",
        "Disable retry job",
        "A month free",
        "Impact on customers: **negative**",
        "Mitigation: Refund double charges",
        "Highlight to customers:",
        "Idempotency keys on capture.",
        "Support escalation took 40 minutes",
        "Add idempotency keys",
        "## Timeline",
        "Crisis declared",
        "Resolved: Retry job removed",
    ):
        assert expected in text, expected
    assert "Review completed" in "\n".join(channel_texts(harness, crisis))


def test_the_channel_is_archived_after_the_review_when_the_playbook_says_so(make_harness, tmp_path):
    playbook = tmp_path / "playbook.toml"
    default = (Path(__file__).resolve().parents[2] / "bot" / "default_playbook.toml").read_text()
    playbook.write_text(
        default.replace(
            "archive_channel_after_review = false", "archive_channel_after_review = true"
        )
    )
    harness = make_harness(playbook_path=playbook)
    crisis = declared_crisis(harness, severity="sev3")
    view = open_command_modal(harness, crisis, "resolve")
    submit(
        harness,
        view,
        {
            "resolution_how": "Fixed",
            "resolution_compensation": "None needed",
            "impact_direction": "unknown",
        },
    )
    view = open_command_modal(harness, crisis, "review")
    assert submit(harness, view, REVIEW) is None
    assert harness.fake.files_in(crisis.channel_id)
    assert harness.fake.channel(crisis.channel_id).archived
