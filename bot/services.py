"""The use cases the Slack handlers call, assembled once by app.py."""

from __future__ import annotations

from dataclasses import dataclass

from bot.comms.keeping import CustomerPromises
from bot.comms.script_service import CallScripts
from bot.comms.service import CustomerUpdates
from bot.crisis.playbook import Playbook
from bot.insight.service import CustomerInsight
from bot.recovery.checkin_service import TrustCheckIns
from bot.recovery.compensation_service import CompensationRegister
from bot.recovery.outreach_service import OutreachProgrammes
from bot.response.closing import CrisisClosing
from bot.response.declaration import CrisisDeclarations
from bot.response.response import CrisisResponse


@dataclass(frozen=True)
class Services:
    """Every use case, ready to call."""

    playbook: Playbook
    declarations: CrisisDeclarations
    response: CrisisResponse
    closing: CrisisClosing
    insight: CustomerInsight
    compensation: CompensationRegister
    outreach: OutreachProgrammes
    check_ins: TrustCheckIns
    comms: CustomerUpdates
    promises: CustomerPromises
    scripts: CallScripts
