"""The App Home: each person's plate, the open and resolved crises, insight; within 100 blocks."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import Session, select

from storage.tables import CrisisRow
from tests.handlers.walking import NEGATIVE, declared_crisis, open_step, submit
from tests.harness import Harness
from tests.home.homes import date, home_blocks, open_home, shape

TITLE = "*Checkout is double-charging*"
DECLARE = ("actions", ("Declare a crisis", "crisis_home_declare"))
RESET = {
    "reset_products": "Checkout charges cards twice.",
    "reset_outcomes": "Merchants face chargebacks and lost sales.",
    "reset_expectations": "They expect money back today.",
}


def tail(harness: Harness) -> list[tuple[Any, ...]]:
    """What every Home ends with while nothing was resolved and no segment exists."""
    return [
        ("divider",),
        ("header", "Recently resolved"),
        ("context", "No crisis was resolved in the last 30 days."),
        ("divider",),
        ("header", "Customer insight"),
        (
            "section",
            "*0* customer segments · none recorded yet: assessments show who is exposed once "
            "you add them",
            "crisis_home_insight",
            "insight",
        ),
    ]


def open_crisis(harness: Harness, crisis: CrisisRow, role: str) -> tuple[Any, ...]:
    next_update = harness.clock() + timedelta(minutes=30)  # SEV1: an update every 30 minutes
    return (
        "section",
        f"*SEV1 · Critical* · <#{crisis.channel_id}> {TITLE}{role}\n"
        f"Lead <@U001> · open for 0m · next customer update {date(next_update)}",
        None,
        None,
    )


def test_the_home_of_the_lead_a_responder_and_a_bystander(harness: Harness):
    crisis = declared_crisis(harness)
    now = harness.clock()
    step = f"Step of <#{crisis.channel_id}> {TITLE}"

    lead = [shape(block) for block in open_home(harness, "U001")]
    update = f"Promised to customers in <#{crisis.channel_id}> {TITLE}"
    assert lead == [
        DECLARE,
        ("header", "Needs you"),
        ("section", f"*Customer update* · due {date(now + timedelta(minutes=30))}\n{update}",
         "crisis_post_update", str(crisis.id)),
        ("section", f"*Reset* · due {date(now + timedelta(hours=1))}\n{step}",
         "crisis_open_step", f"{crisis.id}:reset"),
        ("section", f"*Refocus priorities* · due {date(now + timedelta(hours=2))}\n{step}",
         "crisis_open_step", f"{crisis.id}:refocus"),
        ("section", f"*Fix* · due {date(now + timedelta(hours=4))}\n{step}",
         "crisis_open_step", f"{crisis.id}:fix"),
        ("divider",),
        ("header", "Open crises"),
        open_crisis(harness, crisis, " · _you lead it_"),
        *tail(harness),
    ]  # fmt: skip

    nothing = [DECLARE, ("header", "Needs you"), ("context", "Nothing needs you now.")]
    responder = [shape(block) for block in open_home(harness, "U002")]
    assert responder == [
        *nothing,
        ("divider",),
        ("header", "Open crises"),
        open_crisis(harness, crisis, " · _you respond_"),
        *tail(harness),
    ]
    bystander = [shape(block) for block in open_home(harness, "U005")]
    assert bystander == [
        *nothing,
        ("divider",),
        ("header", "Open crises"),
        open_crisis(harness, crisis, ""),
        *tail(harness),
    ]


def test_overdue_steps_come_first_and_are_marked(harness: Harness):
    crisis = declared_crisis(harness)
    harness.clock.advance(timedelta(hours=3))  # the update, Reset and Refocus are late; Fix isn't

    sections = [shape(b) for b in open_home(harness, "U001") if b["type"] == "section"]
    assert [text.split("\n")[0].split(" · due")[0] for _, text, *_ in sections[:4]] == [
        ":red_circle: *Overdue* · *Customer update*",
        ":red_circle: *Overdue* · *Reset*",
        ":red_circle: *Overdue* · *Refocus priorities*",
        "*Fix*",
    ]
    assert sections[0][2:] == ("crisis_post_update", str(crisis.id))
    assert sections[1][2:] == ("crisis_open_step", f"{crisis.id}:reset")


def test_a_completed_step_leaves_the_home_without_anyone_opening_it(harness: Harness):
    crisis = declared_crisis(harness)
    assert "*Reset*" in str(open_home(harness, "U001"))
    published = len(harness.fake.calls_to("views.publish"))

    view = open_step(harness, crisis, "reset", user="U002")
    assert submit(harness, view, {**RESET, **NEGATIVE}, user="U002") is None

    # Redrawn after the change for the people concerned, with no app_home_opened event.
    refreshed = {
        call.args["user_id"] for call in harness.fake.calls_to("views.publish")[published:]
    }
    assert refreshed == {"U001", "U002", "U003"}
    texts = [shape(b)[1] for b in home_blocks(harness, "U001") if b["type"] == "section"]
    assert not any("*Reset*" in text for text in texts)
    assert [text.split(" · due")[0] for text in texts[:3]] == [
        "*Customer update*",
        "*Refocus priorities*",
        "*Fix*",
    ]


def test_the_home_buttons_open_the_declaration_and_insight_forms(harness: Harness):
    open_home(harness, "U004")
    home = harness.fake.home_view("U004")
    assert home is not None
    for action, callback in (
        ("crisis_home_declare", "crisis_declare"),
        ("crisis_home_insight", "crisis_insight"),
    ):
        before = len(harness.fake.calls_to("views.open"))
        answer = harness.sender.click(action, value="x", user="U004", view=home)
        assert answer.status == 200
        harness.settle()
        opened = harness.fake.calls_to("views.open")[before:]
        assert [call.response["view"]["callback_id"] for call in opened] == [callback]


def test_a_long_home_is_cut_at_100_blocks_with_a_pointer_to_the_list(harness: Harness):
    declared_crisis(harness)
    with Session(harness.runtime.engine) as session:
        first = session.exec(select(CrisisRow)).one()
    _copy_crisis(harness, first, copies=59)

    blocks = open_home(harness, "U001")
    assert len(blocks) == 100  # Slack's limit; the fake refuses 101
    contexts = [shape(b)[1] for b in blocks if b["type"] == "context"]
    # 60 open crises, 3 steps each, one update due: each list shows 44, points to the rest.
    assert contexts == [
        "and 137 more: `/crisis list`",
        "and 16 more: `/crisis list`",
        "No crisis was resolved in the last 30 days.",
    ]


def test_the_steps_of_an_older_crisis_still_need_its_lead(harness: Harness):
    declared_crisis(harness)
    with Session(harness.runtime.engine) as session:
        first = session.exec(select(CrisisRow)).one()
    _copy_crisis(harness, first, copies=120, lead="U002")  # newer than the lead's own crisis

    texts = [shape(b)[1] for b in open_home(harness, "U001") if b["type"] == "section"]
    assert [t.split(" · due")[0] for t in texts[:4]] == [
        "*Customer update*",
        "*Reset*",
        "*Refocus priorities*",
        "*Fix*",
    ]


def _copy_crisis(harness: Harness, crisis: CrisisRow, *, copies: int, lead: str = "U001") -> None:
    """Declared through storage, not Slack: only the Home's size is under test."""
    from bot.crisis.model import CrisisDraft, CrisisType, Severity, Step, StepState
    from storage.unit_of_work import SqlUnitOfWorkFactory

    playbook = harness.runtime.services.playbook
    units = SqlUnitOfWorkFactory(harness.runtime.engine)
    with units() as unit:
        for number in range(copies):
            draft = CrisisDraft(
                team_id=crisis.team_id,
                title=f"Copy {number}",
                description="Same trouble",
                crisis_type=CrisisType.OTHER,
                severity=Severity.SEV2,
                lead_id=lead,
                responder_ids=(),
                declared_by=lead,
            )
            steps = [
                Step(s.key, s.title, StepState.PENDING, lead, harness.clock() + s.due_after)
                for s in playbook.steps
            ]
            unit.crises.add(draft, steps=steps, declared_at=harness.clock(), key=f"copy-{number}")
        unit.commit()
