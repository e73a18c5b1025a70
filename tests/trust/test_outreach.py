"""Outreach programmes through Slack: defaults from the segment, progress, reminders, the review."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from bot.reminders.model import ReminderKind
from storage.review_export import main as export_review
from storage.tables import CrisisRow
from storage.trust_tables import ProgrammeRow
from tests.handlers.walking import board, opened_view, submit
from tests.harness import Harness, eventually
from tests.reminders.test_delivery import deliver, pending, reminder_posts
from tests.trust.compensating import crisis_on_segments, register_text, resolve

MESSAGE = "We are sorry: double charges are refunded by Friday; call us with any question."


def open_outreach(harness: Harness, crisis: CrisisRow, *, user: str = "U001") -> dict[str, Any]:
    before = len(harness.fake.calls_to("views.open"))
    answer = harness.sender.command("outreach", user=user, channel=str(crisis.channel_id))
    assert answer.status == 200 and answer.body == "", answer.body
    return opened_view(harness, before)


def pushed_after(harness: Harness, before: int, previous: dict[str, Any]) -> dict[str, Any]:
    view = eventually(lambda: harness.fake.calls_to("views.push")[before:])[0].response["view"]
    return {**view, "previous_view_id": previous["id"]}


def start_programme(
    harness: Harness, crisis: CrisisRow, answers: dict[str, Any]
) -> dict[str, Any] | None:
    listing = open_outreach(harness, crisis)
    before = len(harness.fake.calls_to("views.push"))
    harness.sender.click("trust_programme_add", value=str(crisis.id), view=listing)
    form = pushed_after(harness, before, listing)
    due = int((harness.clock() + timedelta(days=3)).timestamp())
    defaults = {"programme_due": due, "programme_message": MESSAGE}
    return submit(harness, form, {**defaults, **answers})


def report(
    harness: Harness, programme_id: int, contacted: str, notes: str = "", *, user: str = "U001"
) -> dict[str, Any] | None:
    listing = open_outreach(harness, harness_crisis(harness), user=user)
    before = len(harness.fake.calls_to("views.push"))
    harness.sender.click("trust_outreach_report", value=str(programme_id), view=listing, user=user)
    form = pushed_after(harness, before, listing)
    return submit(harness, form, {"report_contacted": contacted, "report_notes": notes}, user=user)


def harness_crisis(harness: Harness) -> CrisisRow:
    with Session(harness.runtime.engine) as session:
        return session.exec(select(CrisisRow)).one()


def programmes(harness: Harness) -> list[ProgrammeRow]:
    with Session(harness.runtime.engine) as session:
        return list(session.exec(select(ProgrammeRow).order_by(col(ProgrammeRow.id))).all())


def test_a_programme_takes_the_segments_defaults_and_refuses_progress_past_its_target(
    harness: Harness, tmp_path: Path
):
    crisis, ids = crisis_on_segments(harness, tmp_path)
    enterprise = str(ids["Enterprise merchants (EU)"])
    refused = start_programme(harness, crisis, {"programme_segment": str(ids["Dormant trials"])})
    assert refused is not None
    assert (
        "not reached by account managers or the call centre"
        in (refused["errors"]["programme_segment"])
    )
    refused = start_programme(
        harness, crisis, {"programme_segment": enterprise, "programme_target": "421"}
    )
    assert refused is not None
    assert refused["errors"]["programme_target"] == (
        "Enterprise merchants (EU) has 420 customers: aim at most that."
    )
    past = int((harness.clock() - timedelta(hours=1)).timestamp())
    refused = start_programme(
        harness, crisis, {"programme_segment": enterprise, "programme_due": past}
    )
    assert refused is not None and "ahead" in refused["errors"]["programme_due"]
    assert start_programme(harness, crisis, {"programme_segment": enterprise}) is None
    [row] = programmes(harness)
    assert (row.owner_id, row.touch_points, row.target, row.contacted) == (
        "U001",
        ["account_manager"],
        420,
        0,
    )
    assert row.message == MESSAGE

    assert report(harness, row.id or 0, "400", "Most are relieved; two want a call.") is None
    refused = report(harness, row.id or 0, "21")
    assert refused is not None
    assert refused["errors"]["report_contacted"] == (
        "400 of 420 are already contacted: report at most 20 more."
    )
    outsider = report(harness, row.id or 0, "1", user="U003")
    assert outsider is not None
    assert "Only the programme's owner or the crisis lead" in str(outsider["errors"])
    assert programmes(harness)[0].contacted == 400
    listing = open_outreach(harness, crisis)
    before = len(harness.fake.calls_to("views.push"))
    harness.sender.click("trust_programme_edit", value=str(row.id), view=listing)
    edit = pushed_after(harness, before, listing)
    refused = submit(harness, edit, {"programme_target": "399"})
    assert refused is not None
    assert refused["errors"]["programme_target"] == (
        "400 customers are already contacted: aim at least that many."
    )
    assert pending(harness, ReminderKind.OUTREACH_DUE)
    assert report(harness, row.id or 0, "20") is None
    assert programmes(harness)[0].contacted == 420
    assert pending(harness, ReminderKind.OUTREACH_DUE) == []
    text = board(harness, crisis)
    assert "Enterprise merchants (EU): `▓▓▓▓▓▓▓▓▓▓ 420 of 420 contacted (100%)`" in text
    assert ":white_check_mark: done" in text
    listing = open_outreach(harness, crisis)
    assert "Report progress" not in register_text(harness, listing["id"])


def test_an_unfinished_programme_reminds_its_owner_once_per_period_and_shows_overdue(
    harness: Harness, tmp_path: Path
):
    crisis, ids = crisis_on_segments(harness, tmp_path)
    resolve(harness, crisis)
    everyone = str(ids["Everyone on Earth"])
    assert start_programme(harness, crisis, {"programme_segment": everyone}) is None
    [row] = programmes(harness)
    assert (row.owner_id, row.target) == ("U003", 2_000_000_000)

    def outreach_posts() -> list[Any]:
        return [c for c in reminder_posts(harness) if "Outreach to" in str(c.args.get("text"))]

    deliver(harness)
    assert outreach_posts() == []
    for day in range(1, 4):
        harness.clock.advance(timedelta(days=1))
        deliver(harness)
        deliver(harness)
        assert len(outreach_posts()) == day
    post = outreach_posts()[-1]
    assert "Everyone on Earth" in post.args["text"]
    [button] = [
        e
        for b in post.args["blocks"]
        for e in b.get("elements", [])
        if e.get("action_id") == "trust_outreach_report"
    ]
    assert button["value"] == str(row.id)
    # A week away: still one reminder for the missed periods, not one per day missed.
    harness.clock.advance(timedelta(days=7))
    deliver(harness)
    assert len(outreach_posts()) == 4
    assert report(harness, row.id or 0, "1000", user="U003") is None
    text = board(harness, crisis)
    assert "`░░░░░░░░░░ 1,000 of 2,000,000,000 contacted (0%)`" in text
    assert ":red_circle: *overdue*" in text


def test_the_review_document_has_an_outreach_table_with_progress_bars(
    harness: Harness, tmp_path: Path
):
    crisis, ids = crisis_on_segments(harness, tmp_path)
    enterprise = str(ids["Enterprise merchants (EU)"])
    answers = {"programme_segment": enterprise, "programme_target": "200"}
    assert start_programme(harness, crisis, answers) is None
    [row] = programmes(harness)
    harness.clock.advance(timedelta(hours=5))
    assert report(harness, row.id or 0, "50", "They want the refund date in writing.") is None
    out = tmp_path / "review.md"
    url = harness.runtime.settings.database_url
    assert export_review([str(crisis.id), "--out", str(out), "--database-url", url]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    start = lines.index("## Outreach programmes")
    assert lines[start + 2 : start + 10] == [
        "| Segment | Touch points | Owner | Due | Progress | Status |",
        "| --- | --- | --- | --- | --- | --- |",
        "| Enterprise merchants (EU) | account manager | U001 | 2026-11-28 09:00 UTC "
        "| ▓▓░░░░░░░░ 50 of 200 contacted (25%) | open |",
        "",
        "### What customers said",
        "",
        "- 2026-11-25 14:00 UTC, U001, Enterprise merchants (EU): 50 contacted. "
        "They want the refund date in writing.",
        "",
    ]
