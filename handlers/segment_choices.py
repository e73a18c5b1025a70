"""Where decision modals get the team's customer segments (wired to customer insight)."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block

from bot.services import Services


def impact_segment_blocks(
    services: Services, team_id: str, selected: Sequence[int] = ()
) -> list[Block]:
    """The segments picker (and exposure) for an impact assessment; none until segments exist."""
    return []


def known_segment_ids(services: Services, team_id: str) -> set[int]:
    """Ids of the team's segments (submitted ids must be among them)."""
    return set()
