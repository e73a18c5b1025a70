"""Customer insight through Slack: managed in modals, offered in every assessment with exposure."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from storage.decision_tables import DecisionRow
from storage.insight_import import main as import_csv
from storage.insight_tables import SegmentRow
from storage.tables import CrisisRow
from tests.handlers.declaring import DEFAULT_ANSWERS, block_text, open_form
from tests.handlers.walking import NEGATIVE, board, channel_texts, opened_view, submit
from tests.harness import Harness, eventually

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "segments.csv"
SEGMENT = {
    "segment_name": "Resellers",
    "segment_customers": "75",
    "segment_revenue_share": "9.5",
    "segment_touch_points": ["email", "account_manager"],
    "segment_owner": "U003",
}


def rows(harness: Harness) -> list[SegmentRow]:
    with Session(harness.runtime.engine) as session:
        return list(session.exec(select(SegmentRow).order_by(SegmentRow.name_key)).all())


def seed(harness: Harness, csv: Path = EXAMPLE) -> dict[str, int]:
    assert (
        import_csv(
            [
                str(csv),
                "--team",
                "T0001",
                "--database-url",
                harness.runtime.settings.database_url,
            ]
        )
        == 0
    )
    return {row.name: row.id or 0 for row in rows(harness)}


def insight_list(harness: Harness) -> dict:
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.command("insight")
    return opened_view(harness, before)


def pushed(harness: Harness, before: int) -> dict:
    return eventually(lambda: harness.fake.calls_to("views.push")[before:])[0].response["view"]


def latest_list_text(harness: Harness) -> str:
    harness.settle()
    return block_text(harness.fake.calls_to("views.update")[-1].args["view"]["blocks"])


def test_segments_are_added_edited_and_removed_in_modals(harness: Harness):
    listing = insight_list(harness)
    assert "No segments yet" in block_text(listing["blocks"])

    harness.sender.click("crisis_segment_add", value="new", view=listing)
    form = {**pushed(harness, 0), "previous_view_id": listing["id"]}
    refused = submit(harness, form, {**SEGMENT, "segment_customers": "lots"})
    assert "whole number" in refused["errors"]["segment_customers"]
    assert submit(harness, form, SEGMENT) is None
    [row] = rows(harness)
    assert (row.name, row.customers, row.revenue_share, row.owner_id) == (
        "Resellers",
        75,
        9.5,
        "U003",
    )
    assert set(row.touch_points) == {"email", "account_manager"}
    assert "*Resellers* · 75 customers · 9.5% of revenue" in latest_list_text(harness)

    listing = insight_list(harness)
    harness.sender.click("crisis_segment_edit", value=str(row.id), view=listing)
    form = {**pushed(harness, 1), "previous_view_id": listing["id"]}
    name_block = next(b for b in form["blocks"] if b["block_id"] == "segment_name")
    assert name_block["element"]["initial_value"] == "Resellers"
    assert submit(harness, form, {"segment_customers": "80"}) is None
    assert rows(harness)[0].customers == 80

    harness.sender.click("crisis_segment_remove", value=str(row.id), view=listing)
    harness.settle()
    assert rows(harness) == []
    assert "No segments yet" in latest_list_text(harness)


def test_bad_segments_are_refused_field_by_field(harness: Harness):
    seed(harness)
    listing = insight_list(harness)
    harness.sender.click("crisis_segment_add", value="new", view=listing)
    form = pushed(harness, 0)
    refused = submit(harness, form, {**SEGMENT, "segment_name": "smb MERCHANTS"})
    assert "already a segment called" in refused["errors"]["segment_name"]
    refused = submit(harness, form, {**SEGMENT, "segment_revenue_share": "20"})
    assert "over 100%" in refused["errors"]["segment_revenue_share"]
    assert len(rows(harness)) == 3
    gone = harness.sender.click("crisis_segment_edit", value="99999", view=listing)
    assert gone.status == 200


def test_declaring_with_segments_shows_their_exposure_on_the_board(harness: Harness):
    ids = seed(harness)
    view = open_form(harness)
    picker = next(b for b in view["blocks"] if b.get("block_id") == "segments")
    assert len(picker["element"]["options"]) == 3
    chosen = [str(ids["SMB merchants"]), str(ids["Marketplaces"])]
    harness.sender.choose(view, "segments", chosen)
    harness.settle()
    updated = harness.fake.calls_to("views.update")[-1].args["view"]
    assert "11,980 customers · 46.5% of revenue" in block_text(updated["blocks"])
    assert harness.sender.submit_view(view, {**DEFAULT_ANSWERS, "segments": chosen}).body == ""
    harness.settle()
    with Session(harness.runtime.engine) as session:
        crisis = session.exec(select(CrisisRow)).one()
    assert sorted(crisis.segment_ids) == sorted(int(i) for i in chosen)
    text = board(harness, crisis)
    assert "*Customers exposed*" in text and "11,980 customers · 46.5% of revenue" in text
    assert "support line" in text and "call centre" in text


def test_every_assessment_offers_the_segments_and_refuses_unknown_ones(harness: Harness):
    ids = seed(harness)
    view = open_form(harness)
    harness.sender.submit_view(view, DEFAULT_ANSWERS)
    harness.settle()
    with Session(harness.runtime.engine) as session:
        crisis = session.exec(select(CrisisRow)).one()
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.command("decide Refund everyone today", channel=crisis.channel_id)
    decision = opened_view(harness, before)
    assert any(b.get("block_id") == "impact_segments" for b in decision["blocks"])
    enterprise = str(ids["Enterprise merchants (EU)"])
    forged = {
        **decision,
        "blocks": [
            {
                **b,
                "element": {
                    **b["element"],
                    "options": b["element"]["options"]
                    + [{"text": {"type": "plain_text", "text": "Ghost"}, "value": "424242"}],
                },
            }
            if b.get("block_id") == "impact_segments"
            else b
            for b in decision["blocks"]
        ],
    }
    refused = submit(
        harness, forged, {"decision_text": "Refund", "impact_segments": ["424242"], **NEGATIVE}
    )
    assert "no longer exists" in refused["errors"]["impact_segments"]
    assert (
        submit(
            harness,
            decision,
            {"decision_text": "Refund everyone today", "impact_segments": [enterprise], **NEGATIVE},
        )
        is None
    )
    with Session(harness.runtime.engine) as session:
        [row] = session.exec(select(DecisionRow)).all()
    assert row.segment_ids == [int(enterprise)]
    card = channel_texts(harness, crisis)[-1]
    assert (
        "Segments: Enterprise merchants (EU)" in card and "420 customers · 38.5% of revenue" in card
    )
