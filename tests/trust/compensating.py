"""Steps shared by the trust tests: segments, a crisis on them, and the compensation modals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from storage.tables import CrisisRow
from storage.trust_tables import OfferRow
from tests.handlers.declaring import block_text
from tests.handlers.test_closing import open_command_modal
from tests.handlers.walking import POSITIVE, declared_crisis, opened_view, submit
from tests.harness import Harness, eventually
from tests.insight.test_insight_in_slack import seed

SEGMENTS_CSV = """name,customers,revenue_share,touch_points,owner,notes
Enterprise merchants (EU),420,38.5,account_manager;status_page;email,U001,
Dormant trials,0,0,email,U002,
Everyone on Earth,2000000000,40,email;call_centre,U003,
"""


def crisis_on_segments(harness: Harness, tmp_path: Path) -> tuple[CrisisRow, dict[str, int]]:
    """Seed three segments and declare a crisis (lead U001) that affects all of them."""
    csv = tmp_path / "segments.csv"
    csv.write_text(SEGMENTS_CSV, encoding="utf-8")
    ids = seed(harness, csv)
    crisis = declared_crisis(harness, segments=[str(i) for i in ids.values()])
    return crisis, ids


def resolve(harness: Harness, crisis: CrisisRow) -> None:
    """The lead resolves the crisis (its response's reminders stop; the trust work goes on)."""
    view = open_command_modal(harness, crisis, "resolve")
    answers = {"resolution_how": "Retry job removed.", "resolution_compensation": "See register"}
    assert submit(harness, view, {**answers, **POSITIVE}) is None


def open_register(harness: Harness, crisis: CrisisRow, *, user: str = "U001") -> dict[str, Any]:
    """`/crisis compensation` in the crisis channel; the register modal."""
    before = len(harness.fake.calls_to("views.open"))
    answer = harness.sender.command("compensation", user=user, channel=str(crisis.channel_id))
    assert answer.status == 200 and answer.body == "", answer.body
    return opened_view(harness, before)


def offer_form(harness: Harness, register: dict[str, Any], *, user: str = "U001") -> dict[str, Any]:
    """Click "Propose an offer" in the register; the form pushed over it."""
    before = len(harness.fake.calls_to("views.push"))
    crisis_id = read_crisis(register)
    harness.sender.click("trust_offer_add", value=str(crisis_id), view=register, user=user)
    pushed = eventually(lambda: harness.fake.calls_to("views.push")[before:])[0]
    return {**pushed.response["view"], "previous_view_id": register["id"]}


def read_crisis(view: dict[str, Any]) -> int:
    """The crisis a modal belongs to."""
    return int(json.loads(view["private_metadata"])["crisis"])


def propose(
    harness: Harness, crisis: CrisisRow, answers: dict[str, Any], *, user: str = "U001"
) -> dict[str, Any] | None:
    """Open the register, propose an offer with `answers`; field errors or None."""
    form = offer_form(harness, open_register(harness, crisis, user=user), user=user)
    return submit(harness, form, {"offer_kind": "service_credit", **answers}, user=user)


def offers(harness: Harness) -> list[OfferRow]:
    """Every offer row, oldest first."""
    with Session(harness.runtime.engine) as session:
        return list(session.exec(select(OfferRow).order_by(col(OfferRow.id))).all())


def register_text(harness: Harness, view_id: str) -> str:
    """The register modal's text as Slack now holds it."""
    harness.settle()
    return block_text(harness.fake.views[view_id]["blocks"])


def buttons(harness: Harness, view_id: str) -> list[tuple[str, str]]:
    """(action_id, value) of every button in the modal as Slack now holds it."""
    harness.settle()
    found = []
    for block in harness.fake.views[view_id]["blocks"]:
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if element.get("type") == "button":
                found.append((element["action_id"], element.get("value", "")))
    return found
