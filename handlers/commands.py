"""`/crisis <subcommand> [args]`: one slash command, routed to small subcommand handlers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from handlers.help import build_help, help_text

COMMAND = "/crisis"


@dataclass(frozen=True)
class Invocation:
    """One use of `/crisis`, parsed."""

    ack: Ack
    client: WebClient
    subcommand: str
    args: str
    user_id: str
    channel_id: str
    team_id: str
    trigger_id: str

    def reply(self, text: str, blocks: list[Any] | None = None) -> None:
        """Acknowledge with a message only the caller sees."""
        self.ack(text=text, blocks=blocks, response_type="ephemeral")


Subcommand = Callable[[Invocation], None]


@dataclass(frozen=True)
class Route:
    """A subcommand, its handler, and how help describes it."""

    handler: Subcommand
    usage: str
    meaning: str


class CommandRouter:
    """Maps the first word after `/crisis` to a handler; no word means `open`."""

    def __init__(self) -> None:
        self._routes: dict[str, Route] = {}
        self._help: list[dict[str, Any]] | None = None
        self.add("help", self._show_help, usage="/crisis help", meaning="Show this help.")

    def add(self, name: str, handler: Subcommand, *, usage: str, meaning: str) -> None:
        """Register a subcommand."""
        self._routes[name] = Route(handler, usage, meaning)

    def usages(self) -> list[tuple[str, str]]:
        """(usage, meaning) of every subcommand, for help."""
        return [(route.usage, route.meaning) for route in self._routes.values()]

    def __call__(self, ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        text = str(command.get("text") or "").strip()
        name, _, args = text.partition(" ")
        invocation = Invocation(
            ack=ack,
            client=client,
            subcommand=name.lower() or "open",
            args=args.strip(),
            user_id=str(command.get("user_id", "")),
            channel_id=str(command.get("channel_id", "")),
            team_id=str(command.get("team_id", "")),
            trigger_id=str(command.get("trigger_id", "")),
        )
        route = self._routes.get(invocation.subcommand)
        if route is None:
            problem = (
                f"I don't know `/crisis {name}`. To declare a crisis with that title, "
                f"use `/crisis open {text}`."
            )
            invocation.reply(help_text(self.usages()), build_help(self.usages(), problem=problem))
            return
        route.handler(invocation)

    def _show_help(self, invocation: Invocation) -> None:
        # The help never changes once listeners are registered: build its blocks once.
        if self._help is None:
            self._help = [block.to_dict() for block in build_help(self.usages())]
        invocation.reply(help_text(self.usages()), self._help)


def register(app: App, router: CommandRouter) -> None:
    """Listen for `/crisis`."""
    app.command(COMMAND)(router)
