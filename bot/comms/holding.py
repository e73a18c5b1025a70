"""A holding statement: honest even when there is nothing new to say."""

from __future__ import annotations

from datetime import datetime

from bot.comms.model import SECTION_MAX, CustomerUpdate, Section, UpdateDraft
from bot.crisis.model import Crisis
from bot.insight.model import TouchPoint


def holding_draft(
    crisis: Crisis, last: CustomerUpdate | None, *, author: str, next_update_at: datetime
) -> UpdateDraft:
    """A holding statement: what we know (the last update, or the declaration), that we are
    still working on it, and when they hear next."""
    known = last.sections if last else {Section.WHAT_HAPPENED: crisis.description}
    sections = {
        Section.WHAT_HAPPENED: known.get(Section.WHAT_HAPPENED, crisis.description),
        Section.WHAT_IT_MEANS: known.get(Section.WHAT_IT_MEANS)
        or "We are still finding out exactly how this affects you.",
        Section.WHAT_WE_DO: "We are still working on it. "
        + known.get(Section.WHAT_WE_DO, "Our team is on it and will share progress."),
        Section.MEANWHILE: known.get(Section.MEANWHILE)
        or "We will share workarounds as soon as we have them.",
        Section.OFFER: known.get(Section.OFFER, ""),
    }
    return UpdateDraft(
        crisis_id=crisis.id,
        author_id=author,
        sections={key: text[:SECTION_MAX] for key, text in sections.items()},
        segment_ids=last.segment_ids if last else crisis.segment_ids,
        touch_points=last.touch_points if last else (TouchPoint.STATUS_PAGE,),
        next_update_at=next_update_at,
    )
