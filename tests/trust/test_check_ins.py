"""Trust check-ins through Slack: at each configured time once, recorded per segment, and the
lessons they leave shown in the next crisis's assessment."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.clock import as_utc
from bot.reminders.model import ReminderKind
from storage.review_export import main as export_review
from storage.tables import CrisisRow
from tests.handlers.declaring import block_text
from tests.handlers.walking import (
    MIXED,
    declared_crisis,
    eta_in,
    open_step,
    opened_view,
    submit,
)
from tests.harness import Harness
from tests.insight.test_insight_in_slack import insight_list
from tests.reminders.test_delivery import deliver, pending, reminder_posts
from tests.trust.compensating import crisis_on_segments, propose, resolve

DEFAULT_PLAYBOOK = Path(__file__).resolve().parents[2] / "bot" / "default_playbook.toml"
CHECK_IN = {
    "check_in_complaints": "5",
    "check_in_customers_lost": "3",
    "check_in_satisfaction_before": "8",
    "check_in_satisfaction_after": "6.5",
    "check_in_saying": "Refunds were slow; the calls helped.",
    "check_in_change": "Refund double charges within 24h.",
}


def open_check_in(harness: Harness, crisis: CrisisRow) -> dict[str, Any]:
    before = len(harness.fake.calls_to("views.open"))
    answer = harness.sender.command("checkin", channel=str(crisis.channel_id))
    assert answer.status == 200 and answer.body == "", answer.body
    return opened_view(harness, before)


def check_in_posts(harness: Harness) -> list[str]:
    return [
        str(c.args["text"])
        for c in reminder_posts(harness)
        if "Trust check-in" in str(c.args.get("text")) and c.args["channel"].startswith("C")
    ]


def test_each_configured_check_in_fires_once_at_its_time(
    make_harness: Callable[..., Harness], tmp_path: Path
):
    playbook = tmp_path / "playbook.toml"
    text = DEFAULT_PLAYBOOK.read_text(encoding="utf-8")
    playbook.write_text(text.replace("# check_ins = ", "check_ins = "), encoding="utf-8")
    harness = make_harness(playbook_path=playbook)
    crisis, _ = crisis_on_segments(harness, tmp_path)
    resolve(harness, crisis)
    subjects = sorted(r.subject for r in pending(harness, ReminderKind.TRUST_FOLLOW_UP))
    assert subjects == ["30d", "7d", "90d"]
    for days, expected in ((6, 0), (1, 1), (22, 1), (1, 2), (59, 2), (1, 3), (200, 3)):
        harness.clock.advance(timedelta(days=days))
        deliver(harness)
        deliver(harness)
        assert len(check_in_posts(harness)) == expected, days
    texts = check_in_posts(harness)
    assert [t.split(",")[1].split(" after")[0].strip() for t in texts] == ["7d", "30d", "90d"]
    [post] = [c for c in reminder_posts(harness) if c.args["text"] == texts[0]][:1]
    values = [e.get("value") for b in post.args["blocks"] for e in b.get("elements", [])]
    assert f"{crisis.id}:7d" in values


def test_the_default_playbook_keeps_one_check_in_thirty_days_after_resolution(
    harness: Harness, tmp_path: Path
):
    crisis, _ = crisis_on_segments(harness, tmp_path)
    resolve(harness, crisis)
    [reminder] = pending(harness, ReminderKind.TRUST_FOLLOW_UP)
    assert reminder.subject == "30d"
    assert reminder.due_at.replace(tzinfo=None) == (harness.clock() + timedelta(days=30)).replace(
        tzinfo=None
    )


def walk_to_resolution(harness: Harness, tmp_path: Path) -> tuple[CrisisRow, dict[str, int]]:
    """A crisis on three segments: fix promised in 3 h, resolved after 5 h, an offer made."""
    crisis, ids = crisis_on_segments(harness, tmp_path)
    fix = {
        "fix_short_term": "Disable retry job",
        "fix_customer_eta": eta_in(harness, 3),
        "fix_meanwhile": "Hourly updates",
        "fix_long_term": "Idempotent capture",
        **MIXED,
    }
    assert submit(harness, open_step(harness, crisis, "fix"), fix) is None
    enterprise = str(ids["Enterprise merchants (EU)"])
    assert propose(harness, crisis, {"offer_segment": enterprise, "offer_amount": "10"}) is None
    harness.clock.advance(timedelta(hours=5))
    resolve(harness, crisis)
    harness.clock.advance(timedelta(days=30))
    return crisis, ids


def test_a_check_in_is_recorded_once_per_segment_and_refuses_bad_answers(
    harness: Harness, tmp_path: Path
):
    crisis, ids = walk_to_resolution(harness, tmp_path)
    enterprise = str(ids["Enterprise merchants (EU)"])
    form = open_check_in(harness, crisis)
    chosen = next(b for b in form["blocks"] if b.get("block_id") == "check_in")
    assert chosen["element"]["initial_option"]["value"] == "30d"

    def answer(**changes: str) -> dict[str, Any] | None:
        return submit(harness, form, {**CHECK_IN, "check_in_segment": enterprise, **changes})

    refused = answer(check_in_customers_lost="421")
    assert refused is not None
    assert refused["errors"]["check_in_customers_lost"] == (
        "Enterprise merchants (EU) has 420 customers: at most that many were lost."
    )
    refused = answer(check_in_satisfaction_after="11")
    assert refused is not None
    assert refused["errors"]["check_in_satisfaction_after"] == (
        "A score on the 0-10 scale is from 0 to 10."
    )
    refused = answer(check_in_action_owner="U002")
    assert refused is not None
    assert "both an owner and a due date" in refused["errors"]["check_in_action_due"]
    due = (harness.clock() + timedelta(days=14)).strftime("%Y-%m-%d")
    assert answer(check_in_action_owner="U002", check_in_action_due=due) is None
    again = answer()
    assert again is not None
    assert again["errors"]["check_in_segment"] == (
        "The 30d check-in of Enterprise merchants (EU) is already recorded."
    )
    [action] = pending(harness, ReminderKind.ACTION_DUE)
    assert (action.user_id, action.subject.startswith("check-in:")) == ("U002", True)

    out = tmp_path / "review.md"
    url = harness.runtime.settings.database_url
    assert export_review([str(crisis.id), "--out", str(out), "--database-url", url]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    start = lines.index("## Trust check-ins")
    assert lines[start + 2 : start + 5] == [
        "| Check-in | Segment | Complaints | Customers lost | Satisfaction "
        "| What customers say | What we change | Follow-up |",
        "| --- | --- | ---: | ---: | --- | --- | --- | --- |",
        "| 30d | Enterprise merchants (EU) | 5 | 3 | 8 → 6.5 on 0-10 "
        "| Refunds were slow; the calls helped. | Refund double charges within 24h. "
        f"| U002, due {due} 09:00 UTC |",
    ]


def test_the_next_crisis_on_the_segment_sees_its_last_lessons(harness: Harness, tmp_path: Path):
    crisis, ids = walk_to_resolution(harness, tmp_path)
    enterprise = str(ids["Enterprise merchants (EU)"])
    answers = {**CHECK_IN, "check_in_segment": enterprise}
    assert submit(harness, open_check_in(harness, crisis), answers) is None

    later = declared_crisis(harness, title="Payouts are late", segments=[enterprise])
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.command("decide Pause payouts", channel=str(later.channel_id))
    decision = opened_view(harness, before)
    line = next(b for b in decision["blocks"] if b.get("block_id") == "impact_segments_exposure")
    text = block_text([line])
    declared = int(as_utc(crisis.declared_at).timestamp())
    resolved, promised = declared + 5 * 3600, declared + 3 * 3600
    assert (
        "Last crisis on Enterprise merchants (EU): Checkout is double-charging (2026-11, SEV1); "
        f"fix promised <!date^{promised}^" in text
    )
    assert f"delivered <!date^{resolved}^" in text and "(late)" in text
    assert (
        "30d check-in: 3 customers lost, 5 complaints, satisfaction 8 → 6.5 on 0-10; "
        "compensation EUR 4,200.00; customers said: Refunds were slow; the calls helped.; "
        "we change: Refund double charges within 24h." in text
    )
    # Choosing the segment in any assessment shows the same lessons.
    harness.sender.choose(decision, "impact_segments", [enterprise])
    harness.settle()
    updated = harness.fake.calls_to("views.update")[-1].args["view"]
    assert "Last crisis on Enterprise merchants (EU)" in block_text(updated["blocks"])
    # The segment keeps the crisis in its history, shown in the insight registry.
    listing = block_text(insight_list(harness)["blocks"])
    assert ":books: Checkout is double-charging (2026-11, SEV1); fix promised" in listing
    assert listing.count(":books:") == 1


def test_each_chosen_segment_shows_its_own_last_crisis_with_that_crisis_offers(
    harness: Harness, tmp_path: Path
):
    first, ids = crisis_on_segments(harness, tmp_path)
    enterprise, everyone = str(ids["Enterprise merchants (EU)"]), str(ids["Everyone on Earth"])
    assert propose(harness, first, {"offer_segment": enterprise, "offer_amount": "10"}) is None
    assert propose(harness, first, {"offer_segment": everyone, "offer_amount": "1"}) is None
    resolve(harness, first)
    harness.clock.advance(timedelta(days=30))
    for segment in (enterprise, everyone):
        answers = {**CHECK_IN, "check_in_segment": segment}
        assert submit(harness, open_check_in(harness, first), answers) is None
    second = declared_crisis(harness, title="Payouts are late", segments=[everyone])
    assert propose(harness, second, {"offer_segment": everyone, "offer_amount": "2"}) is None
    resolve(harness, second)
    harness.clock.advance(timedelta(days=30))
    answers = {**CHECK_IN, "check_in_segment": everyone, "check_in_complaints": "7"}
    assert submit(harness, open_check_in(harness, second), answers) is None

    third = declared_crisis(harness, title="Refunds are stuck", segments=[enterprise, everyone])
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.command("decide Refund by hand", channel=str(third.channel_id))
    decision = opened_view(harness, before)
    line = next(b for b in decision["blocks"] if b.get("block_id") == "impact_segments_exposure")
    exposure, *notes = [element["text"] for element in line["elements"]]
    assert "Exposure" in exposure
    # One lesson per chosen segment, in the crisis's order, each from that segment's last
    # crisis and with that crisis's offer on that segment only.
    assert [note.split(" (2026")[0] for note in notes] == [
        ":books: Last crisis on Enterprise merchants (EU): Checkout is double-charging",
        ":books: Last crisis on Everyone on Earth: Payouts are late",
    ]
    assert "5 complaints" in notes[0] and "compensation EUR 4,200.00;" in notes[0]
    assert "7 complaints" in notes[1] and "compensation EUR 4,000,000,000.00;" in notes[1]
