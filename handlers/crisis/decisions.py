"""Logging decisions: `/crisis decide`, the board's button, the message shortcut; and the lists."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.crisis.decisions import DECISION_MAX, DecisionDraft, DecisionKind
from bot.errors import InvalidInput
from bot.services import Services
from handlers.background import Background
from handlers.commands import CommandRouter, Invocation
from handlers.crisis.assessment import read_assessment
from handlers.crisis.cards import build_crisis_list, build_decision_list, build_timeline
from handlers.crisis.modals import build_decision_modal
from handlers.crisis.submissions import (
    answer_submission,
    crisis_from_button,
    crisis_from_view,
    user_of,
)
from handlers.forms import FormReader, mapping, read_metadata
from handlers.ids import Action, Callback, Shortcut
from handlers.ids import Block as Id
from handlers.insight.choices import impact_segment_blocks, known_segment_ids
from handlers.text import escape

# No list has a million pages; a larger number would only overflow the database's OFFSET.
PAGE_MAX = 1_000_000


def register(app: App, router: CommandRouter, services: Services, background: Background) -> None:
    """Wire decision logging and the decision and timeline lists."""
    response = services.response

    def decide(invocation: Invocation) -> None:
        if len(invocation.args) > DECISION_MAX:
            raise InvalidInput(
                "decision",
                f"That decision has {len(invocation.args):,} characters; a decision holds at most "
                f"{DECISION_MAX:,}. Nothing was saved: shorten it and run `/crisis decide` again.",
            )
        crisis = response.crisis_in_channel(invocation.team_id, invocation.channel_id)
        invocation.ack()
        modal = build_decision_modal(
            crisis,
            text=invocation.args,
            segment_blocks=impact_segment_blocks(services, crisis.team_id, crisis.segment_ids),
        )
        invocation.client.views_open(trigger_id=invocation.trigger_id, view=modal)

    def list_decisions(invocation: Invocation) -> None:
        crisis = response.crisis_in_channel(invocation.team_id, invocation.channel_id)
        page = response.decisions(crisis, page=page_number(invocation.args))
        invocation.reply(f"Decisions in {escape(crisis.title)}", build_decision_list(crisis, page))

    def list_crises(invocation: Invocation) -> None:
        page = response.crises(invocation.team_id, page=page_number(invocation.args))
        invocation.reply("Crises in this workspace", build_crisis_list(page))

    def timeline(invocation: Invocation) -> None:
        crisis = response.crisis_in_channel(invocation.team_id, invocation.channel_id)
        page = response.timeline(crisis, page=page_number(invocation.args))
        invocation.reply(f"Timeline of {escape(crisis.title)}", build_timeline(crisis, page))

    def log_decision_button(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        crisis, _ = crisis_from_button(response, body)
        ack()
        modal = build_decision_modal(
            crisis,
            segment_blocks=impact_segment_blocks(services, crisis.team_id, crisis.segment_ids),
        )
        client.views_open(trigger_id=body["trigger_id"], view=modal)

    def log_message_as_decision(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        team = str(mapping(body.get("team")).get("id", ""))
        channel = str(mapping(body.get("channel")).get("id", ""))
        crisis = response.crisis_in_channel(team, channel)
        message = mapping(body.get("message"))
        ack()
        modal = build_decision_modal(
            crisis,
            text=str(message.get("text", ""))[:DECISION_MAX],
            source_ts=str(body.get("message_ts", "")),
            segment_blocks=impact_segment_blocks(services, crisis.team_id, crisis.segment_ids),
        )
        client.views_open(trigger_id=body["trigger_id"], view=modal)

    def submit_decision(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        crisis = crisis_from_view(response, view, body)
        form = FormReader(view)
        text = form.text(Id.DECISION_TEXT, label="the decision", max_length=DECISION_MAX)
        assessment = read_assessment(
            form, known_segments=known_segment_ids(services, crisis.team_id)
        )
        source_ts = read_metadata(view).get("source_ts")
        draft = None
        if assessment is not None:
            draft = DecisionDraft(
                crisis_id=crisis.id,
                kind=DecisionKind.DECISION,
                summary=text,
                decided_by=user_of(body),
                assessment=assessment,
                source_ts=source_ts if isinstance(source_ts, str) and source_ts else None,
            )
        answer_submission(
            ack,
            view,
            form,
            record=lambda: (
                response.record_decision(draft, key=f"view:{view['id']}") if draft else None
            ),
        )

    router.add(
        "decide",
        decide,
        usage="/crisis decide [what was decided]",
        meaning="Log a decision, with how it affects customers.",
    )
    router.add(
        "decisions",
        list_decisions,
        usage="/crisis decisions [page]",
        meaning="List this crisis's decisions and their customer impact.",
    )
    router.add(
        "timeline",
        timeline,
        usage="/crisis timeline [page]",
        meaning="Everything that happened in this crisis, in order.",
    )
    router.add(
        "list",
        list_crises,
        usage="/crisis list [page]",
        meaning="Every crisis in this workspace, newest first.",
    )
    app.action(Action.LOG_DECISION)(log_decision_button)
    app.shortcut(Shortcut.LOG_DECISION)(log_message_as_decision)
    app.view(Callback.DECISION)(submit_decision)


def page_number(args: str) -> int:
    """The page asked for after a list command (1 when none)."""
    text = args.strip()
    if not text:
        return 1
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise InvalidInput(
            "page", f"`{escape(text[:40])}` isn't a page number: try 2, or leave it out."
        )
    if len(text) > len(str(PAGE_MAX)) or int(text) > PAGE_MAX:
        raise InvalidInput("page", f"There is no page {text[:40]}: the lists stop long before.")
    return int(text)
