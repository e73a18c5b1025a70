"""`/crisis compensation`: the register of offers by segment, in modals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.crisis.model import Crisis
from bot.errors import FormErrors, NotFound
from bot.recovery.scope import affected_segments
from bot.trust.compensation import Amount, Offer, OfferDraft, OfferKind, OfferState
from bot.trust.money import parse_money, parse_percent
from handlers.context import crisis_of
from handlers.forms import FormReader, mapping, read_id, read_metadata
from handlers.ids import TrustAction, TrustBlock, TrustCallback
from handlers.trust.common import (
    CrisisListModal,
    clicked_id,
    field_errors,
    value_of,
    whole_number,
)
from handlers.trust.compensation_blocks import build_compensation_list, build_offer_form
from handlers.wiring import Wiring

COMMAND = "/crisis compensation"
FIELD_BLOCKS = {
    "segment": TrustBlock.OFFER_SEGMENT,
    "currency": TrustBlock.OFFER_CURRENCY,
    "amount": TrustBlock.OFFER_AMOUNT,
    "monthly_fee": TrustBlock.OFFER_MONTHLY_FEE,
    "eligibility": TrustBlock.OFFER_ELIGIBILITY,
    "eligible_count": TrustBlock.OFFER_COUNT,
    "owner": TrustBlock.OFFER_OWNER,
}


def register(app: App, wiring: Wiring) -> None:
    """Wire the compensation register."""
    listeners = CompensationListeners(wiring)
    wiring.router.add(
        "compensation",
        listeners.open_from_command,
        usage="/crisis compensation",
        meaning="Compensation by segment: propose, approve (lead only), offer, deliver.",
    )
    of_button, of_view = [wiring.finder.of_button], [wiring.finder.of_view]
    app.action(TrustAction.OPEN_COMPENSATION, middleware=of_button)(listeners.open_from_button)
    app.action(TrustAction.ADD_OFFER, middleware=of_button)(listeners.propose)
    app.action(TrustAction.EDIT_OFFER)(listeners.edit)
    app.action(TrustAction.ADVANCE_OFFER)(listeners.advance)
    app.view(TrustCallback.OFFER, middleware=of_view)(listeners.submit)


class CompensationListeners(CrisisListModal):
    """Thin listeners: ack -> parse -> call the CompensationRegister -> render."""

    def __init__(self, wiring: Wiring) -> None:
        super().__init__(wiring)
        self.register = wiring.services.compensation

    def list_view(self, crisis: Crisis, viewer: str) -> View:
        """The register, as `viewer` may act on it."""
        offers = self.register.offers(crisis.team_id, crisis.id)
        return build_compensation_list(crisis, offers, viewer=viewer)

    def propose(
        self, ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """ "Propose an offer" (the button names the crisis): the form over the register."""
        view = self._offer_form(crisis_of(context), None, context.user_id or "")
        ack()
        client.views_push(trigger_id=body["trigger_id"], view=view)

    def edit(
        self,
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        context: BoltContext,
        client: WebClient,
    ) -> None:
        """ "Edit" (the button names the offer): the form with its terms."""
        team = context.team_id or ""
        offer = self.register.offer(team, clicked_id(value_of(action), COMMAND))
        crisis = self.register.crisis(team, offer.crisis_id)
        view = self._offer_form(crisis, offer, context.user_id or "")
        ack()
        client.views_push(trigger_id=body["trigger_id"], view=view)

    def _offer_form(self, crisis: Crisis, offer: Offer | None, user: str) -> View:
        segments = affected_segments(crisis, self.services.insight.segments(crisis.team_id))
        currency = self.register.currency
        return build_offer_form(crisis, segments, offer, currency=currency, user_id=user)

    def advance(
        self,
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        context: BoltContext,
        client: WebClient,
    ) -> None:
        """Approve, mark offered, mark delivered: the register redraws for the clicker."""
        head, _, state = value_of(action).partition(":")
        try:
            to = OfferState(state)
        except ValueError:
            raise NotFound(f"That button no longer works. Run `{COMMAND}` again.") from None
        team, user = context.team_id or "", context.user_id or ""
        offer = self.register.advance(team, clicked_id(head, COMMAND), by=user, to=to)
        ack()
        crisis = self.register.crisis(team, offer.crisis_id)
        view_id = mapping(body.get("view")).get("id")
        if view_id:
            client.views_update(view_id=view_id, view=self.list_view(crisis, user))

    def submit(
        self, ack: Ack, view: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """The offer form: save, and show the register as it is now (the board redraws)."""
        crisis = crisis_of(context)
        offer_id = read_metadata(view).get("offer")
        form = FormReader(view)
        draft = read_offer(form)
        if offer_id is not None and read_id(offer_id) is None:
            form.errors[TrustBlock.OFFER_SEGMENT] = (
                f"This form is out of date. Close it and run `{COMMAND}` again."
            )
        if form.errors or draft is None:
            ack(response_action="errors", errors=form.errors)
            return
        user = context.user_id or ""
        try:
            self.register.save(crisis.team_id, crisis.id, draft, by=user, offer_id=offer_id)
        except FormErrors as invalid:
            ack(response_action="errors", errors=field_errors(invalid, FIELD_BLOCKS))
            return
        ack()
        self.after_change(client, view, crisis, user)


def read_offer(form: FormReader) -> OfferDraft | None:
    """The offer in the form, or None with field errors under their fields."""
    segment = read_id(form.choices_single(TrustBlock.OFFER_SEGMENT))
    if segment is None:
        form.errors[TrustBlock.OFFER_SEGMENT] = "Choose one of the segments this crisis affects."
    kind = form.choice(TrustBlock.OFFER_KIND, OfferKind, label="what kind of compensation")
    currency = form.text(TrustBlock.OFFER_CURRENCY, label="a currency", max_length=3).upper()
    amount = read_amount(form, currency)
    eligibility = form.text(
        TrustBlock.OFFER_ELIGIBILITY, label="who is eligible", required=False, max_length=500
    )
    count = whole_number(form, TrustBlock.OFFER_COUNT, required=False)
    owner = form.user(TrustBlock.OFFER_OWNER, label="the offer's owner")
    if form.errors or segment is None or kind is None or amount is None:
        return None
    return OfferDraft(segment, kind, amount, eligibility, count, owner)


def read_amount(form: FormReader, currency: str) -> Amount | None:
    """An amount of money, or a percentage of a stated monthly fee, in `currency`."""
    text = form.text(TrustBlock.OFFER_AMOUNT, label="an amount per customer", max_length=40)
    fee_text = form.text(
        TrustBlock.OFFER_MONTHLY_FEE, label="the monthly fee", required=False, max_length=40
    )
    if not text or TrustBlock.OFFER_CURRENCY in form.errors:
        return None
    if not text.endswith("%"):
        money = _parsed(form, TrustBlock.OFFER_AMOUNT, lambda: parse_money(text, currency))
        return None if money is None else Amount(currency, money_minor=money)
    points = _parsed(form, TrustBlock.OFFER_AMOUNT, lambda: parse_percent(text))
    if not fee_text:
        form.errors[TrustBlock.OFFER_MONTHLY_FEE] = (
            "A percentage needs the monthly fee it is a percentage of."
        )
        return None
    fee = _parsed(form, TrustBlock.OFFER_MONTHLY_FEE, lambda: parse_money(fee_text, currency))
    if points is None or fee is None:
        return None
    return Amount(currency, percent_points=points, monthly_fee_minor=fee)


def _parsed(form: FormReader, block_id: str, parse: Callable[[], int]) -> int | None:
    try:
        return parse()
    except ValueError as bad:
        form.errors[block_id] = str(bad)
        return None
