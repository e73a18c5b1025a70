"""The EffectSender port: each owed side effect rendered from the facts and done once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.models.blocks import Block

from bot.comms.effects import Done, Effect, EffectFailed, EffectMessage
from bot.insight.model import ExposureLookup
from documents.script import render_script_markdown
from handlers.comms.messages import (
    approval_text,
    build_approval_request,
    build_changes_requested,
    build_support_copy,
    update_name,
)
from handlers.comms.promise_blocks import build_breach, build_item_reminder, build_promise_reminder
from handlers.comms.script_blocks import (
    build_script_copy,
    build_script_request,
    build_script_returned,
    build_stale_nudge,
    script_name,
    script_text,
)
from handlers.comms.webhook_sender import StandardWebhookSender
from handlers.slack_errors import error_code, failed
from handlers.slack_gateway import SlackCrisisChannels, channel_of
from handlers.slack_history import OUTBOX_EVENT, delivery_metadata, find_delivery
from handlers.workspaces import acting_for

# The outbox's event type: its in-doubt search finds these messages by their (unique) key too.
EVENT_TYPE = OUTBOX_EVENT
T = TypeVar("T")


class SlackEffects:
    """Slack messages (posted once: in doubt, the key in their metadata is looked for first)
    and webhook events (the receiver de-duplicates by webhook-id)."""

    def __init__(
        self,
        client: WebClient,
        channels: SlackCrisisChannels,
        *,
        exposure: ExposureLookup,
        support_channel: str | None,
        webhooks: StandardWebhookSender | None,
    ) -> None:
        self._client = client
        self._channels = channels
        self._exposure = exposure
        self._support = support_channel
        self._webhooks = webhooks
        self._senders: dict[Effect, Callable[[EffectMessage], Done]] = {
            Effect.WEBHOOK: self._webhook,
            Effect.REQUEST_UPDATE_APPROVAL: self._request_update_approval,
            Effect.SHOW_UPDATE_DECISION: self._show_update_decision,
            Effect.PUBLISH_UPDATE: self._publish_update,
            Effect.RETURN_UPDATE: self._return_update,
            Effect.REDRAW_BOARD: self._redraw_board,
            Effect.REQUEST_SCRIPT_APPROVAL: self._request_script_approval,
            Effect.SHOW_SCRIPT_DECISION: self._show_script_decision,
            Effect.UPLOAD_SCRIPT: self._upload_script,
            Effect.PIN_SCRIPT: self._pin_script,
            Effect.RETURN_SCRIPT: self._return_script,
            Effect.NUDGE_STALE_SCRIPT: self._nudge_stale_script,
            Effect.REMIND_PROMISE: self._remind_promise,
            Effect.PROMISE_BREACHED: self._promise_breached,
            Effect.REMIND_ITEM: self._remind_item,
        }

    def send(self, message: EffectMessage) -> Done:
        """Do it once; raise SlackCallFailed (EffectFailed for the webhook) on failure."""
        # Delivered off any request (a poll, a retry): act as the crisis's workspace's bot.
        with acting_for(message.crisis.team_id):
            return self._senders[message.owed.effect](message)

    def _webhook(self, message: EffectMessage) -> Done:
        if self._webhooks is None:
            return Done("nowhere (CRISIS_WEBHOOK_URL is not set)")
        self._webhooks.send(message)
        return Done("the webhook receiver")

    def _request_update_approval(self, message: EffectMessage) -> Done:
        update = _needed(message.update, "the customer update")
        blocks = build_approval_request(
            message.crisis, update, self._exposure(message.crisis.team_id, update.segment_ids)
        )
        return self._post_once(message, channel_of(message.crisis), approval_text(update), blocks)

    def _show_update_decision(self, message: EffectMessage) -> Done:
        update = _needed(message.update, "the customer update")
        if not update.approval_channel or not update.approval_ts:
            return Done("nowhere (the approval request was never posted)")
        blocks = build_approval_request(
            message.crisis, update, self._exposure(message.crisis.team_id, update.segment_ids)
        )
        self._update(update.approval_channel, update.approval_ts, approval_text(update), blocks)
        return Done(update.approval_channel)

    def _publish_update(self, message: EffectMessage) -> Done:
        update = _needed(message.update, "the customer update")
        if self._support is None:
            return Done("nowhere (CRISIS_CUSTOMER_CHANNEL is not set)")
        text = f"{update_name(update)} approved: {message.crisis.title}"
        blocks = build_support_copy(message.crisis, update)
        return self._post_once(message, self._support, text, blocks)

    def _return_update(self, message: EffectMessage) -> Done:
        update = _needed(message.update, "the customer update")
        text = f"Changes requested to {update_name(update).lower()}: {update.reason}"
        blocks = build_changes_requested(message.crisis, update)
        return self._post_once(message, self._dm(update.author_id), text, blocks)

    def _redraw_board(self, message: EffectMessage) -> Done:
        if not message.crisis.board_ts:
            return Done("nowhere (no board yet)")
        self._channels.update_board(message.crisis)
        return Done(channel_of(message.crisis))

    def _request_script_approval(self, message: EffectMessage) -> Done:
        script = _needed(message.script, "the call-centre script")
        blocks = build_script_request(message.crisis, script)
        return self._post_once(message, channel_of(message.crisis), script_text(script), blocks)

    def _show_script_decision(self, message: EffectMessage) -> Done:
        script = _needed(message.script, "the call-centre script")
        if not script.approval_channel or not script.approval_ts:
            return Done("nowhere (the approval request was never posted)")
        blocks = build_script_request(message.crisis, script)
        self._update(script.approval_channel, script.approval_ts, script_text(script), blocks)
        return Done(script.approval_channel)

    def _upload_script(self, message: EffectMessage) -> Done:
        crisis, script = message.crisis, _needed(message.script, "the call-centre script")
        try:
            self._client.files_upload_v2(
                channel=channel_of(crisis),
                filename=f"crisis-{crisis.id}-call-script-v{script.version}.md",
                title=f"{script_name(script)}: {crisis.title}",
                content=render_script_markdown(crisis, script),
            )
        except (SlackClientError, OSError) as error:
            raise failed("upload the call-centre script", error) from None
        return Done(channel_of(crisis))

    def _pin_script(self, message: EffectMessage) -> Done:
        crisis, script = message.crisis, _needed(message.script, "the call-centre script")
        if self._support is None:
            return Done("nowhere (CRISIS_CUSTOMER_CHANNEL is not set)")
        text = f"{script_name(script)}: {crisis.title}"
        done = self._post_once(message, self._support, text, build_script_copy(crisis, script))
        assert done.ts is not None
        self._channels.pin(self._support, done.ts)
        previous = message.previous
        if previous is not None and previous.support_ts:
            self._unpin(self._support, previous.support_ts)
        return done

    def _return_script(self, message: EffectMessage) -> Done:
        script = _needed(message.script, "the call-centre script")
        text = f"Changes requested to the call-centre script: {script.reason}"
        blocks = build_script_returned(message.crisis, script)
        return self._post_once(message, self._dm(script.author_id), text, blocks)

    def _nudge_stale_script(self, message: EffectMessage) -> Done:
        script = _needed(message.script, "the call-centre script")
        reasons = message.owed.params.get("reasons", "").split("; ")
        blocks = build_stale_nudge(message.crisis, script, reasons)
        text = f"{script_name(script)} is stale"
        return self._post_once(message, channel_of(message.crisis), text, blocks)

    def _remind_promise(self, message: EffectMessage) -> Done:
        promise = _needed(message.promise, "the promise")
        blocks = build_promise_reminder(message.crisis, promise)
        text = "Customers are owed an update soon"
        return self._post_once(message, channel_of(message.crisis), text, blocks)

    def _promise_breached(self, message: EffectMessage) -> Done:
        promise = _needed(message.promise, "the promise")
        blocks = build_breach(message.crisis, promise)
        text = "The update promised to customers is overdue"
        return self._post_once(message, channel_of(message.crisis), text, blocks)

    def _remind_item(self, message: EffectMessage) -> Done:
        item = _needed(message.item, "the item")
        due = datetime.fromisoformat(message.owed.params["due"])
        blocks = build_item_reminder(message.crisis, item, due)
        text = f"{item.kind.label} is due soon"
        return self._post_once(message, channel_of(message.crisis), text, blocks)

    def _post_once(
        self, message: EffectMessage, channel: str, text: str, blocks: list[Block]
    ) -> Done:
        key = message.owed.key
        try:
            if message.in_doubt_since is not None:
                found = find_delivery(self._client, channel, key, message.in_doubt_since)
                if found is not None:
                    return Done(channel, channel_id=channel, ts=str(found.get("ts")))
            response = self._client.chat_postMessage(
                channel=channel,
                text=text,
                blocks=blocks,
                metadata=delivery_metadata(EVENT_TYPE, key),
            )
        except (SlackClientError, OSError) as error:
            raise failed(f"say “{text}” in Slack", error) from None
        return Done(channel, channel_id=str(response["channel"]), ts=str(response["ts"]))

    def _update(self, channel: str, ts: str, text: str, blocks: list[Block]) -> None:
        try:
            self._client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
        except (SlackClientError, OSError) as error:
            raise failed("redraw the approval request", error) from None

    def _dm(self, user_id: str) -> str:
        try:
            opened = self._client.conversations_open(users=[user_id])
        except (SlackClientError, OSError) as error:
            raise failed("open a direct message", error) from None
        return str(opened["channel"]["id"])

    def _unpin(self, channel: str, ts: str) -> None:
        try:
            self._client.pins_remove(channel=channel, timestamp=ts)
        except SlackApiError as error:
            if error_code(error) not in ("no_pin", "message_not_found"):
                raise failed("unpin the previous call-centre script", error) from None
        except (SlackClientError, OSError) as error:
            raise failed("unpin the previous call-centre script", error) from None


def _needed(found: T | None, what: str) -> T:
    if found is None:
        raise EffectFailed("tell customers", f"{what} no longer exists")
    return found
