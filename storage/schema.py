"""Imports every table module so SQLModel.metadata knows the whole schema."""

from storage import (
    decision_tables,
    event_tables,
    insight_tables,
    oauth_tables,
    reminder_tables,
    tables,
)

__all__ = [
    "decision_tables",
    "event_tables",
    "insight_tables",
    "oauth_tables",
    "reminder_tables",
    "tables",
]
