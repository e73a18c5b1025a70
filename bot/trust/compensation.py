"""Compensation by segment: offers, their cost, and the states they move through."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.insight.model import SLACK_USER_ID, Segment
from bot.trust.money import AMOUNT_MAX_MINOR, CURRENCY, percent_of

ELIGIBILITY_MAX = 500
DEFAULT_ELIGIBILITY = "All customers of the segment"


class OfferKind(StrEnum):
    """What customers are given."""

    SERVICE_CREDIT = "service_credit"
    REFUND = "refund"
    DISCOUNT = "discount"
    FREE_PERIOD = "free_period"
    OTHER = "other"

    @property
    def label(self) -> str:
        """How the kind reads to a person."""
        return self.value.replace("_", " ").capitalize()


class OfferState(StrEnum):
    """Proposed -> approved (lead only) -> offered -> delivered."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    OFFERED = "offered"
    DELIVERED = "delivered"

    @property
    def next(self) -> OfferState | None:
        """The state an offer moves to from this one (None once delivered)."""
        order = list(OfferState)
        position = order.index(self)
        return order[position + 1] if position + 1 < len(order) else None

    @property
    def promised(self) -> bool:
        """Approved or later: what customer updates and call-centre scripts may promise."""
        return self is not OfferState.PROPOSED


@dataclass(frozen=True)
class Amount:
    """Per customer: a sum in minor units, or basis points of a stated monthly fee."""

    currency: str
    money_minor: int | None = None
    percent_points: int | None = None
    monthly_fee_minor: int | None = None

    def per_customer_minor(self) -> int:
        """What one customer receives, in minor units (a percentage of the monthly fee)."""
        if self.money_minor is not None:
            return self.money_minor
        return percent_of(self.monthly_fee_minor or 0, self.percent_points or 0)


@dataclass(frozen=True)
class OfferDraft:
    """An offer as entered; `eligible_count` None means the whole segment."""

    segment_id: int
    kind: OfferKind
    amount: Amount
    eligibility: str
    eligible_count: int | None
    owner_id: str


@dataclass(frozen=True)
class StateChange:
    """Who moved an offer into a state, and when."""

    state: OfferState
    by: str
    at: datetime


@dataclass(frozen=True)
class Offer:
    """A stored offer of one crisis to one segment."""

    id: int
    team_id: str
    crisis_id: int
    segment_id: int
    segment_name: str
    kind: OfferKind
    amount: Amount
    eligibility: str
    eligible_count: int
    estimated_cost_minor: int
    owner_id: str
    state: OfferState
    history: tuple[StateChange, ...]

    def changed(self, state: OfferState) -> StateChange | None:
        """When and by whom the offer entered `state` (None if it has not)."""
        return next((change for change in self.history if change.state is state), None)


def estimated_cost(amount: Amount, eligible_count: int) -> int:
    """Amount per customer times the customers eligible, in minor units."""
    return amount.per_customer_minor() * eligible_count


def offer_problems(draft: OfferDraft, segment: Segment | None) -> dict[str, str]:
    """Field -> message for what is wrong with the offer for this segment."""
    problems: dict[str, str] = {}
    if segment is None:
        problems["segment"] = "Choose one of the segments this crisis affects."
    amount = draft.amount
    if not CURRENCY.match(amount.currency):
        problems["currency"] = "Enter a three-letter currency code, such as EUR or USD."
    if amount.money_minor is None and amount.percent_points is None:
        problems["amount"] = "Enter an amount per customer, or a percentage."
    if amount.percent_points is not None and not amount.monthly_fee_minor:
        problems["monthly_fee"] = "A percentage needs the monthly fee it is a percentage of."
    if amount.monthly_fee_minor is not None and amount.monthly_fee_minor > AMOUNT_MAX_MINOR:
        problems["monthly_fee"] = "That monthly fee is too large."
    if not draft.eligibility.strip():
        problems["eligibility"] = "Say which customers are eligible."
    elif len(draft.eligibility) > ELIGIBILITY_MAX:
        problems["eligibility"] = f"Keep the eligibility to {ELIGIBILITY_MAX} characters."
    count = draft.eligible_count
    if count is not None and count < 0:
        problems["eligible_count"] = "The number of eligible customers can't be negative."
    elif count is not None and segment is not None and count > segment.customers:
        problems["eligible_count"] = (
            f"{segment.name} has {segment.customers:,} customers: at most that many are eligible."
        )
    if not SLACK_USER_ID.match(draft.owner_id):
        problems["owner"] = "Choose who owns this offer."
    return problems


@dataclass(frozen=True)
class CompensationSummary:
    """What the board shows: estimated cost per currency and how many offers are in each state."""

    cost_by_currency: tuple[tuple[str, int], ...]
    by_state: tuple[tuple[OfferState, int], ...]

    @property
    def empty(self) -> bool:
        """True when the crisis has no offers."""
        return not self.by_state


def summarise(offers: Sequence[Offer]) -> CompensationSummary:
    """Totals for the board (offers in different currencies are never added together)."""
    costs: Counter[str] = Counter()
    for offer in offers:
        costs[offer.amount.currency] += offer.estimated_cost_minor
    states = Counter(offer.state for offer in offers)
    return CompensationSummary(
        cost_by_currency=tuple(sorted(costs.items())),
        by_state=tuple((state, states[state]) for state in OfferState if states[state]),
    )
