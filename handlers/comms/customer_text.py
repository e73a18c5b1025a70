"""The words customers read, per touch point: plain text, no Slack markup, within each limit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.comms.model import CustomerUpdate, Section
from bot.insight.model import TouchPoint
from handlers.text import clip

SUBJECT_MAX = 78  # RFC 5322's recommended line length keeps subjects whole in most clients
BANNER_MAX = 140
SOCIAL_MAX = 280
STATUS_PAGE_MAX = 5000


@dataclass(frozen=True)
class CustomerTexts:
    """One update, worded for each kind of touch point."""

    status_page: str
    email_subject: str
    email_body: str
    banner: str
    social: str


def customer_time(moment: datetime) -> str:
    """A time as customers read it, in UTC (they are not in our Slack)."""
    return moment.strftime("%H:%M UTC on %d %b %Y")


def customer_texts(update: CustomerUpdate) -> CustomerTexts:
    """The status-page text, the e-mail, and the short texts of one update."""
    next_line = f"We will update you again by {customer_time(update.next_update_at)}."
    paragraphs = [
        f"{section.label}\n{update.text(section)}" for section in Section if update.text(section)
    ]
    body = "\n\n".join([*paragraphs, next_line])
    return CustomerTexts(
        status_page=clip(body, STATUS_PAGE_MAX),
        email_subject=clip(
            f"Update: {first_sentence(update.text(Section.WHAT_HAPPENED))}", SUBJECT_MAX
        ),
        email_body=clip(f"Hello,\n\n{body}\n\nWe are sorry for the trouble this causes.", 5000),
        banner=short_text(update, BANNER_MAX, f" Next update by {_time(update)}."),
        social=short_text(
            update, SOCIAL_MAX, f" Next update by {customer_time(update.next_update_at)}."
        ),
    )


def short_text(update: CustomerUpdate, limit: int, tail: str) -> str:
    """What happened, cut to leave room for `tail`, within `limit` characters."""
    return clip(update.text(Section.WHAT_HAPPENED), limit - len(tail)) + tail


def first_sentence(text: str) -> str:
    """The text up to its first full stop (all of it if there is none)."""
    head, dot, _ = text.partition(". ")
    return head + ("." if dot else "")


def touch_point_texts(texts: CustomerTexts, point: TouchPoint) -> tuple[str, str, int | None]:
    """(heading, text, limit) of one touch point's preview; people read the full text aloud."""
    if point is TouchPoint.STATUS_PAGE:
        return "Status page", texts.status_page, None
    if point is TouchPoint.EMAIL:
        return "E-mail", f"Subject: {texts.email_subject}\n\n{texts.email_body}", None
    if point is TouchPoint.IN_APP_BANNER:
        return "In-app banner", texts.banner, BANNER_MAX
    if point is TouchPoint.SOCIAL_MEDIA:
        return "Social media", texts.social, SOCIAL_MAX
    return point.label.capitalize() + " (talking points)", texts.status_page, None


def _time(update: CustomerUpdate) -> str:
    return update.next_update_at.strftime("%H:%M UTC")
