"""Messages about customer updates: the approval request, the support team's copy, the DM."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.comms.model import CustomerUpdate, Section, UpdateStatus
from bot.crisis.model import Crisis
from bot.insight.model import Exposure
from handlers.comms.customer_text import customer_texts
from handlers.ids import Action
from handlers.insight.blocks import exposure_text
from handlers.text import clip, escape, local_time, mention


def update_name(update: CustomerUpdate) -> str:
    """'Customer update #2 v1'."""
    return f"Customer update #{update.number} v{update.version}"


def approval_text(update: CustomerUpdate) -> str:
    """The notification text of the approval request."""
    return f"{update_name(update)}: {state_words(update.status)}"


def state_words(status: UpdateStatus) -> str:
    """How an approval's state reads: 'waiting for approval', 'approved and published', ..."""
    return {
        UpdateStatus.PENDING: "waiting for approval",
        UpdateStatus.APPROVED: "approved and published",
        UpdateStatus.CHANGES_REQUESTED: "sent back for changes",
    }.get(status, status.value)


def build_approval_request(
    crisis: Crisis, update: CustomerUpdate, exposure: Exposure | None
) -> list[Block]:
    """The draft as approvers read it, with Approve / Request changes while it is pending."""
    audience = exposure_text(exposure) if exposure else "no segment chosen"
    blocks: list[Block] = [
        HeaderBlock(text=clip(f":mega: {approval_text(update)}", 150)),
        SectionBlock(
            fields=[
                MarkdownTextObject(text=f"*Written by*\n{mention(update.author_id)}"),
                MarkdownTextObject(
                    text=f"*Next update promised by*\n{local_time(update.next_update_at)}"
                ),
                MarkdownTextObject(
                    text=clip("*Where*\n" + ", ".join(p.label for p in update.touch_points), 2000)
                ),
                MarkdownTextObject(text=clip(f"*Who*\n{audience}", 2000)),
            ]
        ),
        *(
            SectionBlock(
                text=MarkdownTextObject(
                    text=clip(f"*{section.label}*\n{escape(update.text(section))}", 3000)
                )
            )
            for section in Section
            if update.text(section)
        ),
    ]
    blocks.append(
        approval_footer(
            update,
            approve=Action.APPROVE_UPDATE,
            request_changes=Action.REQUEST_CHANGES,
            approved="Customers are being told.",
        )
    )
    return blocks


class Decidable(Protocol):
    """What waits for approval: a customer update or a call-centre script."""

    @property
    def id(self) -> int: ...
    @property
    def status(self) -> UpdateStatus: ...
    @property
    def decided_by(self) -> str | None: ...
    @property
    def decided_at(self) -> datetime | None: ...
    @property
    def reason(self) -> str | None: ...


def approval_footer(
    subject: Decidable, *, approve: Action, request_changes: Action, approved: str
) -> Block:
    """Approve / Request changes while pending; who decided, when (and why), afterwards."""
    if subject.status is UpdateStatus.PENDING:
        return ActionsBlock(
            elements=[
                ButtonElement(
                    text="Approve and publish",
                    action_id=approve,
                    value=str(subject.id),
                    style="primary",
                ),
                ButtonElement(
                    text="Request changes", action_id=request_changes, value=str(subject.id)
                ),
            ]
        )
    when = local_time(subject.decided_at) if subject.decided_at else "just now"
    who = mention(subject.decided_by or "")
    if subject.status is UpdateStatus.APPROVED:
        text = f":white_check_mark: Approved by {who} {when}. {approved}"
    else:
        text = f":leftwards_arrow_with_hook: {who} asked for changes {when}: " + escape(
            subject.reason or ""
        )
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, 3000))])


def build_support_copy(crisis: Crisis, update: CustomerUpdate) -> list[Block]:
    """The approved update for the support team, each touch point's text ready to copy."""
    texts = customer_texts(update)
    parts = (
        ("Status page, account managers, call centre", texts.status_page),
        (f"E-mail · subject: {texts.email_subject}", texts.email_body),
        ("In-app banner", texts.banner),
        ("Social media", texts.social),
    )
    return [
        HeaderBlock(text=clip(f"{update_name(update)} approved: {crisis.title}", 150)),
        *(
            SectionBlock(
                text=MarkdownTextObject(text=clip(f"*{escape(title)}*\n```{escape(text)}```", 3000))
            )
            for title, text in parts
        ),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"Next update promised by {local_time(update.next_update_at)}"
                )
            ]
        ),
    ]


def build_changes_requested(crisis: Crisis, update: CustomerUpdate) -> list[Block]:
    """The DM to the author: what the approver asked for, and a button to revise."""
    return build_sent_back(
        crisis,
        update,
        what=f"your {update_name(update).lower()}",
        revise=("Revise the update", Action.REVISE_UPDATE),
    )


def build_sent_back(
    crisis: Crisis, subject: Decidable, *, what: str, revise: tuple[str, Action]
) -> list[Block]:
    """The DM to an author: who asked for changes to `what`, why, and a button to revise."""
    text = (
        f"{mention(subject.decided_by or '')} asked for changes to {what} in "
        f"*{escape(crisis.title)}*:\n>" + escape(subject.reason or "")
    )
    button = ButtonElement(
        text=revise[0], action_id=revise[1], value=str(subject.id), style="primary"
    )
    return [
        SectionBlock(text=MarkdownTextObject(text=clip(text, 3000))),
        ActionsBlock(elements=[button]),
    ]
