"""What each segment learned from past crises, for the insight list and every segment picker."""

from __future__ import annotations

from collections.abc import Sequence

from bot.insight.model import Segment
from bot.services import Services
from documents.trust import crisis_facts, lesson_text
from handlers.text import escape, local_time


def history_notes(services: Services, team_id: str, segments: Sequence[Segment]) -> dict[int, str]:
    """Each segment's history (the crises that touched it, newest first), one line per crisis."""
    history = services.check_ins.history(team_id, [s.id for s in segments])
    return {
        segment_id: "\n".join(
            f":books: {crisis_facts(lesson, local_time, escape)}" for lesson in lessons
        )
        for segment_id, lessons in history.items()
        if lessons
    }


def lesson_notes(services: Services, team_id: str, segment_ids: Sequence[int]) -> list[str]:
    """Each chosen segment's last lessons, for the context under the segment picker."""
    lessons = services.check_ins.lessons(team_id, segment_ids)
    return [f":books: {lesson_text(lesson, local_time, escape)}" for lesson in lessons]
