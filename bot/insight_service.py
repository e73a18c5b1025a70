"""Managing customer insight: the service behind `/crisis insight` and the CSV import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.errors import FormErrors, NotFound
from bot.insight import Segment, SegmentDraft, exposure, segment_problems
from bot.ports import UnitOfWorkFactory
from bot.review import Exposure


@dataclass(frozen=True)
class ImportReport:
    """What an import did, or (problems) why it saved nothing."""

    created: int = 0
    updated: int = 0
    problems: tuple[str, ...] = ()


class CustomerInsight:
    """Segments per workspace; every change is one transaction."""

    def __init__(self, *, units: UnitOfWorkFactory) -> None:
        self._units = units

    def segments(self, team_id: str) -> list[Segment]:
        """The team's segments, by name."""
        with self._units(write=False) as unit:
            return unit.segments.list(team_id)

    def segment(self, team_id: str, segment_id: int) -> Segment:
        """One of the team's segments, or NotFound."""
        with self._units(write=False) as unit:
            found = unit.segments.get(segment_id)
        if found is None or found.team_id != team_id:
            raise NotFound("That segment no longer exists.")
        return found

    def save(self, team_id: str, draft: SegmentDraft, *, segment_id: int | None = None) -> Segment:
        """Add a segment, or change one; FormErrors name each bad field."""
        draft = replace(draft, name=draft.name.strip(), notes=draft.notes.strip())
        with self._units() as unit:
            others = [s for s in unit.segments.list(team_id) if s.id != segment_id]
            if segment_id is not None and unit.segments.get(segment_id) is None:
                raise NotFound("That segment no longer exists.")
            problems = segment_problems(draft, others)
            if problems:
                raise FormErrors(problems)
            saved = (
                unit.segments.add(team_id, draft)
                if segment_id is None
                else unit.segments.update(segment_id, draft)
            )
            unit.commit()
        return saved

    def remove(self, team_id: str, segment_id: int) -> Segment:
        """Remove a segment (crises that named it keep their record)."""
        with self._units() as unit:
            found = unit.segments.get(segment_id)
            if found is None or found.team_id != team_id:
                raise NotFound("That segment was already removed.")
            unit.segments.remove(segment_id)
            unit.commit()
        return found

    def exposure_for(self, team_id: str, segment_ids: Sequence[int]) -> Exposure | None:
        """The exposure of the chosen segments (None when none of them exists)."""
        if not segment_ids:
            return None
        wanted = set(segment_ids)
        chosen = [s for s in self.segments(team_id) if s.id in wanted]
        return exposure(chosen) if chosen else None

    def check_drafts(self, team_id: str, rows: Sequence[tuple[int, SegmentDraft]]) -> list[str]:
        """Every problem of the rows ('line N: field: message'), judged as one import."""
        existing = {s.name.casefold(): s for s in self.segments(team_id)}
        incoming = {draft.name.strip().casefold() for _, draft in rows}
        others = [s for key, s in existing.items() if key not in incoming]
        problems: list[str] = []
        for line, draft in rows:
            for field, message in segment_problems(draft, others).items():
                problems.append(f"line {line}: {field}: {message}")
            others.append(
                Segment(
                    0,
                    team_id,
                    draft.name.strip(),
                    draft.customers,
                    draft.revenue_share,
                    draft.touch_points,
                    draft.owner_id,
                )
            )
        return problems

    def import_drafts(self, team_id: str, rows: Sequence[tuple[int, SegmentDraft]]) -> ImportReport:
        """Create or update (by name) every row in one transaction, or nothing if any is bad."""
        problems = self.check_drafts(team_id, rows)
        if problems:
            return ImportReport(problems=tuple(problems))
        created = updated = 0
        with self._units() as unit:
            existing = {s.name.casefold(): s for s in unit.segments.list(team_id)}
            for _, draft in rows:
                current = existing.get(draft.name.strip().casefold())
                if current is None:
                    unit.segments.add(team_id, draft)
                    created += 1
                else:
                    unit.segments.update(current.id, draft)
                    updated += 1
            unit.commit()
        return ImportReport(created=created, updated=updated)
