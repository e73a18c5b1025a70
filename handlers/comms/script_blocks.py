"""Call-centre scripts in Slack: the form, the approval request, the pinned copy, the nudge."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.comms.scripts import PART_MAX, CallScript, ScriptPart
from bot.crisis.model import Crisis
from handlers.comms.messages import approval_footer, build_sent_back, state_words
from handlers.crisis.modals import text_input
from handlers.ids import Action, Callback, script_block
from handlers.text import clip, escape, mention


def script_name(script: CallScript) -> str:
    """'Call-centre script v2' (or 'draft' before approval)."""
    return f"Call-centre script v{script.version}" if script.version else "Call-centre script draft"


def build_script_form(crisis: Crisis, parts: dict[ScriptPart, str]) -> View:
    """The script, drafted from the record, for its author to edit."""
    return View(
        type="modal",
        callback_id=Callback.CALL_SCRIPT,
        title="Call-centre script",
        submit="Send for approval",
        close="Cancel",
        private_metadata=json.dumps({"crisis": crisis.id}),
        blocks=[
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=clip(
                            f"*{escape(crisis.title)}* · What support agents say on calls, "
                            "drafted from the crisis record. An approver publishes it.",
                            3000,
                        )
                    )
                ]
            ),
            *(
                text_input(
                    script_block(part.value),
                    part.label,
                    initial=parts.get(part) or None,
                    max_length=PART_MAX,
                )
                for part in ScriptPart
            ),
        ],
    )


def script_text(script: CallScript) -> str:
    """The notification text of a script message."""
    return f"{script_name(script)}: {state_words(script.status)}"


def _parts(script: CallScript) -> list[Block]:
    return [
        SectionBlock(
            text=MarkdownTextObject(text=clip(f"*{part.label}*\n{escape(script.text(part))}", 3000))
        )
        for part in ScriptPart
    ]


def build_script_request(crisis: Crisis, script: CallScript) -> list[Block]:
    """The script as approvers read it; Approve / Request changes while it is pending."""
    blocks: list[Block] = [
        HeaderBlock(text=clip(f":telephone_receiver: {script_text(script)}", 150)),
        ContextBlock(elements=[MarkdownTextObject(text=f"Written by {mention(script.author_id)}")]),
        *_parts(script),
    ]
    blocks.append(
        approval_footer(
            script,
            approve=Action.APPROVE_SCRIPT,
            request_changes=Action.SCRIPT_CHANGES,
            approved="Pinned for the support team.",
        )
    )
    return blocks


def build_script_copy(crisis: Crisis, script: CallScript) -> list[Block]:
    """The approved script for agents (pinned in the support channel)."""
    return [
        HeaderBlock(text=clip(f"{script_name(script)}: {crisis.title}", 150)),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="Use only the newest pinned version. Escalate to "
                    f"{mention(crisis.lead_id)}."
                )
            ]
        ),
        *_parts(script),
    ]


def build_script_returned(crisis: Crisis, script: CallScript) -> list[Block]:
    """The DM to the author: the approver's reason, and a button to revise."""
    return build_sent_back(
        crisis,
        script,
        what="the call-centre script",
        revise=("Revise the script", Action.REVISE_SCRIPT),
    )


def build_stale_nudge(crisis: Crisis, script: CallScript, reasons: list[str]) -> list[Block]:
    """The script agents use no longer matches the record."""
    text = (
        f":warning: {mention(script.author_id)} {mention(crisis.lead_id)} {script_name(script)} "
        f"is stale: {'; '.join(reasons)}. Agents may be telling customers old facts."
    )
    return [
        SectionBlock(text=MarkdownTextObject(text=clip(text, 3000))),
        ActionsBlock(
            elements=[
                ButtonElement(
                    text="Write the next version",
                    action_id=Action.REVISE_SCRIPT,
                    value=str(script.id),
                    style="primary",
                )
            ]
        ),
    ]
