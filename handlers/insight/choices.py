"""The team's customer segments wherever a modal asks which customers are affected."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block

from bot.insight.model import Segment
from bot.services import Services
from handlers.forms import mapping, read_id
from handlers.ids import Block as Id
from handlers.ids import exposure_block as exposure_block_id
from handlers.insight.blocks import exposure_block, segments_input
from handlers.insight.lessons import lesson_notes
from handlers.slack_errors import error_code
from handlers.wiring import Listeners, Wiring

# Fields of a view that views.update accepts back (the rest are Slack's read-only ones).
VIEW_FIELDS = (
    "type",
    "title",
    "submit",
    "close",
    "blocks",
    "private_metadata",
    "callback_id",
    "clear_on_close",
    "notify_on_close",
    "external_id",
)


@dataclass(frozen=True)
class SegmentChoice:
    """What an impact assessment's segment picker shows: the team's segments, those
    preselected, and the lessons they left (hashable: a modal's cache key holds it)."""

    segments: tuple[Segment, ...]
    selected: tuple[int, ...]
    notes: tuple[str, ...]

    def blocks(self) -> list[Block]:
        """The picker and its exposure line (none until the team has segments)."""
        return segments_input(
            self.segments,
            block_id=Id.IMPACT_SEGMENTS,
            label="Which customer segments does it affect?",
            selected=self.selected,
            notes=self.notes,
        )


def impact_segment_choice(
    services: Services, team_id: str, selected: Sequence[int] = ()
) -> SegmentChoice:
    """The team's segments for an impact assessment, `selected` preselected with their lessons."""
    segments = tuple(services.insight.segments(team_id))
    notes = tuple(lesson_notes(services, team_id, selected)) if segments else ()
    return SegmentChoice(segments, tuple(selected), notes)


def impact_segment_blocks(
    services: Services, team_id: str, selected: Sequence[int] = ()
) -> list[Block]:
    """The segments picker and exposure for an impact assessment (none until segments exist)."""
    return impact_segment_choice(services, team_id, selected).blocks()


def known_segment_ids(
    services: Services, team_id: str, *, chosen: Sequence[str] | None = None
) -> set[int]:
    """Ids of the team's segments (submitted ids must be among them); a form whose picker
    chose nothing (`chosen` empty) has nothing to check, so nothing is read."""
    if chosen is not None and not chosen:
        return set()
    return {segment.id for segment in services.insight.segments(team_id)}


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def register(app: App, wiring: Wiring) -> None:
    """Redraw the exposure line whenever the chosen segments change, in any of our modals."""
    listeners = SegmentChoiceListeners(wiring)
    for block_id in (Id.SEGMENTS, Id.IMPACT_SEGMENTS, Id.COMPENSATION_SEGMENTS, Id.AUDIENCE):
        app.action(block_id)(listeners.show_exposure)


class SegmentChoiceListeners(Listeners):
    """The segments pickers in every modal that asks which customers are affected."""

    def show_exposure(
        self, ack: Ack, body: dict[str, Any], action: Any, context: BoltContext, client: WebClient
    ) -> None:
        """Redraw the exposure line under the picker for the segments now chosen."""
        ack()
        # Bolt's `view` argument is for submissions; a click inside a modal carries it in body.
        view, action = mapping(body.get("view")), mapping(action)
        block_id = str(action.get("block_id", ""))
        options = action.get("selected_options")
        values = [str(mapping(o).get("value", "")) for o in _list(options) if isinstance(o, dict)]
        chosen = [number for number in map(read_id, values) if number is not None]
        blocks = view.get("blocks")
        line_id = exposure_block_id(block_id)
        if not isinstance(blocks, list) or not any(
            mapping(b).get("block_id") == line_id for b in blocks
        ):
            return  # Not one of our modals (or a forged payload): nothing to redraw.
        team = context.team_id or ""
        notes = lesson_notes(self.services, team, chosen)
        exposure = self.services.insight.chosen(team, chosen)
        line = exposure_block(exposure, block_id=line_id, notes=notes).to_dict()
        blocks = [line if mapping(b).get("block_id") == line_id else b for b in blocks]
        updated = {key: view[key] for key in VIEW_FIELDS if key in view}
        try:
            client.views_update(
                view_id=view.get("id"), hash=view.get("hash"), view={**updated, "blocks": blocks}
            )
        except SlackApiError as error:
            # A newer selection already redrew the modal: that one shows the right exposure.
            if error_code(error) != "hash_conflict":
                raise
