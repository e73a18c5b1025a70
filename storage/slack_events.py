"""Recording Events API deliveries by event_id: the first delivery wins, retries are refused."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from storage.db import writer, writing
from storage.event_tables import SlackEventRow

RETENTION = timedelta(days=1)


class SqlEventLog:
    """Remembers which events were handled, in the app's database (shared by every process)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def first_delivery(self, event_id: str, *, team_id: str, at: datetime) -> bool:
        """Record `event_id`; False if it was recorded before (a retry or a duplicate)."""
        with writing(self._engine), Session(writer(self._engine)) as session:
            # Slack gives up retrying within the hour: older ids can never come back.
            session.execute(
                delete(SlackEventRow).where(col(SlackEventRow.received_at) < at - RETENTION)
            )
            session.add(SlackEventRow(event_id=event_id, team_id=team_id, received_at=at))
            try:
                session.commit()
            except IntegrityError:
                return False
        return True
