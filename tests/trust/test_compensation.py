"""The compensation register through Slack: offers by segment, their cost, the lead's approval."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session

from storage.review_export import main as export_review
from storage.tables import CrisisRow
from tests.handlers.walking import board, open_step, submit
from tests.harness import Harness
from tests.trust.compensating import (
    buttons,
    crisis_on_segments,
    offer_form,
    offers,
    open_register,
    propose,
    register_text,
)


def advance(
    harness: Harness, register: dict[str, Any], offer_id: int | None, state: str, user: str
) -> None:
    answer = harness.sender.click(
        "trust_offer_advance", value=f"{offer_id}:{state}", view=register, user=user
    )
    assert answer.status == 200
    harness.settle()


def test_an_offer_goes_through_every_state_and_only_the_lead_approves(
    harness: Harness, tmp_path: Path
):
    crisis, ids = crisis_on_segments(harness, tmp_path)
    register = open_register(harness, crisis, user="U002")
    assert "No offers yet" in register_text(harness, register["id"])
    form = offer_form(harness, register, user="U002")
    enterprise = str(ids["Enterprise merchants (EU)"])
    answers = {"offer_segment": enterprise, "offer_amount": "10", "offer_owner": "U002"}
    assert submit(harness, form, {"offer_kind": "service_credit", **answers}, user="U002") is None
    [row] = offers(harness)
    assert (row.state, row.currency, row.money_minor, row.eligible_count) == (
        "proposed",
        "EUR",
        1000,
        420,
    )
    assert (row.estimated_cost_minor, row.proposed_by, row.owner_id) == (420_000, "U002", "U002")
    text = register_text(harness, register["id"])
    assert "Service credit, EUR 10.00 per customer x 420 eligible = EUR 4,200.00" in text
    # A responder is not offered the approval, and a forged click is refused.
    assert ("trust_offer_advance", f"{row.id}:approved") not in buttons(harness, register["id"])
    advance(harness, register, row.id, "approved", user="U002")
    assert offers(harness)[0].state == "proposed"
    assert "Only the crisis lead can approve compensation." in harness.fake.dms("U002")[-1].text

    lead_view = open_register(harness, crisis, user="U001")
    assert ("trust_offer_advance", f"{row.id}:approved") in buttons(harness, lead_view["id"])
    advance(harness, lead_view, row.id, "approved", user="U001")
    approved = offers(harness)[0]
    assert (approved.state, approved.approved_by) == ("approved", "U001")
    assert approved.approved_at is not None
    promised = harness.runtime.services.compensation.approved_offers("T0001", int(str(crisis.id)))
    assert [o.segment_name for o in promised] == ["Enterprise merchants (EU)"]
    assert "*Compensation* · estimated EUR 4,200.00 · 1 approved" in board(harness, crisis)

    # Offered and delivered: the lead or the offer's owner, nobody else, each once.
    advance(harness, register, row.id, "offered", user="U003")
    assert offers(harness)[0].state == "approved"
    advance(harness, register, row.id, "offered", user="U002")
    advance(harness, register, row.id, "delivered", user="U002")
    advance(harness, register, row.id, "delivered", user="U002")
    assert "already delivered" in harness.fake.dms("U002")[-1].text
    done = offers(harness)[0]
    assert (done.state, done.offered_by, done.delivered_by) == ("delivered", "U002", "U002")
    assert "1 delivered" in board(harness, crisis)
    assert buttons(harness, register["id"]) == [("trust_offer_add", str(crisis.id))]


def test_changing_an_approved_offer_needs_a_new_approval(harness: Harness, tmp_path: Path):
    crisis, ids = crisis_on_segments(harness, tmp_path)
    segment = str(ids["Enterprise merchants (EU)"])
    assert propose(harness, crisis, {"offer_segment": segment, "offer_amount": "10"}) is None
    register = open_register(harness, crisis)
    [row] = offers(harness)
    advance(harness, register, row.id, "approved", user="U001")
    before = len(harness.fake.calls_to("views.push"))
    harness.sender.click("trust_offer_edit", value=str(row.id), view=register)
    harness.settle()
    form = {**harness.fake.calls_to("views.push")[before].response["view"]}
    form["previous_view_id"] = register["id"]
    assert submit(harness, form, {"offer_amount": "12.5", "offer_eligible_count": "400"}) is None
    [changed] = offers(harness)
    assert (changed.state, changed.approved_by, changed.money_minor) == ("proposed", None, 1250)
    assert changed.estimated_cost_minor == 400 * 1250
    again = propose(harness, crisis, {"offer_segment": segment, "offer_amount": "1"})
    assert again is not None
    assert "already has an offer" in again["errors"]["offer_segment"]


def test_costs_are_exact_for_zero_and_huge_segments_percentages_and_currencies(
    harness: Harness, tmp_path: Path
):
    crisis, ids = crisis_on_segments(harness, tmp_path)
    assert (
        propose(harness, crisis, {"offer_segment": str(ids["Dormant trials"]), "offer_amount": "5"})
        is None
    )
    huge = {
        "offer_segment": str(ids["Everyone on Earth"]),
        "offer_amount": "10,000,000.00",
        "offer_kind": "refund",
    }
    assert propose(harness, crisis, huge) is None
    zero, everyone = offers(harness)
    assert (zero.eligible_count, zero.estimated_cost_minor) == (0, 0)
    assert everyone.estimated_cost_minor == 2_000_000_000 * 1_000_000_000
    text = register_text(harness, open_register(harness, crisis)["id"])
    assert "EUR 20,000,000,000,000,000.00" in text

    with Session(harness.runtime.engine) as session:
        for row in (zero, everyone):
            session.delete(session.get(type(row), row.id))
        session.commit()
    percent = {
        "offer_segment": str(ids["Enterprise merchants (EU)"]),
        "offer_kind": "discount",
        "offer_amount": "12.5%",
        "offer_monthly_fee": "49.99",
        "offer_eligible_count": "3",
    }
    assert propose(harness, crisis, percent) is None
    [discount] = offers(harness)
    # 12.5% of 4,999 cents is 624.875: rounded half up to 625 cents a customer.
    assert (discount.percent_points, discount.monthly_fee_minor) == (1250, 4999)
    assert discount.estimated_cost_minor == 3 * 625
    text = register_text(harness, open_register(harness, crisis)["id"])
    assert "12.5% of a EUR 49.99 monthly fee (EUR 6.25) per customer x 3 eligible" in text


def test_bad_amounts_and_counts_are_refused_under_their_fields(harness: Harness, tmp_path: Path):
    crisis, ids = crisis_on_segments(harness, tmp_path)
    segment = str(ids["Enterprise merchants (EU)"])

    def refused(**answers: str) -> dict[str, str]:
        answer = propose(harness, crisis, {"offer_segment": segment, **answers})
        assert answer is not None, answers
        errors: dict[str, str] = answer["errors"]
        return errors

    assert "at most 2 decimals" in refused(offer_amount="12.345")["offer_amount"]
    assert "Enter an amount" in refused(offer_amount="lots")["offer_amount"]
    assert "above zero" in refused(offer_amount="0")["offer_amount"]
    assert (
        "JPY has no minor unit"
        in refused(offer_amount="10.5", offer_currency="JPY")["offer_amount"]
    )
    assert "three-letter" in refused(offer_amount="10", offer_currency="E1")["offer_currency"]
    assert "monthly fee" in refused(offer_amount="10%")["offer_monthly_fee"]
    assert "at most 100" in refused(offer_amount="150%", offer_monthly_fee="10")["offer_amount"]
    over = refused(offer_amount="10", offer_eligible_count="421")["offer_eligible_count"]
    assert over == "Enterprise merchants (EU) has 420 customers: at most that many are eligible."
    assert offers(harness) == []
    # Yen have no minor unit: 1,500 yen are 1,500 minor units.
    assert (
        propose(
            harness,
            crisis,
            {"offer_segment": segment, "offer_amount": "1500", "offer_currency": "jpy"},
        )
        is None
    )
    [yen] = offers(harness)
    assert (yen.currency, yen.money_minor, yen.estimated_cost_minor) == ("JPY", 1500, 630_000)
    assert "*Compensation* · estimated JPY 630,000 · 1 proposed" in board(harness, crisis)


def test_the_review_document_has_a_compensation_table_by_segment(harness: Harness, tmp_path: Path):
    crisis, ids = crisis_on_segments(harness, tmp_path)
    enterprise = {"offer_segment": str(ids["Enterprise merchants (EU)"]), "offer_amount": "10"}
    assert propose(harness, crisis, {**enterprise, "offer_owner": "U002"}) is None
    dormant = {"offer_segment": str(ids["Dormant trials"]), "offer_kind": "free_period"}
    assert propose(harness, crisis, {**dormant, "offer_amount": "3.5"}) is None
    register = open_register(harness, crisis)
    harness.clock.advance(timedelta(hours=2))
    advance(harness, register, offers(harness)[0].id, "approved", user="U001")
    out = tmp_path / "review.md"
    url = harness.runtime.settings.database_url
    assert export_review([str(crisis.id), "--out", str(out), "--database-url", url]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    start = lines.index("## Compensation by segment")
    assert lines[start + 2 : start + 8] == [
        "| Segment | Offer | Per customer | Eligible | Estimated cost | State | Owner |",
        "| --- | --- | --- | ---: | ---: | --- | --- |",
        "| Dormant trials | Free period | EUR 3.50 | 0 | EUR 0.00 "
        "| proposed by U001 2026-11-25 09:00 UTC | U001 |",
        "| Enterprise merchants (EU) | Service credit | EUR 10.00 | 420 | EUR 4,200.00 "
        "| proposed by U001 2026-11-25 09:00 UTC; approved by U001 2026-11-25 11:00 UTC | U002 |",
        "",
        "Total estimated cost: EUR 4,200.00 (1 proposed, 1 approved).",
    ]


def test_the_board_button_opens_the_register(harness: Harness, tmp_path: Path):
    crisis, _ = crisis_on_segments(harness, tmp_path)
    assert isinstance(crisis, CrisisRow)
    before = len(harness.fake.calls_to("views.open"))
    harness.sender.click(
        "trust_compensation_open",
        value=str(crisis.id),
        channel=crisis.channel_id,
        message_ts=crisis.board_ts,
    )
    harness.settle()
    [opened] = harness.fake.calls_to("views.open")[before:]
    assert opened.args["view"]["callback_id"] == "trust_compensation"


def test_the_currency_comes_from_the_setting_and_the_forms_link_the_register(
    make_harness: Callable[..., Harness], tmp_path: Path
):
    harness = make_harness(currency="USD")
    crisis, _ = crisis_on_segments(harness, tmp_path)
    form = offer_form(harness, open_register(harness, crisis))
    currency = next(b for b in form["blocks"] if b["block_id"] == "offer_currency")
    assert currency["element"]["initial_value"] == "USD"
    fix = open_step(harness, crisis, "fix")
    before = len(harness.fake.calls_to("views.push"))
    harness.sender.click("trust_compensation_open", value=str(crisis.id), view=fix)
    harness.settle()
    [pushed] = harness.fake.calls_to("views.push")[before:]
    assert pushed.args["view"]["callback_id"] == "trust_compensation"
