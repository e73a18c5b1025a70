"""manifest.yml is a valid Slack app manifest and grants every scope the code's calls need."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "slack"
# Set by .ci/run: a missing shared folder fails the run there instead of skipping these tests.
REQUIRE_SHARED_VARIABLE = "CRISIS_DESK_REQUIRE_SHARED"
SCHEMAS = SHARED / "manifest-schema"
METHODS_SUMMARY = SHARED / "web-api" / "web_api_methods_summary.md"
SOURCE_DIRS = ("bot", "handlers", "storage")
# Calls that need no scope: auth.test (made by Bolt), chat.getPermalink (Slack's method page).
NO_SCOPE_METHODS = {"auth.test", "chat.getPermalink"}
# Methods the shared reference does not list, with their bot scopes from Slack's method pages.
EXTRA_METHOD_SCOPES = {
    "conversations.open": {"channels:manage", "groups:write", "im:write", "mpim:write"},
    "conversations.history": {"channels:history", "groups:history", "im:history", "mpim:history"},
    "conversations.members": {"channels:read", "groups:read", "im:read", "mpim:read"},
    "conversations.list": {"channels:read", "groups:read", "im:read", "mpim:read"},
    "conversations.replies": {"channels:history", "groups:history", "im:history", "mpim:history"},
    "pins.list": {"pins:read"},
    "pins.remove": {"pins:write"},
}
CLIENT_CALL = re.compile(r"client\.([a-z]+)_([A-Za-z]+)\(")


def load_manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def schema_validator() -> jsonschema.Draft7Validator:
    """The official schema, with its remote $refs served from the local copies."""
    resources = []
    for path in SCHEMAS.glob("manifest.schema*.json"):
        document = json.loads(path.read_text())
        resource = Resource.from_contents(document)
        resources.append((document.get("$id", path.name), resource))
        for version in ("v0.5.0", "main"):
            url = f"https://raw.githubusercontent.com/slackapi/manifest-schema/{version}/schemas/{path.name}"
            resources.append((url, resource))
    registry = Registry().with_resources(resources)
    root = json.loads((SCHEMAS / "manifest.schema.json").read_text())
    return jsonschema.Draft7Validator(root, registry=registry)


def methods_called() -> set[str]:
    """Every Web API method our code calls through a WebClient."""
    methods = set()
    for directory in SOURCE_DIRS:
        for path in (ROOT / directory).rglob("*.py"):
            for family, name in CLIENT_CALL.findall(path.read_text()):
                methods.add(f"{family}.{name}")
    return methods


def scopes_by_method() -> dict[str, set[str]]:
    """Bot scopes per method, from the shared Web API reference."""
    scopes: dict[str, set[str]] = {}
    method = None
    for line in METHODS_SUMMARY.read_text().splitlines():
        if line.startswith("## "):
            method = line[3:].strip()
        elif line.startswith("Bot scopes:") and method:
            listed = line.removeprefix("Bot scopes:").split(",")
            scopes[method] = {scope.strip() for scope in listed if scope.strip()}
    return {**EXTRA_METHOD_SCOPES, **scopes}


def need_shared(path: Path) -> None:
    """Skip without ../shared on a developer's machine; fail where .ci/run requires it."""
    if path.exists():
        return
    message = f"{path} is missing (the shared folder beside the repository)"
    if os.environ.get(REQUIRE_SHARED_VARIABLE) == "1":
        pytest.fail(message)
    pytest.skip(message)


def test_manifest_matches_the_official_schema():
    need_shared(SCHEMAS)
    errors = sorted(schema_validator().iter_errors(load_manifest()), key=str)
    assert errors == []


def test_schema_check_rejects_a_broken_manifest():
    need_shared(SCHEMAS)
    manifest = load_manifest()
    manifest["features"]["slash_commands"][0]["command"] = "crisis-without-slash"
    assert list(schema_validator().iter_errors(manifest))


def test_every_method_the_code_calls_is_covered_by_a_declared_scope():
    need_shared(METHODS_SUMMARY)
    declared = set(load_manifest()["oauth_config"]["scopes"]["bot"])
    reference = scopes_by_method()
    called = methods_called()
    assert "conversations.create" in called  # the scan really finds our calls
    unknown = called - NO_SCOPE_METHODS - set(reference)
    assert unknown == set(), "add these methods' scopes to EXTRA_METHOD_SCOPES"
    # An empty scope list (views.*) means the method needs no scope.
    uncovered = {
        method: sorted(reference[method])
        for method in called - NO_SCOPE_METHODS
        if reference[method] and not reference[method] & declared
    }
    assert uncovered == {}


def test_the_slash_command_the_code_listens_to_is_declared():
    from handlers.commands import COMMAND

    commands = [c["command"] for c in load_manifest()["features"]["slash_commands"]]
    assert commands == [COMMAND]


def test_the_shortcuts_the_code_listens_to_are_declared():
    from handlers.ids import Shortcut

    declared = {s["callback_id"] for s in load_manifest()["features"].get("shortcuts", [])}
    assert declared == {shortcut.value for shortcut in Shortcut}
