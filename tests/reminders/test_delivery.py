"""Reminders through the real app: scheduled by the response, delivered once, stopped by it."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from bot.reminders.model import ReminderKind
from storage.reminder_claims import SqlReminderClaims
from storage.reminder_tables import ReminderRow
from tests.handlers.declaring import block_text
from tests.handlers.walking import NEGATIVE, declared_crisis, open_step, opened_view, submit
from tests.harness import Harness

RESET = {
    "reset_products": "Down.",
    "reset_outcomes": "No sales.",
    "reset_expectations": "Soon.",
    "reset_severity": "sev1",
}


# Step-nudge tests declare at SEV3, whose status updates are asked for daily, so that only
# the reminder under test comes due.


def reminder_posts(harness: Harness) -> list:
    return [
        c
        for c in harness.fake.calls_to("chat.postMessage")
        if (c.args.get("metadata") or {}).get("event_type") == "crisis_desk_reminder"
    ]


def pending(harness: Harness, kind: ReminderKind) -> list[ReminderRow]:
    with Session(harness.runtime.engine) as session:
        return list(
            session.exec(
                select(ReminderRow).where(
                    ReminderRow.kind == kind.value, ReminderRow.status == "pending"
                )
            ).all()
        )


def deliver(harness: Harness) -> int:
    return harness.runtime.deliveries.run_until_idle()


def test_an_overdue_step_nudges_its_owner_and_the_channel_once(harness: Harness):
    crisis = declared_crisis(harness, severity="sev3")
    assert {r.subject for r in pending(harness, ReminderKind.STEP_OVERDUE)} == {
        "reset",
        "refocus",
        "fix",
    }
    assert deliver(harness) == 0  # nothing is due yet

    harness.clock.advance(timedelta(hours=1, minutes=1))  # Reset was due after 1h
    assert deliver(harness) == 1
    posts = reminder_posts(harness)
    assert len(posts) == 2  # the channel and the owner's DM
    channel_post = next(p for p in posts if p.args["channel"] == crisis.channel_id)
    assert "*Reset* is overdue" in channel_post.args["text"]
    buttons = str(channel_post.args["blocks"])
    assert "Open step" in buttons and f"{crisis.id}:reset" in buttons and "Snooze 30 min" in buttons
    [dm] = harness.fake.dms("U001")[-1:]
    assert "Reset" in dm.text and dm.metadata["event_payload"]["delivery"]
    assert deliver(harness) == 0  # not twice
    assert len(reminder_posts(harness)) == 2

    # Still overdue half an hour later: nudged again, at the playbook's interval.
    harness.clock.advance(timedelta(minutes=30))
    assert deliver(harness) == 1
    assert len(reminder_posts(harness)) == 4

    # Completing the step stops its nudges.
    view = open_step(harness, crisis, "reset")
    submit(harness, view, {**RESET, **NEGATIVE})
    assert "reset" not in {r.subject for r in pending(harness, ReminderKind.STEP_OVERDUE)}
    harness.clock.advance(timedelta(minutes=31))
    deliver(harness)
    assert not any("*Reset* is overdue" in p.args["text"] for p in reminder_posts(harness)[4:])


def test_a_long_outage_fires_once_not_once_per_missed_period(harness: Harness):
    declared_crisis(harness, severity="sev3")
    harness.clock.advance(timedelta(hours=1, minutes=1) + 10 * timedelta(minutes=30))
    deliver(harness)
    reset_posts = [p for p in reminder_posts(harness) if "*Reset* is overdue" in p.args["text"]]
    assert len(reset_posts) == 2  # one occurrence: channel + DM
    [row] = [r for r in pending(harness, ReminderKind.STEP_OVERDUE) if r.subject == "reset"]
    assert row.due_at.replace(tzinfo=None) > harness.clock().replace(tzinfo=None)


def test_a_failed_post_stays_pending_and_is_retried_after_a_backoff(harness: Harness):
    declared_crisis(harness, severity="sev3")
    harness.clock.advance(timedelta(hours=1, minutes=1))
    harness.fake.fail_next("chat.postMessage", error="internal_error")
    assert deliver(harness) == 0
    [row] = [r for r in pending(harness, ReminderKind.STEP_OVERDUE) if r.subject == "reset"]
    assert row.attempts == 1 and row.not_before is not None
    assert deliver(harness) == 0  # backing off
    harness.clock.advance(timedelta(seconds=6))
    assert deliver(harness) == 1
    sent = [
        (p.args["channel"], p.args["metadata"]["event_payload"]["delivery"])
        for p in reminder_posts(harness)
    ]
    assert len(sent) == len(set(sent)) == 2  # channel and DM, each once


def test_rate_limited_posts_are_retried_after_retry_after(harness: Harness):
    declared_crisis(harness, severity="sev3")
    harness.clock.advance(timedelta(hours=1, minutes=1))
    harness.fake.rate_limit_next("chat.postMessage", retry_after=1)
    assert deliver(harness) == 1
    statuses = [
        c.status
        for c in harness.fake.calls_to("chat.postMessage", include_failed=True)
        if (c.args.get("metadata") or {}).get("event_type") == "crisis_desk_reminder"
    ]
    assert statuses == [429, 200, 200]


def test_a_delivery_whose_owner_died_is_finished_without_posting_twice(harness: Harness):
    declared_crisis(harness, severity="sev3")
    harness.clock.advance(timedelta(hours=1, minutes=1))
    claims = SqlReminderClaims(harness.runtime.engine)
    [reminder] = claims.claim_due(
        owner="dead", now=harness.clock(), lease=timedelta(seconds=60), limit=1
    )
    start = claims.begin_delivery(reminder.id, reminder.due_at, owner="dead", now=harness.clock())
    assert start.state.value == "new"
    # The dead process had posted to the channel (not yet the DM) when it was killed.
    from bot.reminders.model import Nudge, delivery_key
    from handlers.reminders.sender import SlackReminderSender

    sender = SlackReminderSender(harness.runtime.app.client)
    partial = type(reminder)(
        reminder.id,
        type(reminder.spec)(**{**reminder.spec.__dict__, "user_id": None}),
        reminder.status,
    )
    nudge = Nudge(partial, "Checkout is double-charging", None, step_title="Reset")
    sender.deliver(nudge, key=delivery_key(reminder.id, reminder.due_at), in_doubt_since=None)
    assert len(reminder_posts(harness)) == 1

    harness.clock.advance(timedelta(seconds=61))  # the lease expires
    deliver(harness)
    posts = reminder_posts(harness)
    reset_posts = [p for p in posts if "*Reset* is overdue" in p.args["text"]]
    targets = sorted(p.args["channel"] for p in reset_posts)
    assert len(reset_posts) == 2 and len(set(targets)) == 2  # channel once, DM once
    assert harness.fake.calls_to("conversations.history")


def test_snoozing_brings_the_reminder_back_later(harness: Harness):
    crisis = declared_crisis(harness, severity="sev3")
    harness.clock.advance(timedelta(hours=1, minutes=1))
    deliver(harness)
    [row] = [r for r in pending(harness, ReminderKind.STEP_OVERDUE) if r.subject == "reset"]
    answer = harness.sender.click(
        "crisis_reminder_snooze_2h", value=str(row.id), channel=crisis.channel_id
    )
    assert answer.status == 200
    harness.settle()
    told = harness.fake.ephemerals(crisis.channel_id)[-1]
    assert "Snoozed" in told.text
    harness.clock.advance(timedelta(minutes=40))
    assert deliver(harness) == 0
    harness.clock.advance(timedelta(hours=1, minutes=30))
    assert deliver(harness) >= 1


def test_status_updates_are_asked_for_on_the_severity_cadence(harness: Harness):
    crisis = declared_crisis(harness)  # SEV1: every 30 minutes
    harness.clock.advance(timedelta(minutes=31))
    deliver(harness)
    asks = [p for p in reminder_posts(harness) if "status update is due" in p.args["text"]]
    assert len(asks) == 1 and asks[0].args["channel"] == crisis.channel_id

    before = len(harness.fake.calls_to("views.open"))
    harness.sender.command("update", channel=crisis.channel_id)
    view = opened_view(harness, before)
    submit(
        harness,
        view,
        {"update_what_changed": "Rolled back", "update_impact_now": "Fine", "update_next": "1h"},
    )
    harness.clock.advance(timedelta(minutes=45))
    deliver(harness)
    asks = [p for p in reminder_posts(harness) if "status update is due" in p.args["text"]]
    assert len(asks) == 1  # the update reset the clock
    harness.clock.advance(timedelta(minutes=20))
    deliver(harness)
    assert (
        len([p for p in reminder_posts(harness) if "status update is due" in p.args["text"]]) == 2
    )


def test_the_lead_is_reminded_before_the_eta_promised_to_customers(harness: Harness):
    crisis = declared_crisis(harness, severity="sev3")
    view = open_step(harness, crisis, "fix")
    eta = harness.clock() + timedelta(hours=5)
    submit(
        harness,
        view,
        {
            "fix_short_term": "Roll back",
            "fix_customer_eta": int(eta.timestamp()),
            "fix_meanwhile": "Updates",
            "fix_long_term": "Tests",
            **NEGATIVE,
        },
    )
    harness.clock.advance(timedelta(hours=4, minutes=31))
    deliver(harness)
    eta_posts = [
        p for p in reminder_posts(harness) if "fix promised to customers" in p.args["text"]
    ]
    assert len(eta_posts) == 2
    dm_channels = {c.id for c in harness.fake.workspace.channels.values() if c.is_im}
    assert any(p.args["channel"] in dm_channels for p in eta_posts)
    assert "If it slips, tell customers" in block_text(eta_posts[0].args["blocks"])


def test_snoozing_a_cancelled_reminder_says_so(harness: Harness):
    crisis = declared_crisis(harness, severity="sev3")
    [row] = [r for r in pending(harness, ReminderKind.STEP_OVERDUE) if r.subject == "reset"]
    view = open_step(harness, crisis, "reset")
    submit(harness, view, {**RESET, **NEGATIVE})  # completing Reset cancels its nudges
    answer = harness.sender.click(
        "crisis_reminder_snooze_30m", value=str(row.id), channel=crisis.channel_id
    )
    assert answer.status == 200
    harness.settle()
    assert "no longer active" in harness.fake.ephemerals(crisis.channel_id)[-1].text


def test_the_status_reminder_opens_the_update_form_in_one_click(harness: Harness):
    crisis = declared_crisis(harness, title="<!channel> Checkout down")  # SEV1: every 30 minutes
    harness.clock.advance(timedelta(minutes=31))
    deliver(harness)
    (ask,) = [p for p in reminder_posts(harness) if "status update is due" in p.args["text"]]
    assert "<!channel>" not in ask.args["text"] and "&lt;!channel&gt;" in ask.args["text"]
    buttons = [
        element
        for block in ask.args["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]
    (post,) = [b for b in buttons if b["action_id"] == "crisis_post_update"]
    assert post["value"] == str(crisis.id)

    before = len(harness.fake.calls_to("views.open"))
    harness.sender.click("crisis_post_update", value=post["value"], channel=crisis.channel_id)
    view = opened_view(harness, before)
    assert view["callback_id"] == "crisis_update"
