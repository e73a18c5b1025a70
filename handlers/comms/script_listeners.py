"""`/crisis script`: the call-centre script's form, its approval, and its revisions."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.comms.model import UpdateStatus
from bot.comms.script_service import CallScripts
from bot.comms.scripts import ScriptPart
from bot.errors import FormErrors, NotFound
from handlers.comms.modals import build_reason_form, read_reason
from handlers.comms.script_blocks import build_script_form
from handlers.comms.subjects import clicked_id, crisis_for, user_of
from handlers.context import crisis_of
from handlers.forms import FormReader
from handlers.ids import Action, Callback, script_block
from handlers.router import Invocation
from handlers.wiring import Listeners, Wiring

# Lengths and emptiness are judged by the domain's rules, which name the field.
UNCHECKED = 10**6


def register(app: App, wiring: Wiring) -> None:
    """Wire call-centre scripts."""
    listeners = ScriptListeners(wiring)
    router, finder = wiring.router, wiring.finder
    router.add(
        "script",
        listeners.script,
        usage="/crisis script",
        meaning="The call-centre script for support agents, drafted from the record.",
    )
    app.view(Callback.CALL_SCRIPT, middleware=[finder.of_view])(listeners.submit_script)
    app.action(Action.APPROVE_SCRIPT)(listeners.approve)
    app.action(Action.SCRIPT_CHANGES)(listeners.request_changes)
    app.view(Callback.SCRIPT_CHANGES, middleware=[finder.of_view])(listeners.submit_reason)
    app.action(Action.REVISE_SCRIPT)(listeners.revise)


class ScriptListeners(Listeners):
    """Thin listeners: ack -> parse -> call the scripts service -> render."""

    def __init__(self, wiring: Wiring) -> None:
        super().__init__(wiring)
        self.scripts: CallScripts = wiring.services.scripts

    def script(self, invocation: Invocation) -> None:
        """`/crisis script`: the form, drafted from the record."""
        crisis = invocation.crisis
        view = build_script_form(crisis, self.scripts.suggestion(crisis))
        invocation.ack()
        invocation.client.views_open(trigger_id=invocation.trigger_id, view=view)

    def revise(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        """The form again: the version sent back, or a fresh draft for a stale one."""
        script = self.scripts.script(clicked_id(body))
        crisis = crisis_for(self.response, body, script.crisis_id)
        returned = script.status is UpdateStatus.CHANGES_REQUESTED
        parts = script.parts if returned else self.scripts.suggestion(crisis)
        view = build_script_form(crisis, parts)
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=view)

    def submit_script(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
    ) -> None:
        """Send the script for approval."""
        crisis = crisis_of(context)
        form = FormReader(view)
        parts = {
            part: form.text(
                script_block(part.value), label=part.label, required=False, max_length=UNCHECKED
            )
            for part in ScriptPart
        }
        try:
            self.scripts.submit(crisis.id, author=user_of(body), parts=parts)
        except FormErrors as refused:
            errors = {script_block(key): message for key, message in refused.errors.items()}
            ack(response_action="errors", errors=errors)
            return
        ack()

    def approve(self, ack: Ack, body: dict[str, Any]) -> None:
        """Approve and publish: only the first click of an approver publishes."""
        script = self.scripts.script(clicked_id(body))
        crisis_for(self.response, body, script.crisis_id)
        self.scripts.approve(script.id, actor=user_of(body))
        ack()

    def request_changes(self, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        """Ask the approver why, in a modal."""
        script = self.scripts.check_approver(clicked_id(body), actor=user_of(body))
        crisis = crisis_for(self.response, body, script.crisis_id)
        form = build_reason_form(
            crisis,
            callback=Callback.SCRIPT_CHANGES,
            subject=("script", script.id),
            question="What should change in the call-centre script?",
        )
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=form)

    def submit_reason(
        self, ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
    ) -> None:
        """Send the script back to its author with the reason."""
        crisis = crisis_of(context)
        reason, script_id = read_reason(view, "script")
        if self.scripts.script(script_id).crisis_id != crisis.id:
            raise NotFound("That call-centre script no longer exists.")
        self.scripts.request_changes(script_id, actor=user_of(body), reason=reason)
        ack()
