"""Compensation in Block Kit: the register of a crisis's offers, and the offer form."""

from __future__ import annotations

import json
from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.crisis.model import Crisis
from bot.insight.model import Segment
from bot.recovery.compensation_service import EDITABLE, may_advance
from bot.trust.compensation import (
    DEFAULT_ELIGIBILITY,
    ELIGIBILITY_MAX,
    Offer,
    OfferKind,
    OfferState,
    summarise,
)
from bot.trust.money import major
from documents.trust import costs_text, offer_line, percent_text, state_text
from handlers.ids import TrustAction, TrustBlock, TrustCallback
from handlers.insight.blocks import OPTIONS_MAX, segment_option
from handlers.text import clip, escape, local_time, mention

# Each offer takes two blocks; a modal holds 100.
OFFERS_SHOWN = 45
ADVANCE_LABELS = {
    OfferState.APPROVED: "Approve",
    OfferState.OFFERED: "Mark offered",
    OfferState.DELIVERED: "Mark delivered",
}


def build_compensation_list(crisis: Crisis, offers: Sequence[Offer], *, viewer: str) -> View:
    """`/crisis compensation`: every offer with its cost and state, and what `viewer` may do."""
    summary = summarise(offers)
    head = f"*Compensation for {escape(clip(crisis.title, 150))}*"
    if offers:
        head += f"\nEstimated cost: *{costs_text(summary)}*"
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(text=head),
            accessory=ButtonElement(
                text="Propose an offer",
                action_id=TrustAction.ADD_OFFER,
                value=str(crisis.id),
                style="primary",
            ),
        ),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="An offer per affected segment: proposed, approved by the lead, "
                    "offered, delivered. Approved offers are what updates may promise."
                )
            ]
        ),
    ]
    if not offers:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text="No offers yet.")]))
    for offer in offers[:OFFERS_SHOWN]:
        blocks += _offer_blocks(crisis, offer, viewer)
    return View(
        type="modal",
        callback_id=TrustCallback.COMPENSATION,
        title="Compensation",
        close="Done",
        private_metadata=json.dumps({"crisis": crisis.id}),
        blocks=blocks,
    )


def _offer_blocks(crisis: Crisis, offer: Offer, viewer: str) -> list[Block]:
    state = state_text(offer, mention, local_time)
    text = (
        f"*{escape(offer.segment_name)}* · {escape(offer_line(offer))}\n"
        f"Eligible: {escape(clip(offer.eligibility, 300))} · owner {mention(offer.owner_id)}\n"
        f"State: *{state}*"
    )
    buttons = []
    if offer.state in EDITABLE:
        buttons.append(
            ButtonElement(text="Edit", action_id=TrustAction.EDIT_OFFER, value=str(offer.id))
        )
    following = offer.state.next
    if following is not None and may_advance(crisis, offer, by=viewer, to=following):
        buttons.append(
            ButtonElement(
                text=ADVANCE_LABELS[following],
                action_id=TrustAction.ADVANCE_OFFER,
                value=f"{offer.id}:{following.value}",
                style="primary",
            )
        )
    section = SectionBlock(text=MarkdownTextObject(text=clip(text, 3000)))
    return [section, ActionsBlock(elements=buttons)] if buttons else [section]


def build_offer_form(
    crisis: Crisis,
    segments: Sequence[Segment],
    offer: Offer | None,
    *,
    currency: str,
    user_id: str,
) -> View:
    """Propose an offer to one segment, or change its terms."""
    options = [segment_option(s) for s in segments[:OPTIONS_MAX]]
    chosen = next((o for o in options if offer and o.value == str(offer.segment_id)), None)
    kinds = [Option(value=kind.value, text=kind.label) for kind in OfferKind]
    kind = next((o for o in kinds if offer and o.value == offer.kind.value), kinds[0])
    return View(
        type="modal",
        callback_id=TrustCallback.OFFER,
        title="Edit offer" if offer else "Propose an offer",
        submit="Save",
        close="Back",
        private_metadata=json.dumps({"crisis": crisis.id, "offer": offer.id if offer else None}),
        blocks=[
            InputBlock(
                block_id=TrustBlock.OFFER_SEGMENT,
                label="Segment",
                element=StaticSelectElement(
                    action_id=TrustBlock.OFFER_SEGMENT,
                    placeholder="Choose a segment",
                    options=options,
                    initial_option=chosen,
                ),
            ),
            InputBlock(
                block_id=TrustBlock.OFFER_KIND,
                label="Kind",
                element=StaticSelectElement(
                    action_id=TrustBlock.OFFER_KIND, options=kinds, initial_option=kind
                ),
            ),
            *_amount_inputs(offer, currency),
            InputBlock(
                block_id=TrustBlock.OFFER_ELIGIBILITY,
                label="Who is eligible",
                element=PlainTextInputElement(
                    action_id=TrustBlock.OFFER_ELIGIBILITY,
                    max_length=ELIGIBILITY_MAX,
                    initial_value=offer.eligibility if offer else DEFAULT_ELIGIBILITY,
                ),
            ),
            InputBlock(
                block_id=TrustBlock.OFFER_COUNT,
                label="Customers eligible",
                hint="Leave empty for every customer of the segment.",
                optional=True,
                element=NumberInputElement(
                    action_id=TrustBlock.OFFER_COUNT,
                    is_decimal_allowed=False,
                    min_value="0",
                    initial_value=str(offer.eligible_count) if offer else None,
                ),
            ),
            InputBlock(
                block_id=TrustBlock.OFFER_OWNER,
                label="Owner",
                element=UserSelectElement(
                    action_id=TrustBlock.OFFER_OWNER,
                    initial_user=offer.owner_id if offer else user_id,
                ),
            ),
        ],
    )


def _amount_inputs(offer: Offer | None, currency: str) -> list[Block]:
    amount = offer.amount if offer else None
    if amount is None:
        per_customer = fee = None
    elif amount.percent_points is not None:
        per_customer = percent_text(amount.percent_points)
        fee = str(major(amount.monthly_fee_minor or 0, amount.currency))
    else:
        per_customer, fee = str(major(amount.money_minor or 0, amount.currency)), None
    return [
        _text_input(TrustBlock.OFFER_CURRENCY, "Currency", amount.currency if amount else currency),
        _text_input(
            TrustBlock.OFFER_AMOUNT,
            "Amount per customer",
            per_customer,
            hint="An amount (25 or 12.50) or a percentage of the monthly fee (10%).",
        ),
        _text_input(
            TrustBlock.OFFER_MONTHLY_FEE,
            "Monthly fee per customer",
            fee,
            hint="Only for a percentage: what one customer pays a month.",
            optional=True,
        ),
    ]


def _text_input(
    block_id: str, label: str, value: str | None, *, hint: str | None = None, optional: bool = False
) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=label,
        hint=hint,
        optional=optional,
        element=PlainTextInputElement(action_id=block_id, max_length=40, initial_value=value),
    )
