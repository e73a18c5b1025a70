"""Workspace B can't read or change workspace A's offers, programmes or check-ins by their ids."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

from sqlmodel import Session, select

from bot.insight.model import SegmentDraft, TouchPoint
from bot.trust.outreach import ProgrammeDraft
from storage.tables import CrisisRow
from storage.trust_tables import OfferRow, ProgrammeRow
from tests.handlers.declaring import DEFAULT_ANSWERS
from tests.handlers.walking import submit
from tests.harness import Harness
from tests.trust.compensating import offer_form, open_register
from tests.workspaces.installing import OTHER_TEAM, declare_in, sender_for
from tests.workspaces.test_isolation import told
from tests.workspaces.test_many_workspaces import two_workspaces


def test_forged_trust_ids_from_another_workspace_are_refused(
    make_harness: Callable[..., Harness],
):
    harness = two_workspaces(make_harness)
    segment = harness.runtime.services.insight.save(
        "T0001",
        SegmentDraft("Key accounts", 40, 10.0, (TouchPoint.ACCOUNT_MANAGER,), "U001"),
    )
    general = harness.fake.channel_by_name("general")
    assert general is not None
    answers = {**DEFAULT_ANSWERS, "segments": [str(segment.id)]}
    declare_in(harness, harness.sender, user="U001", channel=general.id, **answers)
    with Session(harness.runtime.engine) as session:
        crisis = session.exec(select(CrisisRow)).one()
    form = offer_form(harness, open_register(harness, crisis))
    offer = {"offer_segment": str(segment.id), "offer_amount": "10", "offer_kind": "refund"}
    assert submit(harness, form, offer) is None
    plan = ProgrammeDraft(segment.id, None, (), None, harness.clock() + timedelta(days=2), "Sorry.")
    outreach = harness.runtime.services.outreach
    saved = outreach.save("T0001", crisis.id or 0, plan, by="U001", programme_id=None)
    assert (saved.owner_id, saved.target) == ("U001", 40)
    with Session(harness.runtime.engine) as session:
        [row] = session.exec(select(OfferRow)).all()
        [programme] = session.exec(select(ProgrammeRow)).all()

    b = sender_for(harness, OTHER_TEAM)
    opened = len(harness.fake.calls_to("views.open")) + len(harness.fake.calls_to("views.push"))
    assert b.click("trust_offer_advance", value=f"{row.id}:approved", user="U201").status == 200
    assert b.click("trust_compensation_open", value=str(crisis.id), user="U201").status == 200
    assert b.click("trust_outreach_report", value=str(programme.id), user="U201").status == 200
    forged = {"id": "VFORGED2", "callback_id": "trust_offer", "blocks": form["blocks"],
              "private_metadata": json.dumps({"crisis": crisis.id, "offer": row.id})}  # fmt: skip
    refused = b.submit_view(forged, offer, user="U201").json()
    harness.settle()

    assert refused["response_action"] == "errors"
    assert "no longer exists" in str(refused["errors"])
    after = len(harness.fake.calls_to("views.open")) + len(harness.fake.calls_to("views.push"))
    assert after == opened
    with Session(harness.runtime.engine) as session:
        assert session.exec(select(OfferRow)).one().state == "proposed"
    messages = told(harness, "U201")
    assert sum("no longer exists" in m for m in messages) == 3, messages
