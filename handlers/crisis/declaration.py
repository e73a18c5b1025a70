"""Declaring a crisis: `/crisis [open <title>]` opens the form; submitting it declares."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.crisis.model import (
    DESCRIPTION_MAX,
    TITLE_MAX,
    CrisisDraft,
    CrisisType,
    Severity,
    SourceMessage,
)
from bot.errors import FormErrors
from bot.services import Services
from handlers.crisis.assessment import read_segment_ids
from handlers.crisis.declare_modal import build_declare_modal
from handlers.forms import FormReader, channel_or_none, mapping, read_metadata
from handlers.ids import Block, Callback
from handlers.insight.blocks import segments_input
from handlers.insight.choices import known_segment_ids
from handlers.router import Invocation
from handlers.slack_errors import describe
from handlers.view_cache import ViewCache
from handlers.wiring import Listeners, Wiring

MAX_RESPONDERS = 500
MESSAGE_TS = re.compile(r"^\d{1,12}\.\d{1,8}$")
PERMALINK = re.compile(r"^https://[a-z0-9.-]+\.slack\.com/\S+$")


def register(app: App, wiring: Wiring) -> None:
    """Wire `/crisis open` and the declaration modal."""
    listeners = DeclarationListeners(wiring)
    wiring.router.add(
        "open",
        listeners.open_form,
        usage="/crisis open [title]",
        meaning="Declare a customer crisis (`/crisis` alone does the same).",
    )
    app.view(Callback.DECLARE)(listeners.submit)


class DeclarationListeners(Listeners):
    """Thin listeners: ack -> parse -> declare (after the ack, in the background)."""

    def open_form(self, invocation: Invocation) -> None:
        """Open the declaration modal, pre-filled with any title typed after the command."""
        invocation.ack()
        view = declaration_form(
            self.services,
            self.views,
            team_id=invocation.team_id,
            user_id=invocation.user_id,
            title=invocation.args,
            origin_channel_id=channel_or_none(invocation.channel_id),
        )
        try:
            invocation.client.views_open(trigger_id=invocation.trigger_id, view=view)
        except (SlackClientError, OSError) as error:
            # The response_url reaches the person even in a channel the app is not in.
            invocation.respond(
                text=f"I couldn't open the crisis form: {describe(error)}.",
                response_type="ephemeral",
            )

    def submit(self, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        """The declaration form: validate in place, then declare after the ack."""
        team = str(mapping(body.get("team")).get("id") or "")
        chosen = FormReader(view).choices(Block.SEGMENTS)
        known = known_segment_ids(self.services, team, chosen=chosen)
        try:
            draft = read_declaration(view, body, known_segments=known)
        except FormErrors as invalid:
            ack(response_action="errors", errors=invalid.errors)
            return
        ack()
        declarations = self.services.declarations
        self.background.run(
            lambda: declarations.declare(draft, key=f"view:{view['id']}"),
            user_id=draft.declared_by,
            channel_id=draft.origin_channel_id,
        )


def declaration_form(
    services: Services,
    views: ViewCache,
    *,
    team_id: str,
    user_id: str,
    title: str,
    origin_channel_id: str | None,
    description: str = "",
    source: SourceMessage | None = None,
) -> dict[str, Any]:
    """The declaration modal for `user_id`, offering the workspace's customer segments."""
    segments = tuple(services.insight.segments(team_id))
    return views.view(
        (Callback.DECLARE, segments, user_id, title, origin_channel_id, description, source),
        lambda: build_declare_modal(
            title=title,
            description=description,
            source=source,
            declarer_id=user_id,
            origin_channel_id=origin_channel_id,
            segment_blocks=segments_input(
                segments, block_id=Block.SEGMENTS, label="Customer segments affected"
            ),
        ),
    )


def open_blank_declaration(
    services: Services,
    views: ViewCache,
    client: WebClient,
    context: BoltContext,
    *,
    trigger_id: str,
) -> None:
    """An empty declaration form for the person behind a button or shortcut (no origin)."""
    view = declaration_form(
        services,
        views,
        team_id=context.team_id or "",
        user_id=context.user_id or "",
        title="",
        origin_channel_id=None,
    )
    client.views_open(trigger_id=trigger_id, view=view)


def read_declaration(
    view: dict[str, Any], body: dict[str, Any], *, known_segments: set[int]
) -> CrisisDraft:
    """The declaration the form describes; raise FormErrors naming each bad field."""
    form = FormReader(view)
    title = form.text(Block.TITLE, label="a title", max_length=TITLE_MAX)
    description = form.text(Block.DESCRIPTION, label="what happened", max_length=DESCRIPTION_MAX)
    crisis_type = form.choice(Block.CRISIS_TYPE, CrisisType, label="the type of crisis")
    severity = form.choice(Block.SEVERITY, Severity, label="a severity")
    lead = form.user(Block.LEAD, label="a crisis lead")
    responders = form.users(Block.RESPONDERS, label="responders", limit=MAX_RESPONDERS)
    segment_ids = read_segment_ids(form, Block.SEGMENTS, known_segments)
    metadata = read_metadata(view)
    source = read_source(metadata.get("source"))
    if not isinstance(view.get("id"), str) or (source is None and metadata.get("source")):
        form.errors[Block.TITLE] = "This form is out of date. Close it and run `/crisis` again."
    form.raise_errors()
    assert crisis_type is not None and severity is not None
    user, team = mapping(body.get("user")), mapping(body.get("team"))
    return CrisisDraft(
        team_id=str(team.get("id") or view.get("team_id") or ""),
        title=title,
        description=description,
        crisis_type=crisis_type,
        severity=severity,
        lead_id=lead,
        responder_ids=tuple(user for user in responders if user != lead),
        declared_by=str(user.get("id", "")),
        origin_channel_id=channel_or_none(metadata.get("origin")),
        segment_ids=tuple(segment_ids),
        source=source,
    )


def read_source(value: object) -> SourceMessage | None:
    """The source message the form remembers, if it is well-formed."""
    fields = mapping(value)
    channel = channel_or_none(fields.get("channel"))
    ts, permalink, thread = fields.get("ts"), fields.get("permalink"), fields.get("thread")
    if channel is None or not _is_ts(ts) or not (thread is None or _is_ts(thread)):
        return None
    if permalink is not None and not (
        isinstance(permalink, str) and PERMALINK.match(permalink) and len(permalink) <= 500
    ):
        return None
    return SourceMessage(channel, str(ts), permalink, thread)


def _is_ts(value: object) -> bool:
    return isinstance(value, str) and MESSAGE_TS.match(value) is not None
