"""Installations of the app in many workspaces: OAuth codes, bot tokens, revocations."""

from __future__ import annotations

import itertools
import secrets
import threading
from dataclasses import dataclass

from tests.fake_slack.state import Answer, Args, SlackError, User
from tests.fake_slack.workspace import Workspace


@dataclass(frozen=True)
class OAuthApp:
    """The app's OAuth credentials, as its settings page shows them."""

    client_id: str
    client_secret: str
    scopes: tuple[str, ...]


class Installs:
    """Which bot token belongs to which workspace, and the codes waiting to be exchanged."""

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}  # bot token -> team id
        self.revoked: set[str] = set()
        self.codes: dict[str, tuple[str, str]] = {}  # code -> (team id, installing user)
        self.app: OAuthApp | None = None
        self._numbers = itertools.count(1)

    def team_of(self, token: str) -> str:
        """The workspace a token acts in; Slack's errors for revoked and unknown tokens."""
        if token in self.revoked:
            raise SlackError("token_revoked")
        team = self.tokens.get(token)
        if team is None:
            raise SlackError("invalid_auth")
        return team

    def authorize(self, team_id: str, user_id: str) -> str:
        """Someone in `team_id` clicked "Allow" on Slack's consent page: a one-time code."""
        code = f"{next(self._numbers)}.{secrets.token_hex(8)}"
        self.codes[code] = (team_id, user_id)
        return code

    def revoke(self, team_id: str) -> None:
        """The app was uninstalled (or its tokens revoked) in `team_id`."""
        self.revoked.update(t for t, team in self.tokens.items() if team == team_id)

    def exchange(self, args: Args, workspaces: dict[str, Workspace]) -> Answer:
        """oauth.v2.access: client credentials and a fresh code for a bot token."""
        app = self.app
        if app is None or args.get("client_id") != app.client_id:
            raise SlackError("invalid_client_id")
        if args.get("client_secret") != app.client_secret:
            raise SlackError("bad_client_secret")
        grant = self.codes.pop(str(args.get("code") or ""), None)
        if grant is None:
            raise SlackError("invalid_code")
        team_id, user_id = grant
        ws = workspaces[team_id]
        token = f"xoxb-{team_id}-{next(self._numbers)}-{secrets.token_hex(6)}"
        self.tokens[token] = team_id
        return {
            "access_token": token,
            "token_type": "bot",
            "scope": ",".join(app.scopes),
            "bot_user_id": ws.bot_user_id,
            "app_id": "AFAKE",
            "team": {"id": team_id, "name": f"Team {team_id}"},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": user_id},
        }


class Installing:
    """FakeSlack's steering for installs: more workspaces, the app's credentials, consent."""

    lock: threading.RLock
    workspace: Workspace
    workspaces: dict[str, Workspace]
    installs: Installs

    def add_workspace(
        self, team_id: str, *, bot_user_id: str, bot_id: str, users: dict[str, str]
    ) -> None:
        """Another workspace, where the app is not installed until someone installs it."""
        with self.lock:
            ws = Workspace(
                team_id=team_id,
                bot_user_id=bot_user_id,
                bot_id=bot_id,
                base_url=self._base_url,
            )
            ws.ids = self.workspace.ids
            for user_id, name in users.items():
                ws.users[user_id] = User(user_id, name)
            self.workspaces[team_id] = ws

    def register_app(self, client_id: str, client_secret: str, scopes: tuple[str, ...]) -> None:
        """The app's OAuth credentials (oauth.v2.access checks them)."""
        with self.lock:
            self.installs.app = OAuthApp(client_id, client_secret, scopes)

    def approve_install(self, team_id: str, user_id: str) -> str:
        """`user_id` approves the install on Slack's consent page; returns the OAuth code."""
        with self.lock:
            if team_id not in self.workspaces or user_id not in self.workspaces[team_id].users:
                raise KeyError(f"{user_id} is not in workspace {team_id}")
            return self.installs.authorize(team_id, user_id)

    def revoke_tokens(self, team_id: str) -> None:
        """The workspace uninstalled the app: its bot tokens stop working."""
        with self.lock:
            self.installs.revoke(team_id)

    def _base_url(self) -> str:
        return self.workspace.base_url()
