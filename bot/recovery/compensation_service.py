"""The compensation register: offers per affected segment, approved by the lead."""

from __future__ import annotations

from dataclasses import replace

from bot.clock import Clock
from bot.crisis.model import Crisis
from bot.crisis.rules import Act
from bot.errors import AlreadyDone, FormErrors, NotAllowed, NotFound
from bot.recovery.ports import RecoveryUnits
from bot.recovery.scope import affected_segment, redraw_board, team_crisis
from bot.trust.compensation import (
    DEFAULT_ELIGIBILITY,
    Offer,
    OfferDraft,
    OfferState,
    estimated_cost,
    offer_problems,
)

# Terms can change until the offer goes out; a changed approved offer needs approving again.
EDITABLE = (OfferState.PROPOSED, OfferState.APPROVED)


class CompensationRegister:
    """The use cases of the compensation register; each change is one transaction."""

    def __init__(self, *, units: RecoveryUnits, clock: Clock, currency: str) -> None:
        self.currency = currency
        self._units = units
        self._clock = clock

    def crisis(self, team_id: str, crisis_id: int) -> Crisis:
        """The team's crisis, or NotFound."""
        with self._units(write=False) as unit:
            return team_crisis(unit, team_id, crisis_id)

    def offers(self, team_id: str, crisis_id: int) -> list[Offer]:
        """The crisis's offers, by segment name."""
        with self._units(write=False) as unit:
            team_crisis(unit, team_id, crisis_id)
            return unit.offers.list(crisis_id)

    def approved_offers(self, team_id: str, crisis_id: int) -> list[Offer]:
        """Offers approved (or further along): what updates and scripts may promise customers."""
        return [o for o in self.offers(team_id, crisis_id) if o.state.promised]

    def offer(self, team_id: str, offer_id: int) -> Offer:
        """One of the team's offers, or NotFound."""
        with self._units(write=False) as unit:
            found = unit.offers.get(offer_id)
        if found is None or found.team_id != team_id:
            raise NotFound("That offer no longer exists.")
        return found

    def save(
        self, team_id: str, crisis_id: int, draft: OfferDraft, *, by: str, offer_id: int | None
    ) -> Offer:
        """Propose an offer or change its terms; FormErrors name each bad field."""
        draft = replace(draft, eligibility=draft.eligibility.strip() or DEFAULT_ELIGIBILITY)
        with self._units() as unit:
            crisis = team_crisis(unit, team_id, crisis_id)
            segment = affected_segment(unit, crisis, draft.segment_id)
            problems = offer_problems(draft, segment)
            existing = {o.segment_id: o for o in unit.offers.list(crisis.id)}
            clash = existing.get(draft.segment_id)
            if clash is not None and clash.id != offer_id and segment is not None:
                problems["segment"] = f"{segment.name} already has an offer: edit that one."
            if offer_id is not None:
                current = unit.offers.get(offer_id)
                if current is None or current.crisis_id != crisis.id:
                    raise NotFound("That offer no longer exists.")
                if current.state not in EDITABLE:
                    raise AlreadyDone(f"This offer is already {current.state.value}.")
            if problems:
                raise FormErrors(problems)
            assert segment is not None
            count = segment.customers if draft.eligible_count is None else draft.eligible_count
            saved = unit.offers.save(
                draft,
                team_id=team_id,
                crisis_id=crisis.id,
                segment_name=segment.name,
                eligible_count=count,
                cost_minor=estimated_cost(draft.amount, count),
                by=by,
                at=self._clock(),
                offer_id=offer_id,
            )
            redraw_board(unit, crisis, self._clock())
            unit.commit()
        return saved

    def advance(self, team_id: str, offer_id: int, *, by: str, to: OfferState) -> Offer:
        """Approve (lead only), mark offered or delivered (lead or the offer's owner)."""
        with self._units() as unit:
            offer = unit.offers.get(offer_id)
            if offer is None or offer.team_id != team_id:
                raise NotFound("That offer no longer exists.")
            crisis = team_crisis(unit, team_id, offer.crisis_id)
            ensure_may_advance(crisis, offer, by=by, to=to)
            if not unit.offers.advance(offer_id, to=to, by=by, at=self._clock()):
                raise AlreadyDone(f"This offer is already {offer.state.value}.")
            redraw_board(unit, crisis, self._clock())
            unit.commit()
            after = unit.offers.get(offer_id)
        assert after is not None
        return after


def may_advance(crisis: Crisis, offer: Offer, *, by: str, to: OfferState) -> bool:
    """Whether `by` may move the offer to `to` (asked before a button is shown, and on click)."""
    if offer.state.next is not to:
        return False
    if to is OfferState.APPROVED:
        return crisis.may(by, Act.APPROVE_COMPENSATION)
    return by in (crisis.lead_id, offer.owner_id)


def ensure_may_advance(crisis: Crisis, offer: Offer, *, by: str, to: OfferState) -> None:
    """Refuse, with the reason, a state change `by` may not make."""
    if may_advance(crisis, offer, by=by, to=to):
        return
    if offer.state is to:
        raise AlreadyDone(f"This offer is already {to.value}.")
    if offer.state.next is not to:
        raise AlreadyDone(f"This offer is {offer.state.value}: it can't become {to.value} now.")
    if to is OfferState.APPROVED:
        crisis.require(by, Act.APPROVE_COMPENSATION)
    raise NotAllowed("Only the crisis lead or the offer's owner can change its state.")
