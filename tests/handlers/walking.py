"""Steps for tests that walk a crisis through the playbook via signed requests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, select

from storage.tables import CrisisRow
from tests.handlers.declaring import block_text, declare
from tests.harness import Harness, eventually


def declared_crisis(harness: Harness, **answers: Any) -> CrisisRow:
    """Declare a crisis and return its row (with channel and board)."""
    declare(harness, **answers)
    with Session(harness.runtime.engine) as session:
        row = session.exec(select(CrisisRow).order_by(col(CrisisRow.id).desc())).first()
    assert row is not None and row.channel_id and row.board_ts
    return row


def opened_view(harness: Harness, before: int) -> dict[str, Any]:
    """The view the app opened after `before` views.open calls."""
    return eventually(lambda: harness.fake.calls_to("views.open")[before:])[0].response["view"]


def open_step(
    harness: Harness, crisis: CrisisRow, step: str, *, user: str = "U001"
) -> dict[str, Any]:
    """Click the board's "Open <step>" button; return the modal."""
    before = len(harness.fake.calls_to("views.open"))
    answer = harness.sender.click(
        "crisis_open_step",
        value=f"{crisis.id}:{step}",
        user=user,
        channel=crisis.channel_id,
        message_ts=crisis.board_ts,
    )
    assert answer.status == 200
    return opened_view(harness, before)


def submit(
    harness: Harness, view: dict[str, Any], answers: dict[str, Any], *, user: str = "U001"
) -> dict[str, Any] | None:
    """Submit a modal; the JSON answer (field errors) or None when it closed."""
    answer = harness.sender.submit_view(view, answers, user=user)
    assert answer.status == 200, answer
    harness.settle()
    return answer.json()


def board(harness: Harness, crisis: CrisisRow) -> str:
    """The board's text as Slack now holds it."""
    message = next(m for m in harness.fake.messages(crisis.channel_id) if m.ts == crisis.board_ts)
    return block_text(message.blocks)


def channel_texts(harness: Harness, crisis: CrisisRow) -> list[str]:
    """Every message in the crisis channel except the board, as text."""
    return [
        block_text(m.blocks) or m.text
        for m in harness.fake.messages(crisis.channel_id)
        if m.ts != crisis.board_ts
    ]


def eta_in(harness: Harness, hours: int) -> int:
    """An epoch time `hours` after the test clock's now (a datetimepicker's value)."""
    return int((harness.clock() + timedelta(hours=hours)).timestamp())


NEGATIVE = {"impact_direction": "negative", "mitigation": "Refund double charges within 24h."}
POSITIVE = {
    "impact_direction": "positive",
    "highlight": "Tell customers on the status page that checkout works again.",
}
MIXED = {"impact_direction": "mixed", "mitigation": "Account managers call top accounts."}
UNKNOWN = {"impact_direction": "unknown"}
