"""What telling customers owes Slack is saved with the change and said once, whatever fails."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.comms_tables import CommsOutboxRow, CustomerUpdateRow
from tests.comms.conftest import Comms
from tests.comms.telling import SECTIONS, next_update_in, open_tell_form, preview_of, submit_form
from tests.handlers.walking import declared_crisis


def approval_requests(harness, crisis) -> list:
    return [m for m in harness.fake.messages(crisis.channel_id) if "waiting for approval" in m.text]


def test_a_slack_outage_delays_the_approval_request_and_a_dead_process_never_doubles_it(
    comms: Comms,
):
    harness = comms.harness
    deliveries = harness.runtime.deliveries
    crisis = declared_crisis(harness)
    form = open_tell_form(harness, crisis)
    answers = {
        **SECTIONS,
        "comms_touch_points": ["email"],
        "comms_next_update": next_update_in(harness, 20),
    }
    preview = preview_of(submit_form(harness, form, answers))

    harness.fake.server_error_next("chat.postMessage")
    answer = harness.sender.submit_view(preview, {}, user="U002")
    assert answer.json() == {"response_action": "clear"}
    harness.settle()
    assert approval_requests(harness, crisis) == []  # Slack answered 500: nothing was said
    with Session(harness.runtime.engine) as session:
        [row] = session.exec(select(CommsOutboxRow)).all()
        assert (row.status, row.attempts, row.effect) == ("pending", 1, "request_update_approval")
    assert deliveries.run_until_idle() == 0  # backing off
    harness.clock.advance(timedelta(seconds=5))
    assert deliveries.run_until_idle() == 1
    [request] = approval_requests(harness, crisis)

    # A process that posted and died before recording it: the next one finds the message.
    with Session(harness.runtime.engine) as session:
        session.execute(
            update(CommsOutboxRow)
            .where(col(CommsOutboxRow.id) == row.id)
            .values(status="pending", started_at=harness.clock(), done_at=None)
        )
        session.execute(update(CustomerUpdateRow).values(approval_ts=None, approval_channel=None))
        session.commit()
    assert deliveries.run_until_idle() == 1
    assert approval_requests(harness, crisis) == [request]
    with Session(harness.runtime.engine) as session:
        draft = session.exec(select(CustomerUpdateRow)).one()
        assert draft.approval_ts == request.ts  # what the first attempt left is remembered
