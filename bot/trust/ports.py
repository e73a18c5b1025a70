"""What the trust work needs from storage, as small Protocols."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from bot.transaction import Transaction
from bot.trust.checkins import CheckIn, CheckInDraft
from bot.trust.compensation import Offer, OfferDraft, OfferState
from bot.trust.outreach import OutreachReport, Programme, ProgrammeDraft
from bot.trust.record import TrustBoard


class OfferRepository(Protocol):
    """Compensation offers, one per crisis and segment."""

    def list(self, crisis_id: int) -> list[Offer]:
        """The crisis's offers, by segment name."""
        ...

    def of_crises(self, crisis_ids: Sequence[int]) -> Sequence[Offer]:
        """The offers of these crises, by segment name (one query)."""
        ...

    def get(self, offer_id: int) -> Offer | None:
        """The offer with this id."""
        ...

    def save(
        self,
        draft: OfferDraft,
        *,
        team_id: str,
        crisis_id: int,
        segment_name: str,
        eligible_count: int,
        cost_minor: int,
        by: str,
        at: datetime,
        offer_id: int | None = None,
    ) -> Offer:
        """Add an offer, or replace one's terms (it is proposed again)."""
        ...

    def advance(self, offer_id: int, *, to: OfferState, by: str, at: datetime) -> bool:
        """Move the offer from the state before `to`; False if it is no longer there."""
        ...


class ProgrammeRepository(Protocol):
    """Outreach programmes, one per crisis and segment, with their reports."""

    def list(self, crisis_id: int) -> list[Programme]:
        """The crisis's programmes, by segment name."""
        ...

    def get(self, programme_id: int) -> Programme | None:
        """The programme with this id."""
        ...

    def save(
        self,
        draft: ProgrammeDraft,
        *,
        team_id: str,
        crisis_id: int,
        segment_name: str,
        by: str,
        at: datetime,
        programme_id: int | None = None,
    ) -> Programme:
        """Add a programme, or change one (its progress is kept)."""
        ...

    def report(self, programme_id: int, report: OutreachReport) -> bool:
        """Add a report; False (and nothing saved) if it would pass the target."""
        ...


class CheckInRepository(Protocol):
    """Trust check-ins, once per crisis, check-in and segment."""

    def add(
        self,
        draft: CheckInDraft,
        *,
        team_id: str,
        crisis_id: int,
        segment_name: str,
        by: str,
        at: datetime,
    ) -> CheckIn:
        """Record a check-in."""
        ...

    def for_crisis(self, crisis_id: int) -> list[CheckIn]:
        """The crisis's check-ins, oldest first."""
        ...

    def recent_for_segments(
        self, team_id: str, segment_ids: Sequence[int], *, limit: int
    ) -> list[CheckIn]:
        """The segments' check-ins (of any crisis), newest first, at most `limit`."""
        ...


class TrustUnit(Transaction, Protocol):
    """One transaction over the trust tables."""

    @property
    def offers(self) -> OfferRepository:
        """Compensation offers in this transaction."""
        ...

    @property
    def programmes(self) -> ProgrammeRepository:
        """Outreach programmes in this transaction."""
        ...

    @property
    def check_ins(self) -> CheckInRepository:
        """Trust check-ins in this transaction."""
        ...


class TrustUnits(Protocol):
    """Opens a unit of work with the trust tables; `write=False` only reads."""

    def __call__(self, *, write: bool = True) -> TrustUnit: ...


TrustBoardLookup = Callable[[int], "TrustBoard | None"]


class ApprovedOffers(Protocol):
    """What customer updates and call-centre scripts may promise: the approved compensation."""

    def approved_offers(self, team_id: str, crisis_id: int) -> list[Offer]:
        """Offers approved (or already offered or delivered), by segment name."""
        ...
