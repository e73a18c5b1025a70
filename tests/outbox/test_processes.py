"""A process killed between saving a declaration and setting up its channel: the next process
finishes the set-up, with one channel, one board and one message to the declarer."""

from __future__ import annotations

import signal

import pytest

from bot.clock import utc_now
from bot.crisis.model import CrisisDraft, CrisisType, Severity
from bot.crisis.playbook import load_playbook
from bot.response.declaration import CrisisDeclarations
from storage.db import create_db_engine
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.fake_slack import FakeSlack
from tests.harness import eventually
from tests.reminders.test_processes import spawn

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def save_declaration(database_url: str, origin: str) -> None:
    """What the app does when the form is submitted, up to the commit (then it dies)."""
    engine = create_db_engine(database_url)
    declarations = CrisisDeclarations(
        units=SqlUnitOfWorkFactory(engine), playbook=load_playbook(None), clock=utc_now
    )
    draft = CrisisDraft(
        team_id="T0001",
        title="Checkout is double-charging",
        description="Cards are charged twice.",
        crisis_type=CrisisType.PRODUCTION_BREAKDOWN,
        severity=Severity.SEV1,
        lead_id="U001",
        responder_ids=("U002",),
        declared_by="U001",
        origin_channel_id=origin,
    )
    assert declarations.declare(draft, key="view:killed") is not None
    engine.dispose()


def test_a_process_killed_during_channel_set_up_is_finished_by_the_next(postgres_url: str):
    from tests.databases import empty_postgres_tables

    empty_postgres_tables(postgres_url)
    with FakeSlack() as fake:
        origin = fake.create_channel("general", members=("UBOT", "U001", "U002"))
        save_declaration(postgres_url, origin)
        # Slack creates the channel, then answers slowly: the process dies waiting.
        fake.set_delay(30, "conversations.create", after=True)
        doomed = spawn(postgres_url, fake, "--lease", "2", "--seconds", "60")
        eventually(lambda: fake.calls_to("conversations.create"))
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=10)
        fake.set_delay(0, "conversations.create")

        survivor = spawn(postgres_url, fake, "--lease", "2", "--seconds", "60")
        out, err = survivor.communicate(timeout=90)
        assert survivor.returncode == 0, err[-2000:]
        assert "delivered 0" not in out  # the survivor did the set-up
        channels = [c for c in fake.workspace.channels.values() if c.name.startswith("crisis-")]
        assert len(channels) == 1  # the dead process's channel was found, not made again
        [channel] = channels
        assert fake.calls_to("conversations.list")
        assert channel.members == {"UBOT", "U001", "U002"}
        assert len(channel.pins) == 1 and len(fake.messages(channel.id)) == 1
        [ready] = fake.ephemerals(origin)
        assert "is declared" in ready.text and f"<#{channel.id}>" in ready.text
