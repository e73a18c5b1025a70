"""Installed in two workspaces through OAuth: each acts as its own bot, and sees only its own."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text
from sqlmodel import Session, select

from storage.tables import CrisisRow
from tests.handlers.declaring import DEFAULT_ANSWERS
from tests.harness import Harness
from tests.workspaces.installing import (
    OTHER_TEAM,
    declare_in,
    distributed_harness,
    install,
    sender_for,
)

ANSWERS_B = {
    **DEFAULT_ANSWERS,
    "title": "Invoices are blank",
    "lead": "U201",
    "responders": ["U202"],
}


def crises(harness: Harness) -> dict[str, CrisisRow]:
    with Session(harness.runtime.engine) as session:
        return {row.team_id: row for row in session.exec(select(CrisisRow)).all()}


def two_workspaces(make_harness: Callable[..., Harness]) -> Harness:
    harness = distributed_harness(make_harness)
    assert "Thank you" in install(harness, "T0001", "U001")
    install(harness, OTHER_TEAM, "U201")
    for team, members in (("T0001", ("UBOT", "U001", "U002")), (OTHER_TEAM, ("UBOT2", "U201"))):
        harness.fake.create_channel("general", members=members, team_id=team)
    return harness


def test_two_workspaces_install_and_each_declares_in_its_own(make_harness: Callable[..., Harness]):
    harness = two_workspaces(make_harness)
    with harness.runtime.engine.connect() as connection:
        bots = connection.execute(text("SELECT team_id, bot_user_id FROM slack_bots")).all()
    assert sorted(bots) == [("T0001", "UBOT"), (OTHER_TEAM, "UBOT2")]

    general_a = harness.fake.channel_by_name("general")
    general_b = harness.fake.channel_by_name("general", team_id=OTHER_TEAM)
    assert general_a is not None and general_b is not None
    declare_in(harness, harness.sender, user="U001", channel=general_a.id, **DEFAULT_ANSWERS)
    declare_in(harness, sender_for(harness, OTHER_TEAM), user="U201", channel=general_b.id,
               **ANSWERS_B)  # fmt: skip

    rows = crises(harness)
    assert rows["T0001"].title == "Checkout is double-charging"
    assert rows[OTHER_TEAM].title == "Invoices are blank"
    for team, row in rows.items():
        channel = harness.fake.channel(str(row.channel_id))
        assert harness.fake.channel_by_name(channel.name, team_id=team) is channel
    # Every call for each crisis was made as that workspace's bot.
    created = harness.fake.calls_to("conversations.create")
    assert sorted(str(c.team) for c in created) == ["T0001", OTHER_TEAM]
    invites = {c.args["channel"]: c.team for c in harness.fake.calls_to("conversations.invite")}
    assert invites == {rows["T0001"].channel_id: "T0001", rows[OTHER_TEAM].channel_id: OTHER_TEAM}
