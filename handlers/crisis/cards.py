"""Messages the response leaves in the channel: decision cards, step summaries, updates, lists."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from bot.crisis.decisions import Decision, DecisionKind, TimelineEvent
from bot.crisis.impact import IMPACT_QUESTION, Direction
from bot.crisis.model import Crisis
from bot.insight.model import Exposure
from bot.response.response import Page
from documents.words import timeline_sentence
from handlers.crisis.facts import SLACK, fact_sections
from handlers.insight.blocks import exposure_text
from handlers.text import clip, direction_text, escape, escape_clip, local_time, mention

SECTION_MAX = 3000
HEADLINES = {
    DecisionKind.DECISION: ":memo: *Decision* by {who}",
    DecisionKind.RESET: ":arrows_counterclockwise: *Reset completed* by {who}",
    DecisionKind.REFOCUS: ":dart: *Priorities set* by {who}",
    DecisionKind.FIX: ":hammer_and_wrench: *Fix plan* by {who}",
    DecisionKind.UPDATE: ":mega: *Status update* from {who}",
    DecisionKind.RESOLUTION: ":white_check_mark: *Resolved* by {who}",
    DecisionKind.REVIEW: ":mag: *Review completed* by {who}",
}


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text, SECTION_MAX)))


def impact_lines(decision: Decision, exposure: Exposure | None = None) -> list[str]:
    """The assessment as lines of mrkdwn (with the exposure of the segments it names)."""
    assessment = decision.assessment
    lines = [f"*{IMPACT_QUESTION}* {direction_text(assessment.direction)}"]
    if assessment.harms:
        lines.append("Touches: " + "; ".join(harm.label for harm in assessment.harms))
    if exposure is not None and exposure.segment_names:
        lines.append(f"Segments: {escape(', '.join(exposure.segment_names))}")
        lines.append(exposure_text(exposure))
    if assessment.mitigation:
        lines.append(f"*Mitigation:* {escape(assessment.mitigation)}")
    if assessment.highlight:
        lines.append(f"*Highlight to customers:* {escape(assessment.highlight)}")
    return lines


def decision_text(decision: Decision) -> str:
    """Notification text of a decision card (typed text escaped: a fallback pings too)."""
    return f"{decision.kind.label}: {escape_clip(decision.summary, 200)}"


def build_decision_card(
    crisis: Crisis, decision: Decision, exposure: Exposure | None = None
) -> list[Block]:
    """A decision (or step summary, or update) as the channel sees it."""
    headline = HEADLINES[decision.kind].format(who=mention(decision.decided_by))
    if decision.facts is None:
        blocks: list[Block] = [_section(f"{headline}\n{escape(decision.summary)}")]
    else:
        # The record's answers say it all: the summary would repeat one of them.
        blocks = [_section(headline), *(_section(s) for s in fact_sections(decision.facts))]
    if decision.kind not in (DecisionKind.UPDATE, DecisionKind.REVIEW):
        blocks.append(_section("\n".join(impact_lines(decision, exposure))))
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(text=f"Crisis #{crisis.id} · {local_time(decision.decided_at)}")
            ]
        )
    )
    return blocks


def build_decision_list(crisis: Crisis, page: Page[Decision]) -> list[Block]:
    """`/crisis decisions`: one page of decisions with their impact."""
    blocks: list[Block] = [_section(f"*Decisions in {escape(crisis.title)}* ({page.total})")]
    for decision in page.items:
        direction = decision.assessment.direction
        follow = decision.assessment.follow_up
        note = (
            f"\n_{'Mitigation' if direction is not Direction.POSITIVE else 'Highlight'}:_ "
            f"{escape(follow)}"
            if follow
            else ""
        )
        blocks.append(
            _section(
                f"{local_time(decision.decided_at)} · "
                f"{decision.kind.label} · {mention(decision.decided_by)} · "
                f"{direction_text(direction)}\n"
                f"{escape(clip(decision.summary, 600))}{note}"
            )
        )
    blocks.append(_pager(page, "decisions"))
    return blocks


def build_crisis_list(page: Page[Crisis]) -> list[Block]:
    """`/crisis list`: the workspace's crises, newest first."""
    blocks: list[Block] = [_section(f"*Crises in this workspace* ({page.total})")]
    lines = []
    for crisis in page.items:
        where = f"<#{crisis.channel_id}>" if crisis.channel_id else "no channel"
        lines.append(
            f"#{crisis.id} *{escape(clip(crisis.title, 120))}* · {crisis.severity.label} · "
            f"{crisis.status.value} · {where} · lead {mention(crisis.lead_id)} · "
            f"{local_time(crisis.declared_at)}"
        )
    blocks.extend(_section(chunk) for chunk in _chunks(lines))
    if not page.items:
        blocks.append(_section("No crises yet. `/crisis open <title>` declares one."))
    blocks.append(_pager(page, "list"))
    return blocks


def _chunks(lines: list[str]) -> list[str]:
    """Lines joined into as few sections as Slack's 3,000 characters allow."""
    chunks: list[str] = []
    current: list[str] = []
    for line in lines:
        if current and sum(len(x) + 1 for x in current) + len(line) > SECTION_MAX - 10:
            chunks.append("\n".join(current))
            current = []
        current.append(line)
    if current:
        chunks.append("\n".join(current))
    return chunks


def build_timeline(crisis: Crisis, page: Page[TimelineEvent]) -> list[Block]:
    """`/crisis timeline`: one page of the timeline, oldest first."""
    lines = [
        f"{local_time(event.at)} · {mention(event.actor_id)} · "
        f"{timeline_sentence(_clipped(event), SLACK)}"
        for event in page.items
    ]
    blocks: list[Block] = [_section(f"*Timeline of {escape(crisis.title)}* ({page.total} events)")]
    blocks.extend(_section(chunk) for chunk in _chunks(lines))
    blocks.append(_pager(page, "timeline"))
    return blocks


def _clipped(event: TimelineEvent) -> TimelineEvent:
    # Clip what was typed before it is escaped, so an entity is never cut in half.
    return replace(event, subject=clip(event.subject, 300))


def _pager(page: Page[Any], command: str) -> ContextBlock:
    more = f" · `/crisis {command} {page.number + 1}` for more" if page.number < page.pages else ""
    return ContextBlock(
        elements=[MarkdownTextObject(text=f"Page {page.number} of {page.pages}{more}")]
    )
