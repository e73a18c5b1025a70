"""`/crisis update`, `/crisis status` and `/crisis lead @person`."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.crisis.decisions import DecisionDraft, DecisionKind
from bot.crisis.facts import StatusUpdate
from bot.crisis.impact import Direction, ImpactAssessment
from bot.crisis.model import Crisis
from bot.crisis.rules import Act
from bot.durations import parse_duration
from bot.errors import InvalidInput
from handlers.context import crisis_id_of, crisis_of
from handlers.crisis.board import board_text, build_board
from handlers.crisis.modals import build_update_modal
from handlers.crisis.submissions import (
    answer_submission,
)
from handlers.forms import FormReader
from handlers.ids import Action, Callback
from handlers.ids import Block as Id
from handlers.router import Invocation
from handlers.text import clip, mention
from handlers.wiring import Listeners, Wiring

MENTION = re.compile(r"^<@([UW][A-Z0-9]{2,30})(?:\|[^>]*)?>$|^([UW][A-Z0-9]{2,30})$")


def register(app: App, wiring: Wiring) -> None:
    """Wire status updates, the ephemeral board, and lead handover."""
    listeners = StatusListeners(wiring)
    router, finder = wiring.router, wiring.finder
    router.add(
        "update",
        listeners.update,
        usage="/crisis update",
        meaning="Post a status update: what changed, customer impact now, next update.",
    )
    router.add(
        "status",
        listeners.status,
        usage="/crisis status",
        meaning="Show the crisis board, only to you.",
    )
    router.add(
        "lead",
        listeners.lead,
        usage="/crisis lead @person",
        meaning="Hand the lead to someone else (lead only).",
    )
    app.action(Action.POST_UPDATE, middleware=[finder.of_button])(listeners.update_button)
    app.view(Callback.UPDATE, middleware=[finder.of_view])(listeners.submit_update)


class StatusListeners(Listeners):
    """Thin listeners: ack -> parse -> call the response service -> render."""

    def _update_modal(self, crisis: Crisis) -> dict[str, Any]:
        cadence = self.services.playbook.status_update_every[crisis.severity]
        return self.views.view(
            (Callback.UPDATE, crisis, cadence),
            lambda: build_update_modal(crisis, cadence=cadence),
        )

    def update(self, invocation: Invocation) -> None:
        """`/crisis update`: open the status-update form."""
        crisis = invocation.crisis
        crisis.require(invocation.user_id, Act.POST_UPDATE)
        invocation.ack()
        invocation.client.views_open(
            trigger_id=invocation.trigger_id, view=self._update_modal(crisis)
        )

    def update_button(
        self, ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """The board's "Post an update" button."""
        crisis = crisis_of(context)
        crisis.require(context.user_id or "", Act.POST_UPDATE)
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=self._update_modal(crisis))

    def status(self, invocation: Invocation) -> None:
        """`/crisis status`: the board, ephemerally."""
        crisis = invocation.crisis
        exposure = self.services.insight.exposure_for(crisis.team_id, crisis.segment_ids)
        told = self.services.comms.status(crisis.id)
        invocation.reply(board_text(crisis), build_board(crisis, exposure, told=told))

    def lead(self, invocation: Invocation) -> None:
        """`/crisis lead @person`: only the lead, and only to a human member of the workspace."""
        crisis = invocation.crisis
        # Ask the rule book before parsing, so a responder hears why whatever they typed.
        crisis.require(invocation.user_id, Act.HAND_OVER)
        match = MENTION.match(invocation.args.strip())
        if match is None:
            raise InvalidInput("lead", "Say who should lead: `/crisis lead @person`.")
        new_lead = match.group(1) or match.group(2)
        # Asking Slack who that is may take a while: acknowledge first. A refusal then reaches
        # the person through the error handler, the confirmation through the response_url.
        invocation.ack()
        # Whether they are a person is Slack's to say and the rule book's to judge.
        member = self.slack.member(new_lead)
        self.response.hand_over(crisis, actor=invocation.user_id, new_lead=new_lead, member=member)
        invocation.respond(
            text=f"{mention(new_lead)} now leads this crisis.", response_type="ephemeral"
        )

    def submit_update(self, ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        """The status-update form (the service reads the crisis in its own transaction)."""
        form = FormReader(view)
        what = form.text(Id.WHAT_CHANGED, label="what changed", max_length=2000)
        impact = form.text(Id.IMPACT_NOW, label="how customers are affected now", max_length=2000)
        choice = form.choices_single(Id.NEXT_UPDATE)
        try:
            next_at = self.response.now() + parse_duration(choice or "")
        except ValueError:
            form.errors[Id.NEXT_UPDATE] = "Please choose when the next update comes."
            next_at = None
        draft = DecisionDraft(
            crisis_id=crisis_id_of(context),
            kind=DecisionKind.UPDATE,
            summary=clip(what, 300),
            decided_by=context.user_id or "",
            assessment=ImpactAssessment(Direction.UNKNOWN),
            facts=StatusUpdate(what_changed=what, impact_now=impact, next_update_at=next_at),
        )
        answer_submission(
            ack,
            form,
            record=lambda: (
                self.response.post_update(draft, key=f"view:{view['id']}", next_update_at=next_at)
                if next_at
                else None
            ),
        )
