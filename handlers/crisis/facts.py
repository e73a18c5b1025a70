"""The domain's facts in Slack's words: mentions, `<!date^...>`, escaped typed text."""

from __future__ import annotations

from datetime import datetime

from bot.crisis.facts import Facts
from documents.words import labelled
from handlers.text import escape, local_time, mention


class SlackWords:
    """How Slack messages write typed text, people and times."""

    def text(self, typed: str) -> str:
        """Typed text, escaped so it never pings anyone."""
        return escape(typed)

    def person(self, user_id: str) -> str:
        """A mention: the app chose this person (lead, owner, actor)."""
        return mention(user_id)

    def time(self, moment: datetime) -> str:
        """A time in each reader's own timezone."""
        return local_time(moment)


SLACK = SlackWords()


def fact_sections(facts: Facts) -> list[str]:
    """The record as labelled mrkdwn sections, each answer once; empty answers are left out."""
    return [f"*{label}*\n{text}" for label, text in labelled(facts, SLACK) if text]
