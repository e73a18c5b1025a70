"""The trust work's repositories, and a unit of work that reaches them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Self

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.clock import as_utc
from bot.trust.compensation import Amount, Offer, OfferDraft, OfferKind, OfferState, StateChange
from storage.checkins import SqlCheckInRepository
from storage.outreach import SqlProgrammeRepository
from storage.trust_tables import OfferRow
from storage.unit_of_work import SqlUnitOfWork, SqlUnitOfWorkFactory


class SqlOfferRepository:
    """Compensation offers in the app's database."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def list(self, crisis_id: int) -> list[Offer]:
        """The crisis's offers, by segment name."""
        return [*self.of_crises([crisis_id])]

    def of_crises(self, crisis_ids: Sequence[int]) -> Sequence[Offer]:
        """The offers of these crises, by segment name (one query)."""
        rows = self._session.exec(
            select(OfferRow)
            .where(col(OfferRow.crisis_id).in_(crisis_ids))
            .order_by(col(OfferRow.segment_name), col(OfferRow.id))
        ).all()
        return [to_offer(row) for row in rows]

    def get(self, offer_id: int) -> Offer | None:
        """The offer with this id."""
        row = self._session.get(OfferRow, offer_id)
        return None if row is None else to_offer(row)

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
        row = None if offer_id is None else self._session.get(OfferRow, offer_id)
        if row is None:
            row = OfferRow(
                team_id=team_id,
                crisis_id=crisis_id,
                segment_id=draft.segment_id,
                segment_name="",
                kind="",
                currency="",
                eligibility="",
                eligible_count=0,
                estimated_cost_minor=0,
                owner_id="",
                state="",
                proposed_by=by,
                proposed_at=at,
            )
        amount = draft.amount
        row.segment_id, row.segment_name, row.kind = draft.segment_id, segment_name, draft.kind
        row.currency, row.money_minor = amount.currency, amount.money_minor
        row.percent_points, row.monthly_fee_minor = amount.percent_points, amount.monthly_fee_minor
        row.eligibility, row.eligible_count = draft.eligibility, eligible_count
        row.estimated_cost_minor, row.owner_id = cost_minor, draft.owner_id
        # New terms are a new proposal: an earlier approval does not cover them.
        row.state, row.proposed_by, row.proposed_at = OfferState.PROPOSED, by, at
        row.approved_by = row.approved_at = None
        self._session.add(row)
        self._session.flush()
        return to_offer(row)

    def advance(self, offer_id: int, *, to: OfferState, by: str, at: datetime) -> bool:
        """Move the offer from the state before `to`; False if it is no longer there."""
        previous = next(state for state in OfferState if state.next is to)
        result = self._session.execute(
            update(OfferRow)
            .where(col(OfferRow.id) == offer_id, col(OfferRow.state) == previous.value)
            .values({"state": to.value, f"{to.value}_by": by, f"{to.value}_at": at})
        )
        self._session.expire_all()
        return bool(getattr(result, "rowcount", 0))


def to_offer(row: OfferRow) -> Offer:
    """The domain view of an offer row."""
    assert row.id is not None
    history = [
        StateChange(state, by, as_utc(at))
        for state, by, at in (
            (OfferState.PROPOSED, row.proposed_by, row.proposed_at),
            (OfferState.APPROVED, row.approved_by, row.approved_at),
            (OfferState.OFFERED, row.offered_by, row.offered_at),
            (OfferState.DELIVERED, row.delivered_by, row.delivered_at),
        )
        if by and at
    ]
    return Offer(
        id=row.id,
        team_id=row.team_id,
        crisis_id=row.crisis_id,
        segment_id=row.segment_id,
        segment_name=row.segment_name,
        kind=OfferKind(row.kind),
        amount=Amount(row.currency, row.money_minor, row.percent_points, row.monthly_fee_minor),
        eligibility=row.eligibility,
        eligible_count=row.eligible_count,
        estimated_cost_minor=row.estimated_cost_minor,
        owner_id=row.owner_id,
        state=OfferState(row.state),
        history=tuple(history),
    )


class SqlTrustUnitOfWork(SqlUnitOfWork):
    """The core unit of work plus the trust tables, in the same transaction."""

    offers: SqlOfferRepository
    programmes: SqlProgrammeRepository
    check_ins: SqlCheckInRepository

    def __enter__(self) -> Self:
        super().__enter__()
        self.offers = SqlOfferRepository(self.session)
        self.programmes = SqlProgrammeRepository(self.session)
        self.check_ins = SqlCheckInRepository(self.session)
        return self


class SqlTrustUnitOfWorkFactory(SqlUnitOfWorkFactory):
    """Opens trust units of work on one engine."""

    def __call__(self, *, write: bool = True) -> SqlTrustUnitOfWork:
        return SqlTrustUnitOfWork(self.engine, write=write, outbox_written=self.outbox_written)
