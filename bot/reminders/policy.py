"""Which reminders each change in a crisis causes; called inside the change's own transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from bot.crisis.facts import FollowUpAction
from bot.crisis.model import Crisis, StepKey
from bot.crisis.playbook import Playbook
from bot.durations import format_duration
from bot.reminders.model import ReminderKind, ReminderSpec
from bot.reminders.ports import ReminderUnit

ACTIVE_STEPS = (StepKey.RESET, StepKey.REFOCUS, StepKey.FIX)
# Reminders addressed to whoever leads (follow-up actions stay with their owners).
LEAD_DUTIES = (ReminderKind.CUSTOMER_ETA, ReminderKind.REVIEW_DUE, ReminderKind.TRUST_FOLLOW_UP)


class ReminderPolicy:
    """Keeps the response moving: nudges for steps, updates, the customer ETA and the review."""

    def __init__(self, playbook: Playbook) -> None:
        self._playbook = playbook

    def crisis_declared(self, unit: ReminderUnit, crisis: Crisis, now: datetime) -> None:
        """Nudge each step's owner when it is overdue; ask for status updates on cadence."""
        for step in crisis.steps:
            if step.key in ACTIVE_STEPS and step.due_at is not None:
                self._nudge_step(unit, crisis, step.key, step.due_at, step.owner_id)
        self.update_posted(unit, crisis, now + self._cadence(crisis))

    def step_completed(self, unit: ReminderUnit, crisis: Crisis, key: StepKey) -> None:
        """A completed step is nudged no more."""
        unit.reminders.cancel(crisis.id, ReminderKind.STEP_OVERDUE, key.value)

    def update_posted(self, unit: ReminderUnit, crisis: Crisis, next_update_at: datetime) -> None:
        """Ask the channel for the next update when it is due, then on the severity's cadence."""
        unit.reminders.schedule(
            ReminderSpec(
                crisis_id=crisis.id,
                kind=ReminderKind.STATUS_UPDATE_DUE,
                subject="",
                due_at=next_update_at,
                every=self._cadence(crisis),
                channel_id=crisis.channel_id,
            )
        )

    def eta_promised(self, unit: ReminderUnit, crisis: Crisis, eta: datetime) -> None:
        """Remind the lead before the fix time promised to customers."""
        unit.reminders.schedule(
            ReminderSpec(
                crisis_id=crisis.id,
                kind=ReminderKind.CUSTOMER_ETA,
                subject="",
                due_at=eta - self._playbook.eta_remind_before,
                channel_id=crisis.channel_id,
                user_id=crisis.lead_id,
                params={"eta": eta.isoformat()},
            )
        )

    def update_near_eta(self, unit: ReminderUnit, crisis: Crisis, now: datetime) -> None:
        """An update close to (or after) the promised fix time satisfies the ETA reminder."""
        eta = crisis.customer_eta
        if eta is not None and now >= eta - self._playbook.eta_remind_before:
            unit.reminders.cancel(crisis.id, ReminderKind.CUSTOMER_ETA)

    def crisis_resolved(
        self, unit: ReminderUnit, crisis: Crisis, review_at: datetime, now: datetime
    ) -> None:
        """Stop the response's nudges; nudge the lead for the review; plan the trust check-in."""
        for kind in (
            ReminderKind.STEP_OVERDUE,
            ReminderKind.STATUS_UPDATE_DUE,
            ReminderKind.CUSTOMER_ETA,
        ):
            unit.reminders.cancel(crisis.id, kind)
        self.review_scheduled(unit, crisis, review_at)
        for after in self._playbook.trust_check_ins:
            # Each check-in fires once: one reminder per (crisis, check-in).
            unit.reminders.schedule(
                ReminderSpec(
                    crisis_id=crisis.id,
                    kind=ReminderKind.TRUST_FOLLOW_UP,
                    subject=format_duration(after),
                    due_at=now + after,
                    channel_id=crisis.channel_id,
                    user_id=crisis.lead_id,
                )
            )

    def review_scheduled(self, unit: ReminderUnit, crisis: Crisis, review_at: datetime) -> None:
        """Nudge the lead from the review's time on (moving the review moves the nudges)."""
        review = self._playbook.step(StepKey.REVIEW)
        unit.reminders.schedule(
            ReminderSpec(
                crisis_id=crisis.id,
                kind=ReminderKind.REVIEW_DUE,
                subject=StepKey.REVIEW.value,
                due_at=review_at,
                every=review.nudge_every,
                channel_id=crisis.channel_id,
                user_id=crisis.lead_id,
            )
        )

    def crisis_reviewed(
        self, unit: ReminderUnit, crisis: Crisis, actions: Sequence[FollowUpAction]
    ) -> None:
        """The review is done; its follow-up actions become reminders for their owners."""
        unit.reminders.cancel(crisis.id, ReminderKind.REVIEW_DUE)
        for number, action in enumerate(actions, 1):
            unit.reminders.schedule(
                ReminderSpec(
                    crisis_id=crisis.id,
                    kind=ReminderKind.ACTION_DUE,
                    subject=str(number),
                    due_at=action.due_at,
                    channel_id=crisis.channel_id,
                    user_id=action.owner_id,
                    params={"action": action.text},
                )
            )

    def lead_handed_over(
        self, unit: ReminderUnit, crisis: Crisis, *, new_lead: str, steps: Sequence[StepKey]
    ) -> None:
        """The new lead is nudged for the steps that moved to them and for the lead's duties."""
        moved = {key.value for key in steps}
        for reminder in unit.reminders.pending(crisis.id):
            spec = reminder.spec
            step_moved = spec.kind is ReminderKind.STEP_OVERDUE and spec.subject in moved
            lead_duty = spec.kind in LEAD_DUTIES and spec.user_id == crisis.lead_id
            if step_moved or lead_duty:
                unit.reminders.schedule(replace(spec, user_id=new_lead))

    def _nudge_step(
        self, unit: ReminderUnit, crisis: Crisis, key: StepKey, due_at: datetime, owner_id: str
    ) -> None:
        step = self._playbook.step(key)
        unit.reminders.schedule(
            ReminderSpec(
                crisis_id=crisis.id,
                kind=ReminderKind.STEP_OVERDUE,
                subject=key.value,
                due_at=due_at,
                every=step.nudge_every,
                channel_id=crisis.channel_id,
                user_id=owner_id,
            )
        )

    def _cadence(self, crisis: Crisis) -> timedelta:
        return self._playbook.status_update_every[crisis.severity]
