"""Every callback_id, action_id and block_id the app uses, in one place."""

from __future__ import annotations

from enum import StrEnum


class Callback(StrEnum):
    """Modal callback ids."""

    DECLARE = "crisis_declare"


class Block(StrEnum):
    """Input block ids; the action id inside each input block is the same string."""

    TITLE = "title"
    DESCRIPTION = "description"
    CRISIS_TYPE = "crisis_type"
    SEVERITY = "severity"
    LEAD = "lead"
    RESPONDERS = "responders"
    SEGMENTS = "segments"


class Action(StrEnum):
    """Action ids of buttons and other interactive elements outside input blocks."""

    OPEN_CHANNEL = "crisis_open_channel"
