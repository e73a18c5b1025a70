"""Reading a crisis's trust work for the board and the review document (never writes)."""

from __future__ import annotations

from bot.clock import Clock
from bot.trust.ports import TrustUnits
from bot.trust.record import TrustBoard, TrustRecord


class TrustReader:
    """The trust record of a crisis, and the board's summary of it."""

    def __init__(self, units: TrustUnits, clock: Clock) -> None:
        self._units = units
        self._clock = clock

    def record(self, crisis_id: int) -> TrustRecord:
        """The crisis's trust work, for the review document."""
        with self._units(write=False) as unit:
            return TrustRecord(
                offers=tuple(unit.offers.list(crisis_id)),
                programmes=tuple(unit.programmes.list(crisis_id)),
                check_ins=tuple(unit.check_ins.for_crisis(crisis_id)),
            )

    def board(self, crisis_id: int) -> TrustBoard | None:
        """What the board shows of the trust work (None while there is none)."""
        summary = self.record(crisis_id).board(self._clock())
        return None if summary.empty else summary
