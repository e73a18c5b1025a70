"""Forms are built once per state and then reused: a form opened again after the crisis, the
lead or the workspace's segments changed shows the change, never the form it kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storage.tables import CrisisRow
from tests.handlers.declaring import block_text, open_form
from tests.handlers.test_rule_book import RESET, block_ids
from tests.handlers.walking import UNKNOWN, declared_crisis, open_step, opened_view, submit
from tests.harness import Harness
from tests.insight.test_insight_in_slack import seed
from tests.trust.compensating import SEGMENTS_CSV


def command_form(harness: Harness, crisis: CrisisRow, text: str) -> dict[str, Any]:
    """`/crisis <text>` in the crisis channel; the modal it opened."""
    before = len(harness.fake.calls_to("views.open"))
    answer = harness.sender.command(text, channel=str(crisis.channel_id))
    assert answer.status == 200 and answer.body == "", answer.body
    return opened_view(harness, before)


def next_update(view: dict[str, Any]) -> str:
    block = next(b for b in view["blocks"] if b.get("block_id") == "update_next")
    return str(block["element"]["initial_option"]["value"])


def test_the_update_form_follows_the_severity_and_the_reset_form_the_lead(harness: Harness):
    crisis = declared_crisis(harness, severity="sev1")
    assert next_update(command_form(harness, crisis, "update")) == "30m"
    assert next_update(command_form(harness, crisis, "update")) == "30m"
    reset = open_step(harness, crisis, "reset")
    assert "reset_severity" in block_ids(reset)
    assert submit(harness, reset, {**RESET, **UNKNOWN, "reset_severity": "sev3"}) is None
    # The same person, the same button: the crisis is SEV3 now, and the form says so.
    assert next_update(command_form(harness, crisis, "update")) == "1d"

    later = declared_crisis(harness, title="Search is down", severity="sev2")
    assert "reset_severity" in block_ids(open_step(harness, later, "reset"))
    answer = harness.sender.command("lead <@U002>", channel=str(later.channel_id))
    assert answer.status == 200
    harness.settle()
    # U001 is no longer the lead: their Reset form has no severity picker any more.
    assert "reset_severity" not in block_ids(open_step(harness, later, "reset"))
    assert "reset_severity" in block_ids(open_step(harness, later, "reset", user="U002"))


def test_forms_offer_the_segments_added_since_they_were_last_opened(
    harness: Harness, tmp_path: Path
):
    crisis = declared_crisis(harness)
    assert "segments" not in block_ids(open_form(harness))
    decision = command_form(harness, crisis, "decide Refund")
    assert "impact_segments" not in block_ids(decision)
    csv = tmp_path / "segments.csv"
    csv.write_text(SEGMENTS_CSV, encoding="utf-8")
    seed(harness, csv)
    assert "Enterprise merchants (EU)" in block_text(open_form(harness)["blocks"])
    decision = command_form(harness, crisis, "decide Refund")
    assert "Enterprise merchants (EU)" in block_text(decision["blocks"])
    # The text typed after `decide` is part of the form, not of the one kept before.
    other = command_form(harness, crisis, "decide Pause payouts")
    assert "Pause payouts" in str(other["blocks"]) and "Refund" not in str(other["blocks"])
