"""A customer update from draft to publication: preview, approval rules, revision, webhooks."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from tests.comms.conftest import APPROVER, Comms
from tests.comms.telling import (
    click_on,
    draft_for_approval,
    message_now,
    open_tell_form,
    preview_of,
    submit_form,
    text_of,
    told,
)
from tests.handlers.walking import board, declared_crisis, opened_view, submit
from tests.harness import Harness, eventually


def test_an_update_is_drafted_sent_back_revised_approved_and_published_once(comms: Comms):
    harness, receiver = comms.harness, comms.receiver
    crisis = declared_crisis(harness)
    assert "Customers not told yet" in board(harness, crisis)
    assert "Tell customers" in board(harness, crisis)

    request = draft_for_approval(harness, crisis, user="U002")
    text = text_of(request)
    assert "Customer update #1 v1: waiting for approval" in text
    assert "Some card payments were charged twice" in text and "<@U002>" in text
    assert "Approve and publish" in text and "Request changes" in text

    # The author may not approve their own draft; someone who isn't an approver may not either.
    click_on(harness, crisis, request, "crisis_customer_update_approve", user="U002")
    assert any("someone else has to approve" in t for t in told(harness, "U002", crisis.channel_id))
    click_on(harness, crisis, request, "crisis_customer_update_approve", user="U003")
    assert any(
        "Only the crisis lead or a communications approver" in t
        for t in told(harness, "U003", crisis.channel_id)
    )
    assert harness.fake.messages(comms.support) == []

    # The approver sends it back with a reason; the author reads it in a DM.
    before = len(harness.fake.calls_to("views.open"))
    click_on(harness, crisis, request, "crisis_customer_update_request_changes", user=APPROVER)
    reason_form = opened_view(harness, before)
    assert (
        submit(
            harness,
            reason_form,
            {"comms_changes_reason": "Say when refunds arrive."},
            user=APPROVER,
        )
        is None
    )
    dm = eventually(lambda: harness.fake.dms("U002"))[-1]
    assert "Say when refunds arrive." in text_of(dm) and f"<@{APPROVER}>" in text_of(dm)
    sent_back = text_of(message_now(harness, crisis.channel_id, request.ts))
    assert "sent back for changes" in sent_back and "Approve and publish" not in sent_back

    # The author revises from the DM: the form comes back filled in; v2 goes for approval.
    before = len(harness.fake.calls_to("views.open"))
    revise_from(harness, dm)
    form = opened_view(harness, before)
    assert "Some card payments were charged twice" in str(form["blocks"])
    request = draft_for_approval(
        harness,
        crisis,
        view=form,
        comms_what_we_do="We stopped the duplicate charges; refunds reach cards within 3 days.",
    )
    assert "Customer update #1 v2: waiting for approval" in text_of(request)

    # The lead approves: two clicks at once publish once. The webhook receiver fails at first.
    receiver.fail_next = 1
    clicks = [
        threading.Thread(
            target=click_on,
            args=(harness, crisis, request, "crisis_customer_update_approve"),
            kwargs={"user": "U001"},
        )
        for _ in range(2)
    ]
    for click in clicks:
        click.start()
    for click in clicks:
        click.join()
    harness.settle()
    published = eventually(lambda: harness.fake.messages(comms.support))
    assert len(published) == 1
    copy = text_of(published[0])
    assert "Customer update #1 v2 approved" in copy and "refunds reach cards within 3 days" in copy
    assert "We will update you again by 09:30 UTC on 25 Nov 2026." in copy
    approved = text_of(message_now(harness, crisis.channel_id, request.ts))
    assert "approved and published" in approved and "Approved by <@U001>" in approved
    assert "Customers last told" in board(harness, crisis)
    assert "next update promised by" in board(harness, crisis)
    timeline = str(harness.sender.command("timeline", channel=crisis.channel_id).json()["blocks"])
    assert "Customer update #1 v2 approved and published" in timeline
    assert timeline.count("approved and published") == 1

    # The receiver failed the event once (500); it takes the retry: it sees it exactly once.
    deliveries = harness.runtime.deliveries
    assert [r.status for r in receiver.requests] == [500]
    assert deliveries.run_once() == 0  # not yet due again: backing off
    harness.clock.advance(timedelta(seconds=10))
    assert deliveries.run_once() == 1
    assert deliveries.run_until_idle() == 0
    [event] = receiver.accepted()
    assert [r.status for r in receiver.requests] == [500, 204]
    assert receiver.requests[0].webhook_id == event.webhook_id
    assert event.payload["type"] == "customer_update.published"
    update = event.payload["data"]["update"]
    assert (update["number"], update["version"]) == (1, 2)
    assert sorted(update["touch_points"]) == ["email", "in_app_banner", "status_page"]
    assert update["next_update_by"] == "2026-11-25T09:30:00Z"
    assert len(update["texts"]["in_app_banner"]) <= 140
    assert update["texts"]["status_page"].startswith("What happened\nSome card payments")

    # An approved update never changes: the v1 sent back can't be revised any more.
    before = len(harness.fake.calls_to("views.open"))
    revise_from(harness, dm)
    harness.settle()
    assert len(harness.fake.calls_to("views.open")) == before
    assert any(
        "was approved and published; it can't change" in t
        for t in told(harness, "U002", dm.channel)
    )


def test_resolving_owes_the_receiver_one_crisis_resolved_event(comms: Comms):
    harness, receiver = comms.harness, comms.receiver
    crisis = declared_crisis(harness)
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.command("resolve", channel=crisis.channel_id)
    view = opened_view(harness, before)
    answers = {
        "resolution_how": "Duplicate captures stopped.",
        "resolution_compensation": "None",
        "impact_direction": "positive",
        "highlight": "Status page: fixed.",
    }
    assert submit(harness, view, answers) is None
    assert harness.sender.submit_view(view, answers).status == 200  # Slack retries: no second event
    harness.settle()
    # Written with the resolution and delivered right after its commit.
    assert harness.runtime.deliveries.run_until_idle() == 0
    [event] = receiver.accepted()
    assert event.payload["type"] == "crisis.resolved"
    assert event.payload["data"]["crisis"]["resolved_at"] == "2026-11-25T09:00:00Z"


def test_the_preview_shows_each_touch_point_within_its_limit(comms: Comms):
    harness = comms.harness
    crisis = declared_crisis(harness)
    form = open_tell_form(harness, crisis)
    long_story = "Card payments were charged twice at checkout. " * 20
    answer = submit_form(
        harness,
        form,
        {
            "comms_what_happened": long_story.strip(),
            "comms_what_it_means": "A second charge.",
            "comms_what_we_do": "Refunding.",
            "comms_meanwhile": "Pay by bank transfer.",
            "comms_touch_points": [
                "status_page",
                "email",
                "in_app_banner",
                "social_media",
                "call_centre",
            ],
            "comms_next_update": int((harness.clock() + timedelta(minutes=20)).timestamp()),
        },
    )
    preview = preview_of(answer)
    text = str(preview["blocks"])
    for heading in ("Status page", "E-mail", "In-app banner", "Social media", "Call centre"):
        assert heading in text
    assert "/140 characters" in text and "/280 characters" in text
    counts = [int(part.split("/")[0].rsplit(" ", 1)[-1]) for part in text.split(" characters")[:-1]]
    assert counts and all(count <= 280 for count in counts)
    assert "Next update by 09:20 UTC." in text


def revise_from(harness: Harness, dm: Any) -> None:
    """Click "Revise the update" in the author's DM."""
    revise = dm.blocks[-1]["elements"][0]
    answer = harness.sender.click(
        revise["action_id"],
        value=revise["value"],
        user="U002",
        channel=dm.channel,
        message_ts=dm.ts,
    )
    assert answer.status == 200
