"""Logging decisions: `/crisis decide`, the board's button, the message shortcut; and the lists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.crisis.decisions import DECISION_MAX, DecisionDraft, DecisionKind
from bot.crisis.model import Crisis
from bot.errors import InvalidInput
from handlers.context import crisis_id_of, crisis_of
from handlers.crisis.assessment import read_assessment
from handlers.crisis.cards import build_crisis_list, build_decision_list, build_timeline
from handlers.crisis.modals import build_decision_modal
from handlers.crisis.submissions import (
    answer_submission,
)
from handlers.forms import FormReader, mapping, read_metadata
from handlers.ids import Action, Callback, Shortcut
from handlers.ids import Block as Id
from handlers.insight.choices import impact_segment_choice, known_segment_ids
from handlers.router import Invocation
from handlers.text import escape
from handlers.wiring import Listeners, Wiring

# No list has a million pages; a larger number would only overflow the database's OFFSET.
PAGE_MAX = 1_000_000


def register(app: App, wiring: Wiring) -> None:
    """Wire decision logging and the decision and timeline lists."""
    listeners = DecisionListeners(wiring)
    router, finder = wiring.router, wiring.finder
    router.add(
        "decide",
        listeners.decide,
        usage="/crisis decide [what was decided]",
        meaning="Log a decision, with how it affects customers.",
    )
    router.add(
        "decisions",
        listeners.list_decisions,
        usage="/crisis decisions [page]",
        meaning="List this crisis's decisions and their customer impact.",
    )
    router.add(
        "timeline",
        listeners.timeline,
        usage="/crisis timeline [page]",
        meaning="Everything that happened in this crisis, in order.",
    )
    router.add(
        "list",
        listeners.list_crises,
        usage="/crisis list [page]",
        meaning="Every crisis in this workspace, newest first.",
    )
    app.action(Action.LOG_DECISION, middleware=[finder.of_button])(listeners.log_decision_button)
    app.shortcut(Shortcut.LOG_DECISION, middleware=[finder.of_channel])(
        listeners.log_message_as_decision
    )
    app.view(Callback.DECISION, middleware=[finder.of_view])(listeners.submit_decision)


class DecisionListeners(Listeners):
    """Thin listeners: ack -> parse -> call the response service -> render."""

    def decide(self, invocation: Invocation) -> None:
        """`/crisis decide [text]`: the decision form, pre-filled with the text."""
        text = invocation.args
        if len(text) > DECISION_MAX:
            raise InvalidInput(
                "decision",
                f"That decision has {len(text):,} characters; a decision holds at most "
                f"{DECISION_MAX:,}. Nothing was saved: shorten it and run `/crisis decide` again.",
            )
        crisis = invocation.crisis
        self._open_form(crisis, invocation.client, invocation.trigger_id, invocation.ack, text=text)

    def list_decisions(self, invocation: Invocation) -> None:
        """`/crisis decisions [page]`."""
        crisis = invocation.crisis
        page = self.response.decisions(crisis, page=page_number(invocation.args))
        invocation.reply(f"Decisions in {escape(crisis.title)}", build_decision_list(crisis, page))

    def list_crises(self, invocation: Invocation) -> None:
        """`/crisis list [page]`."""
        page = self.response.crises(invocation.team_id, page=page_number(invocation.args))
        invocation.reply("Crises in this workspace", build_crisis_list(page))

    def timeline(self, invocation: Invocation) -> None:
        """`/crisis timeline [page]`."""
        crisis = invocation.crisis
        page = self.response.timeline(crisis, page=page_number(invocation.args))
        invocation.reply(f"Timeline of {escape(crisis.title)}", build_timeline(crisis, page))

    def log_decision_button(
        self, ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """The board's "Log a decision" button."""
        self._open_form(crisis_of(context), client, body["trigger_id"], ack)

    def log_message_as_decision(
        self, ack: Ack, shortcut: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        """The "Log as crisis decision" message shortcut."""
        message = mapping(shortcut.get("message"))
        self._open_form(
            crisis_of(context),
            client,
            str(shortcut.get("trigger_id", "")),
            ack,
            text=str(message.get("text", ""))[:DECISION_MAX],
            source_ts=str(shortcut.get("message_ts", "")),
        )

    def submit_decision(self, ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
        """The decision form (the service reads the crisis in its own transaction)."""
        form = FormReader(view)
        text = form.text(Id.DECISION_TEXT, label="the decision", max_length=DECISION_MAX)
        chosen = form.choices(Id.IMPACT_SEGMENTS)
        known = known_segment_ids(self.services, context.team_id or "", chosen=chosen)
        assessment = read_assessment(form, known_segments=known)
        source_ts = read_metadata(view).get("source_ts")
        draft = None
        if assessment is not None:
            draft = DecisionDraft(
                crisis_id=crisis_id_of(context),
                kind=DecisionKind.DECISION,
                summary=text,
                decided_by=context.user_id or "",
                assessment=assessment,
                source_ts=source_ts if isinstance(source_ts, str) and source_ts else None,
            )
        answer_submission(
            ack,
            form,
            record=lambda: (
                self.response.record_decision(draft, key=f"view:{view['id']}") if draft else None
            ),
        )

    def _open_form(
        self,
        crisis: Crisis,
        client: WebClient,
        trigger_id: str,
        ack: Callable[[], object],
        *,
        text: str = "",
        source_ts: str = "",
    ) -> None:
        ack()
        # The crisis's segments come preselected, as in the steps' forms.
        choice = impact_segment_choice(self.services, crisis.team_id, crisis.segment_ids)
        modal = self.views.view(
            (Callback.DECISION, crisis, choice, text, source_ts),
            lambda: build_decision_modal(
                crisis, segment_blocks=choice.blocks(), text=text, source_ts=source_ts
            ),
        )
        client.views_open(trigger_id=trigger_id, view=modal)


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
