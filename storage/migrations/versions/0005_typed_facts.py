"""typed facts: decision records as checked JSON, timeline events as fields, no stored markup

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

Rows written by 0004 carry `decision.details` (string dicts keyed by the handlers, times as
"YYYY-MM-DD HH:MM UTC" text, people as `<@U...>` inside listings) and `timeline_event.summary`
(rendered sentences with mentions). They are parsed here into the shapes the record types read.
The parsing lives in this file on purpose: a migration must not change when the app's code does.
"""

import re
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SEVERITIES = {"SEV1": "sev1", "SEV2": "sev2", "SEV3": "sev3"}
HARMS = {
    "damage to their products or services": "product_damage",
    "ill effects on their operations: physical": "operations_physical",
    "ill effects on their operations: financial": "operations_financial",
    "ill effects on their operations: safety": "operations_safety",
    "their burden to recover": "recovery_burden",
}
# The emoji that opened each kind of nudge text, the only trace of a snoozed reminder's kind.
NUDGE_KINDS = {
    ":alarm_clock:": "step_overdue",
    ":mega:": "status_update_due",
    ":hourglass:": "customer_eta",
    ":mag:": "review_due",
    ":handshake:": "trust_follow_up",
    ":white_check_mark:": "action_due",
}
# Kinds whose answers were plain strings under the same keys, and the times stored as text.
PLAIN_FIELDS = {
    "reset": ("products", "outcomes", "expectations"),
    "fix": ("short_term", "meanwhile", "long_term", "compensation"),
    "update": ("what_changed", "impact_now"),
    "resolution": ("how", "compensation"),
}
TIME_FIELDS = {"fix": {"customer_eta": "customer_eta"}, "update": {"next_update": "next_update_at"}}
REVIEW_KEYS = ("causes", "discovery", "response", "prevention", "processes", "improvements")
PRIORITY_LINE = re.compile(r"^\d+\. (?P<text>.*) · reduces (?P<harm>.+) · <@(?P<owner>[A-Z0-9]+)>$")
ACTION_LINE = re.compile(
    r"^- (?P<text>.*) \(owner <@(?P<owner>[A-Z0-9]+)>, due (?P<due>\d{4}-\d{2}-\d{2})\)$"
)
SEVERITY_CHANGE = re.compile(r"^Severity changed from (SEV\d)\b.* to (SEV\d)\b")
HAND_OVER = re.compile(r"^Lead handed over from <@([A-Z0-9]+)> to <@([A-Z0-9]+)>")
DECLARED = re.compile(r"^Crisis declared: (?P<title>.*) \((?P<sev>SEV\d) · [^)]*\)$", re.DOTALL)
CHANNEL = re.compile(r"^Channel #(?P<name>\S+) opened$")

