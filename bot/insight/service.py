"""Managing customer insight: the service behind the insight command and the CSV import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.errors import FormErrors, NotFound
from bot.insight.model import Exposure, Segment, SegmentDraft, exposure, segment_problems
from bot.insight.ports import InsightUnitFactory


@dataclass(frozen=True)
class ImportReport:
    """What an import did, or (problems) why it saved nothing."""

    created: int = 0
    updated: int = 0
    problems: tuple[str, ...] = ()


class CustomerInsight:
    """Segments per workspace; every change is one transaction."""

    def __init__(self, *, units: InsightUnitFactory) -> None:
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
            if segment_id is not None:
                current = unit.segments.get(segment_id)
                # Another workspace's segment is as good as gone (a forged form can name any id).
                if current is None or current.team_id != team_id:
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
        chosen = self.chosen(team_id, segment_ids)
        return exposure(chosen) if chosen else None

    def chosen(self, team_id: str, segment_ids: Sequence[int]) -> list[Segment]:
        """The team's segments among `segment_ids`, by name (other ids are ignored)."""
        if not segment_ids:
            return []
        wanted = set(segment_ids)
        return [s for s in self.segments(team_id) if s.id in wanted]

    def check_drafts(self, team_id: str, rows: Sequence[tuple[int, SegmentDraft]]) -> list[str]:
        """Every problem of the rows ('line N: field: message'), judged as one import."""
        return import_problems(team_id, rows, self.segments(team_id))

    def import_drafts(self, team_id: str, rows: Sequence[tuple[int, SegmentDraft]]) -> ImportReport:
        """Create or update (by name) every row in one transaction, or nothing if any is bad."""
        created = updated = 0
        with self._units() as unit:
            current = unit.segments.list(team_id)
            # Judged again inside the transaction that writes, so nothing changes in between.
            problems = import_problems(team_id, rows, current)
            if problems:
                return ImportReport(problems=tuple(problems))
            existing = {s.name.casefold(): s for s in current}
            for _, draft in rows:
                found = existing.get(draft.name.strip().casefold())
                if found is None:
                    unit.segments.add(team_id, draft)
                    created += 1
                else:
                    unit.segments.update(found.id, draft)
                    updated += 1
            unit.commit()
        return ImportReport(created=created, updated=updated)


def import_problems(
    team_id: str, rows: Sequence[tuple[int, SegmentDraft]], current: Sequence[Segment]
) -> list[str]:
    """Problems of importing `rows` over the team's `current` segments (a name updates one)."""
    incoming = {draft.name.strip().casefold() for _, draft in rows}
    others = [s for s in current if s.name.casefold() not in incoming]
    problems: list[str] = []
    for line, draft in rows:
        found = segment_problems(draft, others)
        problems += [f"line {line}: {field}: {message}" for field, message in found.items()]
        # A bad row still claims its name, but its share does not count against later rows.
        share = 0.0 if found else draft.revenue_share
        others.append(Segment(0, team_id, draft.name.strip(), 0, share, (), ""))
    return problems
