"""Outreach programmes: plan one per high-touch segment, report progress, stop at the target."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.clock import Clock
from bot.crisis.model import Crisis
from bot.errors import FormErrors, NotAllowed, NotFound
from bot.insight.model import Segment
from bot.recovery.ports import RecoveryUnitOfWork, RecoveryUnits
from bot.recovery.reminders import TrustReminders
from bot.recovery.scope import affected_segment, redraw_board, team_crisis
from bot.trust.outreach import (
    OutreachReport,
    Programme,
    ProgrammeDraft,
    high_touch,
    programme_problems,
    report_problems,
)


class OutreachProgrammes:
    """The use cases of outreach; each change is one transaction with its reminders."""

    def __init__(self, *, units: RecoveryUnits, clock: Clock, reminders: TrustReminders) -> None:
        self._units = units
        self._clock = clock
        self._reminders = reminders

    def programmes(self, team_id: str, crisis_id: int) -> list[Programme]:
        """The crisis's programmes, by segment name."""
        with self._units(write=False) as unit:
            team_crisis(unit, team_id, crisis_id)
            return unit.programmes.list(crisis_id)

    def programme(self, team_id: str, programme_id: int) -> Programme:
        """One of the team's programmes, or NotFound."""
        with self._units(write=False) as unit:
            found = unit.programmes.get(programme_id)
        if found is None or found.team_id != team_id:
            raise NotFound("That outreach programme no longer exists.")
        return found

    def save(
        self,
        team_id: str,
        crisis_id: int,
        draft: ProgrammeDraft,
        *,
        by: str,
        programme_id: int | None,
    ) -> Programme:
        """Plan a programme or change one; FormErrors name each bad field."""
        now = self._clock()
        with self._units() as unit:
            crisis = team_crisis(unit, team_id, crisis_id)
            segment, complete = _checked(unit, crisis, draft, programme_id, now=now)
            saved = unit.programmes.save(
                complete,
                team_id=team_id,
                crisis_id=crisis.id,
                segment_name=segment.name,
                by=by,
                at=now,
                programme_id=programme_id,
            )
            self._reminders.outreach_planned(unit, crisis, saved, now)
            redraw_board(unit, crisis, now)
            unit.commit()
        return saved

    def report(
        self, team_id: str, programme_id: int, *, by: str, contacted: int, notes: str
    ) -> Programme:
        """Record "contacted N more" with notes (owner or lead); never past the target."""
        now = self._clock()
        with self._units() as unit:
            programme = unit.programmes.get(programme_id)
            if programme is None or programme.team_id != team_id:
                raise NotFound("That outreach programme no longer exists.")
            crisis = team_crisis(unit, team_id, programme.crisis_id)
            if by not in (programme.owner_id, crisis.lead_id):
                raise NotAllowed("Only the programme's owner or the crisis lead reports progress.")
            problems = report_problems(programme, contacted, notes)
            report = OutreachReport(contacted, notes.strip(), by, now)
            if not problems and not unit.programmes.report(programme_id, report):
                # Someone reported in between: judge again against what is stored now.
                fresh = unit.programmes.get(programme_id)
                problems = report_problems(fresh or programme, contacted, notes)
            if problems:
                raise FormErrors(problems)
            after = unit.programmes.get(programme_id)
            assert after is not None
            if after.done:
                self._reminders.outreach_done(unit, crisis, after)
            redraw_board(unit, crisis, now)
            unit.commit()
        return after


def _checked(
    unit: RecoveryUnitOfWork,
    crisis: Crisis,
    draft: ProgrammeDraft,
    programme_id: int | None,
    *,
    now: datetime,
) -> tuple[Segment, ProgrammeDraft]:
    """The programme's segment and the draft with its defaults, or FormErrors / NotFound."""
    segment = affected_segment(unit, crisis, draft.segment_id)
    problems = programme_problems(draft, segment, now=now)
    clash = {p.segment_id: p.id for p in unit.programmes.list(crisis.id)}
    if clash.get(draft.segment_id, programme_id) != programme_id and segment:
        problems["segment"] = f"{segment.name} already has a programme: edit that one."
    current = None if programme_id is None else unit.programmes.get(programme_id)
    if programme_id is not None and (current is None or current.crisis_id != crisis.id):
        raise NotFound("That outreach programme no longer exists.")
    if segment is not None and not problems:
        complete = with_defaults(draft, segment)
        if current is None or (complete.target or 0) >= current.contacted:
            return segment, complete
        contacted = f"{current.contacted:,} customers are already contacted"
        problems["target"] = f"{contacted}: aim at least that many."
    raise FormErrors(problems)


def with_defaults(draft: ProgrammeDraft, segment: Segment) -> ProgrammeDraft:
    """The segment's owner, high-touch points and size where the draft left them empty."""
    return replace(
        draft,
        owner_id=draft.owner_id or segment.owner_id,
        touch_points=draft.touch_points or high_touch(segment),
        target=segment.customers if draft.target is None else draft.target,
        message=draft.message.strip(),
    )
