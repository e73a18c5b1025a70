"""The trust work of one crisis as the board and the review document read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.trust.checkins import CheckIn
from bot.trust.compensation import CompensationSummary, Offer, summarise
from bot.trust.outreach import Programme


@dataclass(frozen=True)
class OutreachProgress:
    """A programme and whether it is overdue at the time it is shown."""

    programme: Programme
    overdue: bool


@dataclass(frozen=True)
class TrustBoard:
    """What the crisis board shows of the trust work."""

    compensation: CompensationSummary
    outreach: tuple[OutreachProgress, ...] = ()

    @property
    def empty(self) -> bool:
        """True when there is nothing to show yet."""
        return self.compensation.empty and not self.outreach


@dataclass(frozen=True)
class TrustRecord:
    """Everything the review document's trust tables are written from."""

    offers: tuple[Offer, ...] = ()
    programmes: tuple[Programme, ...] = ()
    check_ins: tuple[CheckIn, ...] = ()

    def board(self, now: datetime) -> TrustBoard:
        """The board's summary of this record as of `now`."""
        return TrustBoard(
            compensation=summarise(self.offers),
            outreach=tuple(OutreachProgress(p, p.overdue(now)) for p in self.programmes),
        )

    def people(self) -> list[str]:
        """Everyone the trust tables name."""
        people = [offer.owner_id for offer in self.offers]
        people += [change.by for offer in self.offers for change in offer.history]
        people += [programme.owner_id for programme in self.programmes]
        people += [c.recorded_by for c in self.check_ins]
        people += [c.draft.action.owner_id for c in self.check_ins if c.draft.action]
        return people
