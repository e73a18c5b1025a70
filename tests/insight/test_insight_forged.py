"""Customer insight in Slack: forged payloads, long lists, and the live exposure line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.insight.model import SegmentDraft, TouchPoint
from tests.handlers.declaring import DEFAULT_ANSWERS, block_text, open_form
from tests.handlers.walking import submit
from tests.harness import Harness, eventually
from tests.insight.test_insight_in_slack import SEGMENT, insight_list, pushed, rows, seed


def other_workspace_segment(harness: Harness) -> int:
    """A segment of workspace T0002, saved through the service as its own Slack would."""
    saved = harness.runtime.services.insight.save(
        "T0002",
        SegmentDraft("Their VIPs", 7, 50.0, (TouchPoint.EMAIL,), "U777", "theirs"),
    )
    return saved.id


def with_option(view: dict[str, Any], block_id: str, value: str) -> dict[str, Any]:
    """The view as a forger would send it: one more option in an input's element."""
    extra = {"text": {"type": "plain_text", "text": value}, "value": value}
    blocks = [
        {**b, "element": {**b["element"], "options": [*b["element"]["options"], extra]}}
        if b.get("block_id") == block_id
        else b
        for b in view["blocks"]
    ]
    return {**view, "blocks": blocks}


def add_form(harness: Harness) -> dict[str, Any]:
    listing = insight_list(harness)
    before = len(harness.fake.calls_to("views.push"))
    harness.sender.click("crisis_segment_add", value="new", view=listing)
    return {**pushed(harness, before), "previous_view_id": listing["id"]}


def test_a_forged_form_cannot_change_another_workspaces_segment(harness: Harness):
    theirs = other_workspace_segment(harness)
    form = add_form(harness)

    forged = {**form, "private_metadata": json.dumps({"segment": theirs})}
    refused = submit(harness, forged, SEGMENT)
    assert refused is not None and "no longer exists" in refused["errors"]["segment_name"]

    forged = {**form, "private_metadata": json.dumps({"segment": "1; drop table"})}
    refused = submit(harness, forged, SEGMENT)
    assert refused is not None and "out of date" in refused["errors"]["segment_name"]

    forged = with_option(form, "segment_touch_points", "carrier_pigeon")
    refused = submit(harness, forged, {**SEGMENT, "segment_touch_points": ["carrier_pigeon"]})
    assert refused is not None
    assert "from the list" in refused["errors"]["segment_touch_points"]

    [row] = rows(harness)
    assert (row.team_id, row.name, row.customers, row.notes) == ("T0002", "Their VIPs", 7, "theirs")


def test_removing_a_missing_or_foreign_segment_says_so_and_removes_nothing(harness: Harness):
    theirs = other_workspace_segment(harness)
    listing = insight_list(harness)
    for value in (str(theirs), "not-a-number"):
        answer = harness.sender.click("crisis_segment_remove", value=value, view=listing)
        assert answer.status == 200
    harness.settle()
    told = [m.text for m in harness.fake.dms("U001")]
    assert any("already removed" in text for text in told), told
    assert any("Run `/crisis insight` again" in text for text in told), told
    assert [row.name for row in rows(harness)] == ["Their VIPs"]


def test_a_long_list_is_paged_within_slacks_block_limit(harness: Harness, tmp_path: Path):
    csv = tmp_path / "many.csv"
    csv.write_text(
        "name,customers,revenue_share,touch_points,owner,notes\n"
        + "".join(f"Segment {n:02},{n},2,email,U001,\n" for n in range(1, 46))
    )
    seed(harness, csv)
    listing = insight_list(harness)
    assert len(listing["blocks"]) <= 100
    first = block_text(listing["blocks"])
    assert "Segment 01" in first and "Segment 30" in first and "Segment 31" not in first
    assert "Page 1 of 2" in first

    before = len(harness.fake.calls_to("views.update"))
    page_two = next(
        e
        for b in listing["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"].startswith("crisis_segment_page_")
    )
    harness.sender.click(page_two["action_id"], value=page_two["value"], view=listing)
    update = eventually(lambda: harness.fake.calls_to("views.update")[before:])[0]
    second = block_text(update.args["view"]["blocks"])
    assert update.args["view_id"] == listing["id"]
    assert "Segment 31" in second and "Segment 45" in second and "Segment 30" not in second
    assert "Page 2 of 2" in second


def test_choosing_segments_redraws_only_the_exposure_line(harness: Harness):
    ids = seed(harness)
    view = open_form(harness)
    before = len(harness.fake.calls_to("views.update"))
    chosen = [str(ids["SMB merchants"]), str(ids["Enterprise merchants (EU)"])]
    assert harness.sender.choose(view, "segments", chosen).status == 200
    harness.settle()
    [update] = harness.fake.calls_to("views.update")[before:]
    assert (update.args["view_id"], update.args["hash"]) == (view["id"], view["hash"])
    sent = update.args["view"]["blocks"]
    assert [b.get("block_id") for b in sent] == [b.get("block_id") for b in view["blocks"]]
    changed = [b["block_id"] for b, old in zip(sent, view["blocks"], strict=True) if b != old]
    assert changed == ["segments_exposure"]
    assert (
        "*Exposure:* 12,220 customers · 65.5% of revenue · touch points: "
        "account manager, status page, email, support line, in app banner"
    ) in block_text(sent)

    # A forged action naming a block the modal doesn't have changes nothing.
    forged = {
        **view,
        "blocks": [
            {**b, "block_id": "impact_segments"} if b.get("block_id") == "segments" else b
            for b in view["blocks"]
        ],
    }
    tried = len(harness.fake.calls_to("views.update", include_failed=True))
    assert harness.sender.choose(forged, "impact_segments", chosen).status == 200
    harness.settle()
    assert len(harness.fake.calls_to("views.update", include_failed=True)) == tried


def test_an_unknown_segment_in_the_declare_modal_is_a_field_error(harness: Harness):
    seed(harness)
    theirs = other_workspace_segment(harness)
    view = with_option(open_form(harness), "segments", str(theirs))
    answer = harness.sender.submit_view(view, {**DEFAULT_ANSWERS, "segments": [str(theirs)]})
    assert answer.status == 200
    assert "no longer exists" in answer.json()["errors"]["segments"]
    assert harness.fake.calls_to("conversations.create") == []
