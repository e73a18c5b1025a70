"""What people noticed in the playbook flows, each fixed and driven through signed requests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from storage.reminder_tables import ReminderRow
from tests.handlers.declaring import block_text
from tests.handlers.test_closing import open_command_modal
from tests.handlers.walking import (
    MIXED,
    board,
    channel_texts,
    declared_crisis,
    open_step,
    opened_view,
    submit,
)
from tests.harness import Harness
from tests.insight.test_insight_in_slack import seed

DEFAULT_PLAYBOOK = Path(__file__).resolve().parents[2] / "bot" / "default_playbook.toml"
FIX = {
    "fix_short_term": "Disable the retry job",
    "fix_meanwhile": "Status page updates hourly",
    "fix_long_term": "Idempotent capture",
    "impact_direction": "unknown",
}


def block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def test_refocus_asks_for_alternatives_and_preparing_customers_for_delays(harness: Harness):
    crisis = declared_crisis(harness)
    view = open_step(harness, crisis, "refocus")
    text = block_text(view["blocks"])
    assert "most value right now" in text
    assert "other products or services they can use" in text
    assert "prepare them for delays" in text


def test_every_decision_modal_preselects_the_crisis_segments(harness: Harness):
    segments = seed(harness)
    smb = segments["SMB merchants"]
    crisis = declared_crisis(harness, segments=[str(smb)])
    harness.fake.add_message(crisis.channel_id, "U002", "Refund every SMB merchant today")
    message = harness.fake.messages(crisis.channel_id)[-1]

    before = len(harness.fake.calls_to("views.open"))
    harness.sender.command("decide Refund", channel=crisis.channel_id)
    from_command = opened_view(harness, before)
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.click(
        "crisis_log_decision",
        value=str(crisis.id),
        channel=crisis.channel_id,
        message_ts=crisis.board_ts,
    )
    from_board = opened_view(harness, before)
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.message_shortcut(
        "crisis_log_decision_shortcut",
        channel=crisis.channel_id,
        message_ts=message.ts,
        text=message.text,
    )
    from_shortcut = opened_view(harness, before)
    from_step = open_step(harness, crisis, "reset")

    for view in (from_command, from_board, from_shortcut, from_step):
        chosen = block(view, "impact_segments")["element"].get("initial_options") or []
        assert [option["value"] for option in chosen] == [str(smb)], view["callback_id"]


def test_fix_promises_no_time_until_the_lead_sets_one(harness: Harness):
    crisis = declared_crisis(harness)
    view = open_step(harness, crisis, "fix")
    eta = block(view, "fix_customer_eta")
    assert eta["label"]["text"] == "Fix time we promise customers"
    assert "promise" in eta["hint"]["text"] and eta["optional"] is True
    assert "initial_date_time" not in eta["element"]

    assert submit(harness, view, FIX) is None
    assert "Fix promised to customers" not in board(harness, crisis)
    assert (
        "*Fix time promised to customers*\nNot promised yet" in channel_texts(harness, crisis)[-1]
    )
    with Session(harness.runtime.engine) as session:
        kinds = session.exec(
            select(ReminderRow.kind).where(ReminderRow.crisis_id == crisis.id)
        ).all()
    assert "customer_eta" not in kinds


def test_a_mixed_impact_without_mitigation_is_refused_in_words_about_mixed_impact(
    harness: Harness,
):
    crisis = declared_crisis(harness)
    view = open_command_modal(harness, crisis, "decide Pause emails")
    answer = submit(harness, view, {"decision_text": "Pause emails", "impact_direction": "mixed"})
    assert answer is not None
    message = answer["errors"]["mitigation"]
    assert "mixed" in message and "hurts customers:" not in message
    assert submit(harness, view, {"decision_text": "Pause emails", **MIXED}) is None


def test_the_review_step_due_after_sets_the_review_date(
    make_harness: Callable[..., Harness], tmp_path: Path
):
    playbook = tmp_path / "playbook.toml"
    default = DEFAULT_PLAYBOOK.read_text()
    review_step = 'key = "review"\ntitle = "Review"'
    assert review_step in default
    head, tail = default.split(review_step)
    playbook.write_text(
        head + review_step + tail.replace('due_after = "3d"', 'due_after = "5d"', 1)
    )
    harness = make_harness(playbook_path=playbook)
    crisis = declared_crisis(harness, severity="sev3")
    view = open_command_modal(harness, crisis, "resolve")
    resolution = {
        "resolution_how": "Fixed",
        "resolution_compensation": "None needed",
        "impact_direction": "unknown",
    }
    assert submit(harness, view, resolution) is None
    review_at = int((harness.clock() + timedelta(days=5)).timestamp())
    announcement = next(t for t in channel_texts(harness, crisis) if "review is scheduled" in t)
    assert f"<!date^{review_at}^" in announcement
    assert f"due <!date^{review_at}^" in board(harness, crisis)
