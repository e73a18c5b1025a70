"""The `/crisis` router: one parsed invocation, and the subcommands capabilities add to it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.crisis.model import Crisis
from handlers.context import crisis_of
from handlers.help import build_help, help_text


@dataclass(frozen=True)
class Invocation:
    """One use of `/crisis`, parsed."""

    ack: Ack
    client: WebClient
    respond: Respond
    context: BoltContext
    subcommand: str
    args: str
    trigger_id: str

    @property
    def user_id(self) -> str:
        """Who typed the command."""
        return self.context.user_id or ""

    @property
    def team_id(self) -> str:
        """The workspace it was typed in."""
        return self.context.team_id or ""

    @property
    def channel_id(self) -> str:
        """The channel it was typed in."""
        return self.context.channel_id or ""

    @property
    def crisis(self) -> Crisis:
        """The crisis whose channel this is; NotACrisisChannel elsewhere."""
        return crisis_of(self.context)

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

    def __call__(
        self,
        ack: Ack,
        command: dict[str, Any],
        client: WebClient,
        respond: Respond,
        context: BoltContext,
    ) -> None:
        text = str(command.get("text") or "").strip()
        name, _, args = text.partition(" ")
        invocation = Invocation(
            ack=ack,
            client=client,
            respond=respond,
            context=context,
            subcommand=name.lower() or "open",
            args=args.strip(),
            trigger_id=str(command.get("trigger_id") or ""),
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
