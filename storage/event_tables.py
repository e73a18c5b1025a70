"""Events API deliveries already handled, so Slack's retries are handled once."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.tables import utc_column


class SlackEventRow(SQLModel, table=True):
    """One event_id seen; the unique key is what turns a retry away."""

    __tablename__ = "slack_event"

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(max_length=64, unique=True)
    team_id: str = Field(max_length=32)
    received_at: datetime = Field(sa_column=utc_column(index=True))
