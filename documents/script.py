"""A call-centre script as a Markdown document (the file upload and the command line)."""

from __future__ import annotations

from bot.comms.scripts import CallScript, ScriptPart
from bot.crisis.model import Crisis


def render_script_markdown(crisis: Crisis, script: CallScript) -> str:
    """The script in Markdown, one heading per part."""
    approved = script.decided_at.strftime("%Y-%m-%d %H:%M UTC") if script.decided_at else "-"
    lines = [
        f"# Call-centre script v{script.version}: {crisis.title}",
        "",
        f"Crisis #{crisis.id}. Approved {approved}. Use only the newest version.",
    ]
    for part in ScriptPart:
        lines += ["", f"## {part.label}", "", script.text(part) or "-"]
    return "\n".join(lines) + "\n"
