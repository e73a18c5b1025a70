"""The customer-impact section every decision modal ends with, and how to read it back."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    HeaderBlock,
    InputBlock,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
)

from bot.crisis.impact import IMPACT_QUESTION, NOTE_MAX, Direction, Harm, ImpactAssessment
from handlers.forms import FormReader, read_id
from handlers.ids import Block as Id


def harm_options() -> list[Option]:
    """The harms from the playbook, as options."""
    return [Option(value=harm.value, text=harm.label) for harm in Harm]


def assessment_blocks(segment_blocks: Sequence[Block] = ()) -> list[Block]:
    """'How will this affect customers?': direction, segments, harms, mitigation or highlight."""
    return [
        HeaderBlock(text=IMPACT_QUESTION),
        InputBlock(
            block_id=Id.DIRECTION,
            label="Impact on customers",
            element=RadioButtonsElement(
                action_id=Id.DIRECTION,
                options=[Option(value=d.value, text=d.label) for d in Direction],
            ),
        ),
        *segment_blocks,
        InputBlock(
            block_id=Id.HARMS,
            label="Which harms does it touch?",
            optional=True,
            element=CheckboxesElement(action_id=Id.HARMS, options=harm_options()),
        ),
        InputBlock(
            block_id=Id.MITIGATION,
            label="If negative or mixed: how we mitigate it",
            optional=True,
            hint="Required when the impact is negative or mixed. Use what we know about them.",
            element=PlainTextInputElement(
                action_id=Id.MITIGATION, multiline=True, max_length=NOTE_MAX
            ),
        ),
        InputBlock(
            block_id=Id.HIGHLIGHT,
            label="If positive: how we highlight it to customers",
            optional=True,
            hint="Required when the impact is positive: an honest word that rebuilds trust.",
            element=PlainTextInputElement(
                action_id=Id.HIGHLIGHT, multiline=True, max_length=NOTE_MAX
            ),
        ),
    ]


def read_assessment(form: FormReader, *, known_segments: set[int]) -> ImpactAssessment | None:
    """The assessment in the form; records field errors (and returns None) when incomplete."""
    direction = form.choice(Id.DIRECTION, Direction, label="how this affects customers")
    segment_ids = tuple(read_segment_ids(form, Id.IMPACT_SEGMENTS, known_segments))
    harms = tuple(Harm(v) for v in form.choices(Id.HARMS) if v in Harm.__members__.values())
    mitigation = form.text(
        Id.MITIGATION, label="the mitigation", required=False, max_length=NOTE_MAX
    )
    highlight = form.text(Id.HIGHLIGHT, label="the highlight", required=False, max_length=NOTE_MAX)
    if direction is None:
        return None
    assessment = ImpactAssessment(direction, segment_ids, harms, mitigation, highlight)
    for field, message in assessment.problems().items():
        form.errors.setdefault(Id(field), message)
    return assessment


def read_segment_ids(form: FormReader, block_id: str, known: set[int]) -> list[int]:
    """Chosen segment ids; an id that is not one of the team's segments is a field error."""
    chosen: list[int] = []
    for value in form.choices(block_id):
        number = read_id(value)
        if number is not None and number in known:
            chosen.append(number)
        else:
            form.errors[block_id] = "One of those segments no longer exists. Choose again."
    return chosen
