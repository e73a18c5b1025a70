"""The use cases the Slack handlers call, assembled once by app.py."""

from __future__ import annotations

from dataclasses import dataclass

from bot.closing import CrisisClosing
from bot.declaration import CrisisDeclarations
from bot.insight_service import CustomerInsight
from bot.playbook import Playbook
from bot.response import CrisisResponse


@dataclass(frozen=True)
class Services:
    """Every use case, ready to call."""

    playbook: Playbook
    declarations: CrisisDeclarations
    response: CrisisResponse
    closing: CrisisClosing
    insight: CustomerInsight
