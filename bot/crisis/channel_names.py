"""Crisis channel names: `crisis-<yyyymmdd>-<slug>`, valid by Slack's rules."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

MAX_CHANNEL_NAME = 80
_NOT_ALLOWED = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lowercase ASCII letters and digits joined by single dashes ('' if none survive)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_ALLOWED.sub("-", ascii_text.lower()).strip("-")


def crisis_channel_name(title: str, declared_at: datetime, crisis_id: int, attempt: int = 1) -> str:
    """The channel name for a crisis; attempt 2, 3, ... add `-2`, `-3` after `name_taken`."""
    prefix = f"crisis-{declared_at:%Y%m%d}-"
    suffix = "" if attempt == 1 else f"-{attempt}"
    # Titles with no Latin letters or digits (emoji, Cyrillic, ...) fall back to the crisis number.
    slug = slugify(title) or str(crisis_id)
    room = MAX_CHANNEL_NAME - len(prefix) - len(suffix)
    slug = slug[:room].rstrip("-") or str(crisis_id)
    return f"{prefix}{slug}{suffix}"
