"""Uninstalled (or tokens revoked): deliveries stop, everything is kept; a reinstall resumes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlmodel import Session, select

from bot.crisis.rules import Member
from storage.oauth_tables import WorkspaceRow
from storage.outbox_tables import OutboxRow
from storage.reminder_tables import ReminderRow
from storage.tables import CrisisRow
from tests.handlers.declaring import DEFAULT_ANSWERS
from tests.harness import Harness
from tests.workspaces.installing import OTHER_TEAM, declare_in, install, sender_for
from tests.workspaces.test_many_workspaces import ANSWERS_B, two_workspaces


def reminder_posts(harness: Harness, team: str, since: int) -> list[str]:
    """Channels that got a reminder from the app in `team`, after call number `since`."""
    return [
        str(c.args["channel"])
        for c in harness.fake.calls[since:]
        if c.method == "chat.postMessage" and c.team == team and c.ok
    ]


def pending(harness: Harness, team: str) -> int:
    with Session(harness.runtime.engine) as session:
        rows = session.exec(
            select(ReminderRow)
            .join(CrisisRow, CrisisRow.id == ReminderRow.crisis_id)  # type: ignore[arg-type]
            .where(CrisisRow.team_id == team, ReminderRow.status == "pending")
        ).all()
    return len(rows)


def test_uninstall_stops_deliveries_and_a_reinstall_resumes_them(
    make_harness: Callable[..., Harness],
):
    harness = two_workspaces(make_harness)
    a, b = harness.sender, sender_for(harness, OTHER_TEAM)
    for sender, user, team, answers in (
        (a, "U001", "T0001", DEFAULT_ANSWERS),
        (b, "U201", OTHER_TEAM, ANSWERS_B),
    ):
        general = harness.fake.channel_by_name("general", team_id=team)
        assert general is not None
        declare_in(harness, sender, user=user, channel=general.id, **answers)
    kept = pending(harness, OTHER_TEAM)

    harness.fake.revoke_tokens(OTHER_TEAM)
    event = {"type": "app_uninstalled"}
    assert b.event(event, event_id="Ev0GONE").status == 200
    assert b.event(event, event_id="Ev0GONE", retry_num=1).status == 200
    harness.settle()
    with Session(harness.runtime.engine) as session:
        row = session.get(WorkspaceRow, OTHER_TEAM)
    assert row is not None and not row.active

    harness.clock.advance(timedelta(hours=2))  # every nudge is due in both workspaces
    before = len(harness.fake.calls)
    harness.runtime.deliveries.run_until_idle()
    assert reminder_posts(harness, "T0001", before)
    assert reminder_posts(harness, OTHER_TEAM, before) == []
    assert not any(c.team == OTHER_TEAM for c in harness.fake.calls[before:])
    assert pending(harness, OTHER_TEAM) == kept  # kept, not deleted

    install(harness, OTHER_TEAM, "U201")
    before = len(harness.fake.calls)
    harness.runtime.deliveries.run_until_idle()
    assert reminder_posts(harness, OTHER_TEAM, before)


def test_revoked_tokens_stop_deliveries_too(make_harness: Callable[..., Harness]):
    harness = two_workspaces(make_harness)
    b = sender_for(harness, OTHER_TEAM)
    assert (
        b.event({"type": "tokens_revoked", "tokens": {"bot": ["UBOT2"]}}, event_id="Ev0REV").status
        == 200
    )
    harness.settle()
    with Session(harness.runtime.engine) as session:
        row = session.get(WorkspaceRow, OTHER_TEAM)
        first = session.get(WorkspaceRow, "T0001")
    assert row is not None and not row.active
    assert first is None or first.active


def test_revoking_only_people_s_tokens_changes_nothing(make_harness: Callable[..., Harness]):
    harness = two_workspaces(make_harness)
    event = {"type": "tokens_revoked", "tokens": {"oauth": ["U201"], "bot": []}}
    assert sender_for(harness, OTHER_TEAM).event(event, event_id="Ev0USER").status == 200
    harness.settle()
    with Session(harness.runtime.engine) as session:
        row = session.get(WorkspaceRow, OTHER_TEAM)
    assert row is not None and row.active


def test_outbox_rows_of_an_uninstalled_workspace_wait_for_a_reinstall(
    make_harness: Callable[..., Harness],
):
    harness = two_workspaces(make_harness)
    b = sender_for(harness, OTHER_TEAM)
    general = harness.fake.channel_by_name("general", team_id=OTHER_TEAM)
    assert general is not None
    declare_in(harness, b, user="U201", channel=general.id, **ANSWERS_B)
    with Session(harness.runtime.engine) as session:
        row = session.exec(select(CrisisRow).where(CrisisRow.team_id == OTHER_TEAM)).one()
    assert row.id is not None and row.channel_id
    crisis = harness.runtime.services.response.crisis(row.id)
    harness.fake.revoke_tokens(OTHER_TEAM)
    assert b.event({"type": "app_uninstalled"}, event_id="Ev0OUT").status == 200
    harness.settle()

    before = len(harness.fake.calls)
    # A change saved meanwhile (by a process that had it in hand): its Slack side waits.
    harness.runtime.services.response.hand_over(
        crisis, actor="U201", new_lead="U202", member=Member("U202")
    )
    harness.settle()
    harness.runtime.deliveries.run_until_idle()
    said = [c for c in harness.fake.calls[before:] if c.method.startswith("chat.")]
    assert not any(c.team == OTHER_TEAM for c in said)
    with Session(harness.runtime.engine) as session:
        waiting = session.exec(
            select(OutboxRow).where(OutboxRow.crisis_id == row.id, OutboxRow.status == "pending")
        ).all()
    assert [r.kind for r in waiting] == ["lead_changed", "redraw_board"]
    assert all(r.attempts == 0 for r in waiting)  # not even tried: they wait, no backoff

    install(harness, OTHER_TEAM, "U201")
    harness.runtime.deliveries.run_until_idle()
    handed = [m for m in harness.fake.messages(row.channel_id) if "handed the lead" in m.text]
    assert len(handed) == 1
