"""Every table module, imported so SQLModel.metadata knows them all (migrations compare it)."""

from storage import (
    comms_tables,
    decision_tables,
    event_tables,
    insight_tables,
    oauth_tables,
    outbox_tables,
    reminder_tables,
    tables,
    trust_tables,
)

__all__ = [
    "comms_tables",
    "decision_tables",
    "event_tables",
    "insight_tables",
    "oauth_tables",
    "outbox_tables",
    "reminder_tables",
    "tables",
    "trust_tables",
]
