"""Call-centre script repository: rows <-> the domain's CallScript versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from bot.clock import as_utc
from bot.comms.model import UpdateStatus
from bot.comms.scripts import CallScript, ScriptBasis, ScriptPart
from storage.comms_tables import CallScriptRow
from storage.tables import CrisisRow

PART_VALUES = frozenset(part.value for part in ScriptPart)


class SqlScriptRepository:
    """Call-centre scripts, within the caller's session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        crisis_id: int,
        *,
        author_id: str,
        parts: dict[ScriptPart, str],
        basis: ScriptBasis,
        at: datetime,
    ) -> CallScript:
        """Store a script waiting for approval."""
        row = CallScriptRow(
            crisis_id=crisis_id,
            status=UpdateStatus.PENDING.value,
            author_id=author_id,
            parts={part.value: text for part, text in parts.items()},
            basis=basis_json(basis),
            created_at=at,
        )
        self._session.add(row)
        self._session.flush()
        return to_script(row)

    def get(self, script_id: int) -> CallScript | None:
        """The version with this id (as the database holds it now)."""
        row = self._session.get(CallScriptRow, script_id, populate_existing=True)
        return None if row is None else to_script(row)

    def versions(self, crisis_id: int) -> list[CallScript]:
        """Every script of the crisis, oldest first."""
        rows = self._session.exec(
            select(CallScriptRow)
            .where(CallScriptRow.crisis_id == crisis_id)
            .order_by(col(CallScriptRow.id))
            .execution_options(populate_existing=True)
        ).all()
        return [to_script(row) for row in rows]

    def next_version(self, crisis_id: int) -> int:
        """The version the crisis's next approved script gets."""
        highest = self._session.exec(
            select(func.max(CallScriptRow.version)).where(CallScriptRow.crisis_id == crisis_id)
        ).one()
        return int(highest or 0) + 1

    def move(
        self,
        script_id: int,
        *,
        to_status: UpdateStatus,
        at: datetime,
        by: str,
        reason: str | None = None,
        version: int | None = None,
    ) -> bool:
        """Decide a pending script, once; False if someone decided it first."""
        result = self._session.execute(
            update(CallScriptRow)
            .where(
                col(CallScriptRow.id) == script_id,
                col(CallScriptRow.status) == UpdateStatus.PENDING.value,
            )
            .values(
                status=to_status.value, decided_by=by, decided_at=at, reason=reason, version=version
            )
        )
        return bool(getattr(result, "rowcount", 0))

    def set_messages(
        self,
        script_id: int,
        *,
        approval: tuple[str, str] | None = None,
        support_ts: str | None = None,
    ) -> None:
        """Remember where the approval request (channel, ts) or the pinned copy was posted."""
        values: dict[str, Any] = {}
        if approval is not None:
            values |= {"approval_channel": approval[0], "approval_ts": approval[1]}
        if support_ts is not None:
            values["support_ts"] = support_ts
        self._session.execute(
            update(CallScriptRow).where(col(CallScriptRow.id) == script_id).values(**values)
        )

    def approved_in_active_crises(self) -> list[CallScript]:
        """The latest approved script of every crisis not yet reviewed (agents still use it)."""
        rows = self._session.exec(
            select(CallScriptRow)
            .join(CrisisRow, col(CrisisRow.id) == col(CallScriptRow.crisis_id))
            .where(
                CallScriptRow.status == UpdateStatus.APPROVED.value,
                col(CrisisRow.status) != "reviewed",
            )
            .order_by(col(CallScriptRow.crisis_id), col(CallScriptRow.version).desc())
        ).all()
        latest: dict[int, CallScript] = {}
        for row in rows:
            latest.setdefault(row.crisis_id, to_script(row))
        return list(latest.values())

    def mark_nudged(self, script_id: int, *, at: datetime, unless_since: datetime) -> bool:
        """Record a nudge about this stale script, unless one was sent since `unless_since`."""
        result = self._session.execute(
            update(CallScriptRow)
            .where(
                col(CallScriptRow.id) == script_id,
                (col(CallScriptRow.nudged_at).is_(None))
                | (col(CallScriptRow.nudged_at) <= unless_since),
            )
            .values(nudged_at=at)
        )
        return bool(getattr(result, "rowcount", 0))


def basis_json(basis: ScriptBasis) -> dict[str, object]:
    """A basis as stored."""
    return {
        "update_id": basis.update_id,
        "customer_eta": basis.customer_eta.isoformat() if basis.customer_eta else None,
        "compensation": basis.compensation,
        "resolved": basis.resolved,
    }


def to_basis(data: dict[str, Any]) -> ScriptBasis:
    """A stored basis, as the domain sees it."""
    eta = data.get("customer_eta")
    update_id = data.get("update_id")
    return ScriptBasis(
        update_id=update_id if isinstance(update_id, int) else None,
        customer_eta=as_utc(datetime.fromisoformat(eta)) if isinstance(eta, str) else None,
        compensation=str(data.get("compensation") or ""),
        resolved=bool(data.get("resolved")),
    )


def to_script(row: CallScriptRow) -> CallScript:
    """The domain view of a script row."""
    assert row.id is not None
    return CallScript(
        id=row.id,
        crisis_id=row.crisis_id,
        version=row.version,
        status=UpdateStatus(row.status),
        author_id=row.author_id,
        parts={ScriptPart(k): v for k, v in row.parts.items() if k in PART_VALUES},
        basis=to_basis(row.basis),
        created_at=as_utc(row.created_at),
        decided_by=row.decided_by,
        decided_at=None if row.decided_at is None else as_utc(row.decided_at),
        reason=row.reason,
        approval_channel=row.approval_channel,
        approval_ts=row.approval_ts,
        support_ts=row.support_ts,
    )
