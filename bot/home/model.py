"""What a person's Home shows, as facts: their tasks, the crises open and recently resolved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.crisis.model import Crisis, CrisisStatus, StepKey


class TaskKind(StrEnum):
    """What kind of thing needs the person."""

    STEP = "step"
    UPDATE = "update"
    FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class FollowUp:
    """A follow-up action from a review, still pending, with its owner."""

    crisis: Crisis
    owner_id: str
    text: str
    due_at: datetime


@dataclass(frozen=True)
class Task:
    """One thing that needs the person: a playbook step, or a follow-up action."""

    kind: TaskKind
    crisis: Crisis
    label: str
    due_at: datetime | None
    overdue: bool
    step: StepKey | None = None


@dataclass(frozen=True)
class OpenCrisis:
    """An open crisis and when its next customer update is promised."""

    crisis: Crisis
    next_update_at: datetime | None


@dataclass(frozen=True)
class InsightSummary:
    """How much customer insight the workspace holds."""

    segments: int
    last_updated: datetime | None


@dataclass(frozen=True)
class HomeFacts:
    """What storage knows that a Home needs."""

    open_crises: Sequence[OpenCrisis]
    open_total: int
    led: Sequence[OpenCrisis]  # the open crises the person leads (their steps need them)
    resolved: Sequence[Crisis]
    follow_ups: Sequence[FollowUp]
    insight: InsightSummary


@dataclass(frozen=True)
class Home:
    """One person's Home tab, as facts."""

    team_id: str
    user_id: str
    now: datetime
    needs_you: tuple[Task, ...]
    open_crises: tuple[OpenCrisis, ...]
    open_total: int
    recently_resolved: tuple[Crisis, ...]
    insight: InsightSummary


def tasks_for(user_id: str, facts: HomeFacts, now: datetime) -> tuple[Task, ...]:
    """The person's tasks: overdue first, then soonest due, then those without a due time."""
    crises = [open_crisis.crisis for open_crisis in facts.led]
    tasks = [task for crisis in (*crises, *facts.resolved) for task in _steps(user_id, crisis, now)]
    tasks += [
        Task(
            kind=TaskKind.UPDATE,
            crisis=item.crisis,
            label="Customer update",
            due_at=item.next_update_at,
            overdue=item.next_update_at < now,
        )
        for item in facts.led
        # The lead owes customers the next update the crisis promised.
        if item.crisis.lead_id == user_id and item.next_update_at is not None
    ]
    tasks += [
        Task(
            kind=TaskKind.FOLLOW_UP,
            crisis=action.crisis,
            label=action.text,
            due_at=action.due_at,
            overdue=action.due_at < now,
        )
        for action in facts.follow_ups
        if action.owner_id == user_id
    ]
    return tuple(sorted(tasks, key=_urgency))


def _steps(user_id: str, crisis: Crisis, now: datetime) -> list[Task]:
    # The playbook gives every step to the lead, and a hand-over passes them on with the lead.
    if crisis.lead_id != user_id:
        return []
    if crisis.status is CrisisStatus.OPEN:
        steps = [s for s in crisis.steps if not s.done and s.key is not StepKey.REVIEW]
    elif crisis.status is CrisisStatus.RESOLVED:
        steps = [s for s in crisis.steps if not s.done and s.key is StepKey.REVIEW]
    else:
        steps = []
    return [
        Task(
            kind=TaskKind.STEP,
            crisis=crisis,
            label=step.title,
            due_at=step.due_at,
            overdue=step.due_at is not None and step.due_at < now,
            step=step.key,
        )
        for step in steps
    ]


def _urgency(task: Task) -> tuple[bool, bool, float, int]:
    due = task.due_at.timestamp() if task.due_at else 0.0
    return (not task.overdue, task.due_at is None, due, task.crisis.id)


def people_concerned(crisis: Crisis, *also: str) -> tuple[str, ...]:
    """Whose Home shows this crisis on their plate: lead, responders, declarer, step owners."""
    owners = (step.owner_id for step in crisis.steps)
    everyone = (*crisis.people, crisis.declared_by, *owners, *also)
    return tuple(dict.fromkeys(person for person in everyone if person))
