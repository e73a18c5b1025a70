"""Which reminders the trust work causes; called inside the change's own transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.crisis.model import Crisis
from bot.reminders.model import ReminderKind, ReminderSpec
from bot.response.ports import UnitOfWork
from bot.trust.checkins import CheckIn
from bot.trust.outreach import Programme


class TrustReminders:
    """Outreach owners are reminded every period until their programme is done."""

    def __init__(self, *, outreach_every: timedelta) -> None:
        self._every = outreach_every

    def outreach_planned(
        self, unit: UnitOfWork, crisis: Crisis, programme: Programme, now: datetime
    ) -> None:
        """Remind the owner a period from now (or at the due date, if sooner), then each period."""
        if programme.done:
            self.outreach_done(unit, crisis, programme)
            return
        unit.reminders.schedule(
            ReminderSpec(
                crisis_id=crisis.id,
                kind=ReminderKind.OUTREACH_DUE,
                subject=str(programme.id),
                due_at=min(now + self._every, programme.due_at),
                every=self._every,
                user_id=programme.owner_id,
                params={
                    "segment": programme.segment_name,
                    "target": str(programme.target),
                    "due": programme.due_at.isoformat(),
                },
            )
        )

    def segment_action_planned(self, unit: UnitOfWork, crisis: Crisis, check_in: CheckIn) -> None:
        """A check-in's follow-up action on its segment is reminded like the review's."""
        action = check_in.draft.action
        if action is None:
            return
        unit.reminders.schedule(
            ReminderSpec(
                crisis_id=crisis.id,
                kind=ReminderKind.ACTION_DUE,
                subject=f"check-in:{check_in.id}",
                due_at=action.due_at,
                channel_id=crisis.channel_id,
                user_id=action.owner_id,
                params={"segment": check_in.segment_name, "action": check_in.draft.change},
            )
        )

    def outreach_done(self, unit: UnitOfWork, crisis: Crisis, programme: Programme) -> None:
        """A programme that reached its target is reminded no more."""
        unit.reminders.cancel(crisis.id, ReminderKind.OUTREACH_DUE, str(programme.id))
