"""Imports run one way: across layers, between modules, and between the rooms of bot/ and handlers/.

Every import counts: module-level, inside functions and under TYPE_CHECKING, because each one
is an arrow a reader (and mypy) follows.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("bot", "handlers", "storage", "documents")
# Which layers each layer may import (besides itself).
ALLOWED_LAYERS = {
    "bot": set[str](),
    "documents": {"bot"},
    "storage": {"bot", "documents"},
    "handlers": {"bot", "documents"},
}

# bot/ rooms, bottom to top: a room imports only rooms listed before it.
BOT_ROOMS = (
    ("bot.kernel", "clock, durations, errors, settings, transaction: what every room may use"),
    ("bot.delivery", "the generic delivery engine for the outbox and reminders"),
    ("bot.insight", "customer segments and exposure, with their own ports"),
    ("bot.trust", "compensation, outreach and check-in facts, read by the review record"),
    ("bot.crisis", "crisis facts and rules, its review record and its repositories"),
    ("bot.home", "a person's Home, read from crises"),
    ("bot.reminders", "reminder policy and poller over crises and the delivery engine"),
    ("bot.outbox", "what to say in Slack after a change, delivered by the engine"),
    ("bot.comms", "telling customers: updates, promises, scripts, and their own outbox"),
    ("bot.response", "the use cases on top of every capability, and the whole unit of work"),
    ("bot.recovery", "rebuilding trust: its use cases over the whole unit and the trust tables"),
    ("bot.services", "the bundle of use cases the app hands to handlers"),
)
BOT_KERNEL = {"bot", "bot.clock", "bot.durations", "bot.errors", "bot.settings", "bot.transaction"}

# handlers/ rooms, bottom to top.
HANDLER_ROOMS = (
    ("handlers.shell", "Bolt plumbing every capability uses: ids, forms, text, router, wiring"),
    ("handlers.insight", "segment pickers and the segments modal"),
    ("handlers.trust", "compensation, outreach and check-in modals, and their part of the board"),
    ("handlers.crisis", "the board, cards, step and decision forms and their listeners"),
    ("handlers.review", "resolving and reviewing, on the crisis forms"),
    ("handlers.home", "the Home tab, showing crises and the declare buttons"),
    ("handlers.reminders", "rendering and sending nudges, and their buttons"),
    ("handlers.slack_gateway", "the outbound gateway: renders boards and cards into Slack"),
    ("handlers.comms", "telling customers: forms, approvals, promises, scripts, their sender"),
    ("handlers.delivery", "the outbox sender, through the gateway"),
    ("handlers.app_factory", "the composition of every listener group into one Bolt app"),
)
HANDLER_EDGE = {"handlers.slack_gateway", "handlers.app_factory"}


@dataclass(frozen=True)
class Import:
    """One import of a project module by another."""

    source: str
    target: str
    path: Path
    line: int

    def describe(self) -> str:
        """Where it is, in a form a reader can jump to."""
        return f"{self.path.relative_to(ROOT)}:{self.line} imports {self.target}"


def module_name(path: Path) -> str:
    """The dotted name of a source file."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    """Every module of the four layers, by name."""
    return {module_name(path): path for layer in LAYERS for path in (ROOT / layer).rglob("*.py")}


def resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The project module `name` refers to, or None outside the project."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> Iterator[Import]:
    """Every project import in the file, wherever it sits."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from handlers import commands` imports the module handlers.commands.
            targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            found = resolve(target, modules)
            if found is not None and found != name:
                yield Import(name, found, path, node.lineno)


def all_imports() -> list[Import]:
    """Every project import in the four layers."""
    modules = project_modules()
    return [found for name, path in modules.items() for found in imports_of(name, path, modules)]


def room_of(module: str) -> str:
    """The room of a bot/ or handlers/ module."""
    parts = module.split(".")
    if parts[0] == "bot":
        if module in BOT_KERNEL:
            return "bot.kernel"
        return ".".join(parts[:2])
    if module in HANDLER_EDGE or len(parts) > 2:
        return ".".join(parts[:2])
    return "handlers.shell"


def test_layers_import_only_the_layers_below() -> None:
    """bot imports nothing outside bot; documents only bot; storage bot and documents; handlers
    bot and documents."""
    wrong = [
        found.describe()
        for found in all_imports()
        if (layer := found.source.split(".")[0]) != (other := found.target.split(".")[0])
        and other not in ALLOWED_LAYERS[layer]
    ]
    assert wrong == [], "imports crossing layers the wrong way:\n" + "\n".join(wrong)


def test_no_import_cycle_between_modules() -> None:
    """No module reaches itself through its imports."""
    graph: dict[str, list[Import]] = {}
    for found in all_imports():
        graph.setdefault(found.source, []).append(found)
    cycles: list[str] = []
    done: set[str] = set()

    def visit(module: str, trail: list[Import]) -> None:
        for found in graph.get(module, []):
            on_trail = [step.source for step in trail]
            if found.target in on_trail:
                loop = [*trail[on_trail.index(found.target) :], found]
                cycles.append(" -> ".join(step.describe() for step in loop))
            elif found.target not in done:
                visit(found.target, [*trail, found])
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            visit(module, [])
    assert cycles == [], "import cycles:\n" + "\n".join(cycles)


def check_rooms(layer: str, rooms: tuple[tuple[str, str], ...]) -> list[str]:
    """Imports from a room to a room not below it in the declared order."""
    order = {room: rank for rank, (room, _reason) in enumerate(rooms)}
    wrong: list[str] = []
    for found in all_imports():
        if found.source.split(".")[0] != layer or found.target.split(".")[0] != layer:
            continue
        source, target = room_of(found.source), room_of(found.target)
        if source not in order:
            wrong.append(f"{found.path.relative_to(ROOT)} is in {source}, a room not declared")
            continue
        elif target not in order or order[target] > order[source]:
            wrong.append(f"{found.describe()}: {source} may not import {target} (above it)")
    return sorted(set(wrong))


def test_bot_rooms_stack_in_the_declared_order() -> None:
    """A bot/ room imports only rooms below it."""
    wrong = check_rooms("bot", BOT_ROOMS)
    assert wrong == [], "bot/ imports running back up:\n" + "\n".join(wrong)


def test_handler_rooms_stack_in_the_declared_order() -> None:
    """A handlers/ room imports only rooms below it."""
    wrong = check_rooms("handlers", HANDLER_ROOMS)
    assert wrong == [], "handlers/ imports running back up:\n" + "\n".join(wrong)
