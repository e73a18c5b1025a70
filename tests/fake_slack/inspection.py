"""What Slack received and holds, across every workspace (ids are unique across them)."""

from __future__ import annotations

import threading
from typing import Any

from tests.fake_slack.state import Call, Channel, Ephemeral, Message, Scheduled, StoredFile
from tests.fake_slack.workspace import Workspace


class Inspection:
    """Read-only views of the fake's state for tests; every method takes the lock."""

    lock: threading.RLock
    workspace: Workspace  # the default workspace (the one the default token acts in)
    workspaces: dict[str, Workspace]
    _calls: list[Call]

    def where(self, channel_id: str) -> Workspace:
        """The workspace that holds this conversation (the default one if none does)."""
        for ws in self.workspaces.values():
            if channel_id in ws.channels:
                return ws
        return self.workspace

    @property
    def calls(self) -> list[Call]:
        """Every request so far, in order (a snapshot)."""
        with self.lock:
            return list(self._calls)

    def calls_to(self, method: str, *, include_failed: bool = False) -> list[Call]:
        with self.lock:
            return [c for c in self._calls if c.method == method and (include_failed or c.ok)]

    def channel(self, channel_id: str) -> Channel:
        with self.lock:
            return self.where(channel_id).channels[channel_id]

    def channel_by_name(self, name: str, *, team_id: str | None = None) -> Channel | None:
        with self.lock:
            return (self.workspaces[team_id] if team_id else self.workspace).by_name(name)

    def messages(self, channel_id: str) -> list[Message]:
        with self.lock:
            return list(self.where(channel_id).messages.get(channel_id, []))

    def ephemerals(self, channel_id: str) -> list[Ephemeral]:
        with self.lock:
            return [e for e in self.where(channel_id).ephemerals if e.channel == channel_id]

    def dms(self, user_id: str) -> list[Message]:
        """What the bot sent to this user's DM."""
        with self.lock:
            for ws in self.workspaces.values():
                for channel in ws.channels.values():
                    if channel.is_im and channel.members == {user_id, ws.bot_user_id}:
                        return list(ws.messages[channel.id])
            return []

    def scheduled(self, channel_id: str | None = None) -> list[Scheduled]:
        with self.lock:
            every = [s for ws in self.workspaces.values() for s in ws.scheduled]
            return [s for s in every if channel_id in (None, s.channel)]

    @property
    def files(self) -> dict[str, StoredFile]:
        with self.lock:
            return {k: f for ws in self.workspaces.values() for k, f in ws.files.items()}

    def files_in(self, channel_id: str) -> list[StoredFile]:
        with self.lock:
            return [f for f in self.where(channel_id).files.values() if channel_id in f.channels]

    @property
    def views(self) -> dict[str, dict[str, Any]]:
        """Every view by id, as last opened/pushed/updated/published."""
        with self.lock:
            return {k: v for ws in self.workspaces.values() for k, v in ws.views.items()}

    def view_stack(self, view_id: str) -> list[dict[str, Any]]:
        """The modal stack (root first) that this view belongs to."""
        with self.lock:
            ws = next(w for w in self.workspaces.values() if view_id in w.views)
            root = ws.views[view_id]["root_view_id"]
            return [ws.views[v] for v in ws.stacks.get(root, [])]

    def home_view(self, user_id: str, *, team_id: str | None = None) -> dict[str, Any] | None:
        with self.lock:
            ws = self.workspaces[team_id] if team_id else self.workspace
            view_id = ws.home_views.get(user_id)
            return None if view_id is None else ws.views[view_id]
