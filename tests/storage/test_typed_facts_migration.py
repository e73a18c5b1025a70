"""0005 turns the rows 0004's code wrote (string dicts, rendered summaries) into typed facts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.crisis.decisions import DecisionKind, TimelineKind
from bot.crisis.facts import (
    FixPlan,
    FollowUpAction,
    PriorityDraft,
    RefocusPlan,
    ResetAnswers,
    Resolution,
    ReviewAnswers,
    StatusUpdate,
)
from bot.crisis.impact import Harm
from bot.crisis.model import Severity
from storage.db import create_db_engine, migrate
from storage.unit_of_work import SqlUnitOfWork
from tests.databases import postgres_admin_url, scratch_postgres_database

AT = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
# Exactly what 0004's handlers stored in decision.details, kind by kind.
DETAILS_0004: list[tuple[str, str, dict[str, str]]] = [
    (
        "reset",
        "Checkout charges cards twice.",
        {
            "products": "Checkout charges cards twice.",
            "outcomes": "Chargebacks.",
            "expectations": "Money back today.",
        },
    ),
    (
        "refocus",
        "Stop duplicate captures; Refund affected orders",
        {
            "priorities": "1. Stop duplicate captures · reduces ill effects on their operations: "
            "financial · <@U003>\n2. Refund affected orders · reduces their burden to recover · "
            "<@U002>"
        },
    ),
    (
        "fix",
        "Disable the retry job",
        {
            "short_term": "Disable the retry job",
            "meanwhile": "Status page hourly",
            "long_term": "Idempotent capture",
            "compensation": "",
            "customer_eta": "2026-11-25 15:00 UTC",
        },
    ),
    ("decision", "Pause marketing emails", {}),
    (
        "update",
        "Captures stopped",
        {
            "what_changed": "Captures stopped",
            "impact_now": "No new double charges",
            "next_update": "2026-11-25 11:00 UTC",
        },
    ),
    (
        "resolution",
        "Retry job fixed",
        {"how": "Retry job fixed", "compensation": "One month free"},
    ),
    (
        "review",
        "A retry without an idempotency key",
        {
            "causes": "A retry without an idempotency key",
            "discovery": "Support tickets",
            "response": "Stopped the job",
            "prevention": "Idempotency keys",
            "processes": "Mostly",
            "improvements": "Alerting on captures",
            "actions": "- Add capture alerts (owner <@U003>, due 2026-12-13)",
        },
    ),
]
# Exactly what 0004's services stored in timeline_event.summary.
SUMMARIES_0004 = [
    ("declared", "U001", "Crisis declared: Checkout (is) down (SEV2 · Major)"),
    ("channel_opened", "U001", "Channel #crisis-20261125-checkout opened"),
    ("reset", "U002", "Reset: Checkout charges cards twice."),
    ("severity_changed", "U001", "Severity changed from SEV2 · Major to SEV1 · Critical"),
    ("lead_changed", "U001", "Lead handed over from <@U001> to <@U003>"),
    ("snoozed", "U003", "Snoozed a reminder: :alarm_clock: *Reset* is overdue. Push the"),
    ("decision", "U003", "Decision: Pause: marketing emails"),
    ("resolved", "U003", "Resolved: Retry job fixed"),
    ("reviewed", "U003", "Review completed"),
]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with no schema at all, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    yield from scratch_postgres_database(postgres_admin_url(), migrated=False)


def test_rows_written_at_0004_read_back_as_typed_facts(empty_database: str):
    engine = create_db_engine(empty_database)
    try:
        migrate(engine, "0004")
        with engine.begin() as connection:
            write_0004_rows(connection)
        migrate(engine)
        with SqlUnitOfWork(engine, write=False) as unit:
            decisions, _ = unit.decisions.page(1, offset=0, limit=50)
            events, _ = unit.timeline.page(1, offset=0, limit=50)
    finally:
        engine.dispose()

    facts = {d.kind: d.facts for d in decisions}
    assert facts[DecisionKind.RESET] == ResetAnswers(
        "Checkout charges cards twice.", "Chargebacks.", "Money back today."
    )
    assert facts[DecisionKind.REFOCUS] == RefocusPlan(
        (
            PriorityDraft("Stop duplicate captures", Harm.OPERATIONS_FINANCIAL, "U003"),
            PriorityDraft("Refund affected orders", Harm.RECOVERY_BURDEN, "U002"),
        )
    )
    assert facts[DecisionKind.FIX] == FixPlan(
        "Disable the retry job",
        "Status page hourly",
        "Idempotent capture",
        "",
        datetime(2026, 11, 25, 15, 0, tzinfo=UTC),
    )
    assert facts[DecisionKind.DECISION] is None
    assert facts[DecisionKind.UPDATE] == StatusUpdate(
        "Captures stopped", "No new double charges", datetime(2026, 11, 25, 11, 0, tzinfo=UTC)
    )
    assert facts[DecisionKind.RESOLUTION] == Resolution("Retry job fixed", "One month free")
    review = facts[DecisionKind.REVIEW]
    assert isinstance(review, ReviewAnswers)
    assert review.causes == "A retry without an idempotency key"
    assert review.actions == (
        FollowUpAction("Add capture alerts", "U003", datetime(2026, 12, 13, 9, 0, tzinfo=UTC)),
    )

    fields = [(e.kind, e.actor_id, e.subject, e.from_value, e.to_value) for e in events]
    assert fields == [
        (TimelineKind.DECLARED, "U001", "Checkout (is) down", None, Severity.SEV2.value),
        (TimelineKind.CHANNEL_OPENED, "U001", "crisis-20261125-checkout", None, None),
        (TimelineKind.RESET, "U002", "Checkout charges cards twice.", None, None),
        (TimelineKind.SEVERITY_CHANGED, "U001", "", "sev2", "sev1"),
        (TimelineKind.LEAD_HANDED_OVER, "U001", "", "U001", "U003"),
        (TimelineKind.REMINDER_SNOOZED, "U003", "step_overdue", None, None),
        (TimelineKind.DECISION, "U003", "Pause: marketing emails", None, None),
        (TimelineKind.RESOLVED, "U003", "Retry job fixed", None, None),
        (TimelineKind.REVIEWED, "U003", "", None, None),
    ]
    stored = " ".join(str(value) for event in fields for value in event)
    assert "<@" not in stored and ":alarm_clock:" not in stored


def write_0004_rows(connection: sa.Connection) -> None:
    """One crisis with a decision of every kind and a timeline of every kind, as 0004 wrote."""
    meta = sa.MetaData()
    meta.reflect(connection, only=["crisis", "decision", "priority", "timeline_event"])
    crisis, decision, priority, timeline = (
        meta.tables[name] for name in ("crisis", "decision", "priority", "timeline_event")
    )
    connection.execute(sa.insert(crisis).values(**crisis_row()))
    connection.execute(
        sa.insert(decision),
        [
            decision_row(n, kind, summary, details)
            for n, (kind, summary, details) in enumerate(DETAILS_0004)
        ],
    )
    connection.execute(
        sa.insert(priority),
        [
            priority_row(0, "Stop duplicate captures", "operations_financial", "U003"),
            priority_row(1, "Refund affected orders", "recovery_burden", "U002"),
        ],
    )
    connection.execute(
        sa.insert(timeline),
        [
            {"crisis_id": 1, "at": AT.replace(minute=n), "actor_id": actor, "kind": kind}
            | {"summary": summary}
            for n, (kind, actor, summary) in enumerate(SUMMARIES_0004)
        ],
    )


def crisis_row() -> dict[str, Any]:
    return {
        "id": 1,
        "idempotency_key": "view:V1",
        "team_id": "T0001",
        "title": "Checkout (is) down",
        "description": "Cards are charged twice.",
        "crisis_type": "production_breakdown",
        "severity": "sev1",
        "status": "reviewed",
        "lead_id": "U003",
        "declared_by": "U001",
        "responder_ids": ["U002", "U003"],
        "segment_ids": [],
        "declared_at": AT,
    }


def decision_row(n: int, kind: str, summary: str, details: dict[str, str]) -> dict[str, Any]:
    return {
        "idempotency_key": f"view:D{n}",
        "crisis_id": 1,
        "kind": kind,
        "summary": summary,
        "decided_by": "U003",
        "decided_at": AT.replace(minute=n),
        "direction": "unknown",
        "segment_ids": [],
        "harms": [],
        "mitigation": "",
        "highlight": "",
        "details": details,
    }


def priority_row(position: int, text: str, harm: str, owner: str) -> dict[str, Any]:
    return {
        "crisis_id": 1,
        "position": position,
        "text": text,
        "harm": harm,
        "owner_id": owner,
        "open": False,
        "created_at": AT,
    }
