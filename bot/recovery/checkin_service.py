"""Trust check-ins: recorded per segment, written back to the segment's history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.clock import Clock
from bot.crisis.decisions import DecisionKind
from bot.crisis.facts import ReviewAnswers
from bot.crisis.model import Crisis, CrisisStatus
from bot.errors import FormErrors, NotAllowed
from bot.recovery.history import SegmentLesson
from bot.recovery.ports import RecoveryUnitOfWork, RecoveryUnits
from bot.recovery.reminders import TrustReminders
from bot.recovery.scope import affected_segment, team_crisis
from bot.trust.checkins import CheckIn, CheckInDraft, check_in_problems

# How many crises of its history a segment shows, and how many check-ins are read for them.
HISTORY_SHOWN = 3
HISTORY_READ = 500
NOT_REVIEW = tuple(kind for kind in DecisionKind if kind is not DecisionKind.REVIEW)


class TrustCheckIns:
    """The use cases of the trust check-ins and the lessons they leave on each segment."""

    def __init__(
        self,
        *,
        units: RecoveryUnits,
        clock: Clock,
        labels: tuple[str, ...],
        reminders: TrustReminders,
    ) -> None:
        self.labels = labels
        self._units = units
        self._clock = clock
        self._reminders = reminders

    def prevention(self, team_id: str, crisis_id: int) -> str:
        """The review's answer to "how could it have been prevented?" ('' before the review)."""
        with self._units(write=False) as unit:
            team_crisis(unit, team_id, crisis_id)
            reviews, _ = unit.decisions.page(crisis_id, offset=0, limit=1, exclude=NOT_REVIEW)
        facts = reviews[0].facts if reviews else None
        return facts.prevention if isinstance(facts, ReviewAnswers) else ""

    def record(self, team_id: str, crisis_id: int, draft: CheckInDraft, *, by: str) -> CheckIn:
        """Record one segment's check-in (once); its follow-up action is reminded to its owner."""
        now = self._clock()
        draft = replace(draft, saying=draft.saying.strip(), change=draft.change.strip())
        with self._units() as unit:
            crisis = team_crisis(unit, team_id, crisis_id)
            if crisis.status is CrisisStatus.OPEN:
                raise NotAllowed("Trust check-ins come after the crisis is resolved.")
            segment = affected_segment(unit, crisis, draft.segment_id)
            problems = check_in_problems(draft, segment, labels=self.labels, now=now)
            if segment is not None and _recorded(unit, crisis, draft):
                problems["segment"] = (
                    f"The {draft.check_in} check-in of {segment.name} is already recorded."
                )
            if problems:
                raise FormErrors(problems)
            assert segment is not None
            saved = unit.check_ins.add(
                draft,
                team_id=team_id,
                crisis_id=crisis.id,
                segment_name=segment.name,
                by=by,
                at=now,
            )
            self._reminders.segment_action_planned(unit, crisis, saved)
            unit.commit()
        return saved

    def lessons(self, team_id: str, segment_ids: Sequence[int]) -> list[SegmentLesson]:
        """Each segment's last lessons: its latest check-in, with that crisis's facts."""
        history = self.history(team_id, segment_ids, per_segment=1)
        return [lesson for segment_id in segment_ids for lesson in history.get(segment_id, [])]

    def history(
        self, team_id: str, segment_ids: Sequence[int], *, per_segment: int = HISTORY_SHOWN
    ) -> dict[int, list[SegmentLesson]]:
        """Per segment, the crises that touched it (newest first), each with its latest check-in."""
        # Each segment's newest check-ins, one per crisis, before anything else is read.
        chosen: dict[int, list[CheckIn]] = {}
        with self._units(write=False) as unit:
            recent = unit.check_ins.recent_for_segments(team_id, segment_ids, limit=HISTORY_READ)
            for check_in in recent:
                kept = chosen.setdefault(check_in.draft.segment_id, [])
                if len(kept) < per_segment and all(c.crisis_id != check_in.crisis_id for c in kept):
                    kept.append(check_in)
            crisis_ids = sorted({c.crisis_id for kept in chosen.values() for c in kept})
            # The crises and their offers for every segment at once, not one crisis at a time.
            crises = unit.crises.get_many(crisis_ids)
            offers = unit.offers.of_crises(crisis_ids) if crisis_ids else []
        history: dict[int, list[SegmentLesson]] = {}
        for segment_id, kept in chosen.items():
            lessons = history.setdefault(segment_id, [])
            for check_in in kept:
                crisis = crises.get(check_in.crisis_id)
                if crisis is not None:
                    mine = [
                        o for o in offers if o.crisis_id == crisis.id and o.segment_id == segment_id
                    ]
                    lessons.append(SegmentLesson(segment_id, crisis, check_in, tuple(mine)))
        return history


def _recorded(unit: RecoveryUnitOfWork, crisis: Crisis, draft: CheckInDraft) -> bool:
    return any(
        c.draft.check_in == draft.check_in and c.draft.segment_id == draft.segment_id
        for c in unit.check_ins.for_crisis(crisis.id)
    )