decision = sa.table(
    "decision",
    sa.column("id", sa.Integer),
    sa.column("crisis_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("details", sa.JSON),
    sa.column("facts", sa.JSON),
)
priority = sa.table(
    "priority",
    sa.column("crisis_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("text", sa.String),
    sa.column("harm", sa.String),
    sa.column("owner_id", sa.String),
)
timeline = sa.table(
    "timeline_event",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("summary", sa.String),
    sa.column("subject", sa.String),
    sa.column("from_value", sa.String),
    sa.column("to_value", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("facts", sa.JSON(), nullable=True))
    with op.batch_alter_table("timeline_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subject", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("from_value", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("to_value", sa.String(length=64), nullable=True))
    bind = op.get_bind()
    _convert_decisions(bind)
    _convert_timeline(bind)
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_column("details")
    with op.batch_alter_table("timeline_event", schema=None) as batch_op:
        batch_op.alter_column("subject", existing_type=sa.String(), nullable=False)
        batch_op.drop_column("summary")


def _convert_decisions(bind: sa.Connection) -> None:
    rows = bind.execute(
        sa.select(decision.c.id, decision.c.crisis_id, decision.c.kind, decision.c.details)
    )
    for row_id, crisis_id, kind, details in rows.all():
        facts = _facts(bind, kind, crisis_id, dict(details or {}))
        bind.execute(decision.update().where(decision.c.id == row_id).values(facts=facts))


def _facts(
    bind: sa.Connection, kind: str, crisis_id: int, d: dict[str, str]
) -> dict[str, Any] | None:
    text = {key: str(value or "") for key, value in d.items()}
    if kind == "refocus":
        return {"priorities": _priorities(bind, crisis_id, text.get("priorities", ""))}
    if kind == "review":
        answers: dict[str, Any] = {k: text.get(k, "") for k in REVIEW_KEYS}
        actions = [_action(line) for line in text.get("actions", "").splitlines()]
        return {**answers, "actions": [a for a in actions if a]}
    if kind not in PLAIN_FIELDS:
        return None  # a plain decision: its summary and assessment say it all
    facts: dict[str, Any] = {k: text.get(k, "") for k in PLAIN_FIELDS[kind]}
    for old, new in TIME_FIELDS.get(kind, {}).items():
        facts[new] = _time(text.get(old, ""))
    return facts


def _priorities(bind: sa.Connection, crisis_id: int, listing: str) -> list[dict[str, str]]:
    parsed = [PRIORITY_LINE.match(line.strip()) for line in listing.splitlines() if line.strip()]
    if parsed and all(m and m["harm"].lower() in HARMS for m in parsed):
        return [
            {"text": m["text"], "harm": HARMS[m["harm"].lower()], "owner_id": m["owner"]}
            for m in parsed
            if m
        ]
    # A listing that doesn't parse: the priority rows hold the same facts (one Refocus a crisis).
    rows = bind.execute(
        sa.select(priority.c.text, priority.c.harm, priority.c.owner_id)
        .where(priority.c.crisis_id == crisis_id)
        .order_by(priority.c.position)
    )
    return [{"text": t, "harm": h, "owner_id": o} for t, h, o in rows.all()]


def _action(line: str) -> dict[str, str] | None:
    match = ACTION_LINE.match(line.strip())
    if match is None:
        return None
    due = datetime.strptime(match["due"], "%Y-%m-%d").replace(hour=9, tzinfo=UTC)
    return {"text": match["text"], "owner_id": match["owner"], "due_at": due.isoformat()}


def _time(text: str) -> str | None:
    try:
        moment = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M UTC")
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC).isoformat()


def _convert_timeline(bind: sa.Connection) -> None:
    rows = bind.execute(sa.select(timeline.c.id, timeline.c.kind, timeline.c.summary))
    for row_id, kind, summary in rows.all():
        values = _event(kind, summary or "")
        bind.execute(timeline.update().where(timeline.c.id == row_id).values(**values))


def _event(kind: str, summary: str) -> dict[str, str | None]:
    fields: dict[str, str | None] = {"subject": "", "from_value": None, "to_value": None}
    if kind == "declared" and (m := DECLARED.match(summary)):
        fields.update(subject=m["title"], to_value=SEVERITIES[m["sev"]])
    elif kind == "channel_opened" and (m := CHANNEL.match(summary)):
        fields.update(subject=m["name"])
    elif kind == "severity_changed" and (m := SEVERITY_CHANGE.match(summary)):
        fields.update(from_value=SEVERITIES[m[1]], to_value=SEVERITIES[m[2]])
    elif kind == "lead_changed" and (m := HAND_OVER.match(summary)):
        fields.update(from_value=m[1], to_value=m[2])
    elif kind == "snoozed":
        nudge = summary.removeprefix("Snoozed a reminder: ")
        fields.update(subject=next((k for e, k in NUDGE_KINDS.items() if nudge.startswith(e)), ""))
    elif kind in ("decision", "reset", "refocus", "fix", "update", "resolved"):
        # "<Kind label>: <summary>": the summary is what the person typed.
        fields.update(subject=summary.split(": ", 1)[1] if ": " in summary else summary)
    return fields


def downgrade() -> None:
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("details", sa.JSON(), nullable=True))
    with op.batch_alter_table("timeline_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("summary", sa.String(), nullable=True))
    bind = op.get_bind()
    for row_id, facts in bind.execute(sa.select(decision.c.id, decision.c.facts)).all():
        # Flat strings, as 0004 stored them; nested lists become one line each.
        details = {k: _flat(v) for k, v in (facts or {}).items()}
        bind.execute(decision.update().where(decision.c.id == row_id).values(details=details))
    for row_id, kind, subject in bind.execute(
        sa.select(timeline.c.id, timeline.c.kind, timeline.c.subject)
    ).all():
        summary = f"{kind}: {subject}" if subject else kind
        bind.execute(timeline.update().where(timeline.c.id == row_id).values(summary=summary))
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.alter_column("details", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column("facts")
    with op.batch_alter_table("timeline_event", schema=None) as batch_op:
        batch_op.alter_column("summary", existing_type=sa.String(), nullable=False)
        batch_op.drop_column("to_value")
        batch_op.drop_column("from_value")
        batch_op.drop_column("subject")


def _flat(value: object) -> str:
    if isinstance(value, list):
        return "\n".join(" · ".join(str(v) for v in item.values()) for item in value)
    return "" if value is None else str(value)
