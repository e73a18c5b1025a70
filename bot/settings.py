"""Configuration read from the environment, validated once at start."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///crisis_desk.db"
DEFAULT_PORT = 3000
DEFAULT_POLL_SECONDS = 2.0
MAX_POLL_SECONDS = 5.0
MAX_HTTP_PROCESSES = 64
SCOPE = re.compile(r"^[a-z]+(?:[:.][a-z_.]+)*$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")
CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,30}$")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    """Everything the app needs from its environment."""

    slack_bot_token: str | None
    slack_signing_secret: str
    slack_app_token: str | None = None
    # Distributed (many workspaces): OAuth credentials instead of one bot token.
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_scopes: tuple[str, ...] = ()
    slack_api_url: str = DEFAULT_SLACK_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    port: int = DEFAULT_PORT
    announce_channel: str | None = None
    playbook_path: Path | None = None
    reminder_poll_seconds: float = DEFAULT_POLL_SECONDS
    http_threads: int = 16
    # HTTP mode: this many app processes serve the one PORT (each with HTTP_THREADS threads).
    http_processes: int = 1
    # Compensation's currency; None: the playbook's ([compensation] currency).
    currency: str | None = None
    comms_approvers: tuple[str, ...] = ()
    customer_channel: str | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = None

    @property
    def socket_mode(self) -> bool:
        """Socket Mode when an app-level token is configured, HTTP otherwise."""
        return self.slack_app_token is not None

    @property
    def distributed(self) -> bool:
        """Installed through OAuth in any number of workspaces (no single bot token)."""
        return self.slack_bot_token is None


def load_settings(env: Mapping[str, str]) -> Settings:
    """Build Settings from an environment mapping, or raise ConfigError naming the variable."""
    bot_token = _optional_token(env, "SLACK_BOT_TOKEN", "xoxb-")
    oauth = _oauth(env) if bot_token is None else (None, None, ())
    app_token = _optional_token(env, "SLACK_APP_TOKEN", "xapp-")
    if bot_token is None and app_token is not None:
        raise ConfigError(
            "SLACK_APP_TOKEN: Socket Mode needs SLACK_BOT_TOKEN; installing in many workspaces "
            "(SLACK_CLIENT_ID) runs over HTTP only"
        )
    processes = _int(env, "HTTP_PROCESSES", 1, low=1, high=MAX_HTTP_PROCESSES)
    if processes > 1 and app_token is not None:
        raise ConfigError(
            "HTTP_PROCESSES: Socket Mode (SLACK_APP_TOKEN) runs in one process; "
            "several processes serve HTTP only"
        )
    return Settings(
        slack_bot_token=bot_token,
        slack_signing_secret=_required(env, "SLACK_SIGNING_SECRET"),
        slack_app_token=app_token,
        slack_client_id=oauth[0],
        slack_client_secret=oauth[1],
        slack_scopes=oauth[2],
        slack_api_url=_api_url(env.get("SLACK_API_URL") or DEFAULT_SLACK_API_URL),
        database_url=_database_url(env.get("DATABASE_URL") or DEFAULT_DATABASE_URL),
        port=_int(env, "PORT", DEFAULT_PORT, low=1, high=65535),
        announce_channel=_optional(env, "CRISIS_ANNOUNCE_CHANNEL"),
        playbook_path=_optional_path(env, "CRISIS_PLAYBOOK"),
        reminder_poll_seconds=_float(
            env, "CRISIS_POLL_SECONDS", DEFAULT_POLL_SECONDS, low=0.05, high=MAX_POLL_SECONDS
        ),
        http_threads=_int(env, "HTTP_THREADS", 16, low=1, high=256),
        http_processes=processes,
        currency=_currency(env),
        comms_approvers=_user_ids(env, "CRISIS_COMMS_APPROVERS"),
        customer_channel=_channel_id(env, "CRISIS_CUSTOMER_CHANNEL"),
        webhook_url=_webhook_url(env, "CRISIS_WEBHOOK_URL"),
        webhook_secret=_webhook_secret(env, "CRISIS_WEBHOOK_SECRET", "CRISIS_WEBHOOK_URL"),
    )


def database_url(env: Mapping[str, str]) -> str:
    """DATABASE_URL from `env` (the default when unset), checked as load_settings checks it."""
    return _database_url(env.get("DATABASE_URL") or DEFAULT_DATABASE_URL)


def _oauth(env: Mapping[str, str]) -> tuple[str, str, tuple[str, ...]]:
    """The OAuth credentials that replace SLACK_BOT_TOKEN when installing in many workspaces."""
    names = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SCOPES")
    if not any(_optional(env, name) for name in names):
        raise ConfigError(
            "SLACK_BOT_TOKEN is not set (see .env.example); to install in many workspaces set "
            "SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_SCOPES instead"
        )
    client_id, secret, scopes = (_required(env, name) for name in names)
    listed = tuple(dict.fromkeys(s.strip() for s in scopes.split(",") if s.strip()))
    if any(not SCOPE.match(scope) for scope in listed):
        raise ConfigError(
            f"SLACK_SCOPES must be comma-separated scopes like chat:write, got {scopes!r}"
        )
    return client_id, secret, listed


def _currency(env: Mapping[str, str]) -> str | None:
    value = _optional(env, "CRISIS_CURRENCY")
    if value is not None and not CURRENCY.match(value):
        raise ConfigError(f"CRISIS_CURRENCY must be a currency code like EUR, got {value!r}")
    return value


def _user_ids(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    raw = _optional(env, name) or ""
    ids = [part for part in re.split(r"[\s,]+", raw) if part]
    bad = [part for part in ids if not USER_ID.match(part)]
    if bad:
        raise ConfigError(
            f"{name} must list Slack user ids like U0123ABCD, separated by commas; "
            f"{bad[0]!r} is not one"
        )
    return tuple(dict.fromkeys(ids))


def _channel_id(env: Mapping[str, str], name: str) -> str | None:
    value = _optional(env, name)
    if value is not None and not CHANNEL_ID.match(value):
        raise ConfigError(f"{name} must be a Slack channel id like C0123ABCD, got {value!r}")
    return value


def _webhook_url(env: Mapping[str, str], name: str) -> str | None:
    value = _optional(env, name)
    if value is None:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(f"{name} must be an http(s) URL, got {value!r}")
    return value


def _webhook_secret(env: Mapping[str, str], name: str, url_name: str) -> str | None:
    value = _optional(env, name)
    if value is None:
        if _optional(env, url_name) is not None:
            raise ConfigError(f"{name} is not set, but {url_name} is: webhooks must be signed")
        return None
    body = value.removeprefix("whsec_")
    try:
        secret = base64.b64decode(body, validate=True)
    except binascii.Error:
        secret = b""
    if len(secret) < 24:
        raise ConfigError(
            f"{name} must be whsec_ followed by at least 24 random bytes in base64 "
            "(e.g. whsec_$(openssl rand -base64 32))"
        )
    return value


def _optional(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _required(env: Mapping[str, str], name: str) -> str:
    value = _optional(env, name)
    if value is None:
        raise ConfigError(f"{name} is not set (see .env.example)")
    return value


def _token(env: Mapping[str, str], name: str, prefix: str) -> str:
    value = _required(env, name)
    if not value.startswith(prefix):
        raise ConfigError(f"{name} must start with '{prefix}'")
    return value


def _optional_token(env: Mapping[str, str], name: str, prefix: str) -> str | None:
    return _token(env, name, prefix) if _optional(env, name) else None


def _optional_path(env: Mapping[str, str], name: str) -> Path | None:
    value = _optional(env, name)
    if value is None:
        return None
    path = Path(value)
    if not path.is_file():
        raise ConfigError(f"{name} points at {value}, which is not a readable file")
    return path


def _api_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(f"SLACK_API_URL must be an http(s) URL, got {value!r}")
    return value if value.endswith("/") else value + "/"


def _database_url(value: str) -> str:
    if not value.startswith(("sqlite:", "postgresql")):
        raise ConfigError(
            "DATABASE_URL must be sqlite:///<file> or postgresql+psycopg://user@host/db, "
            f"got {value.split(':', 1)[0]}:..."
        )
    if value.startswith("postgresql://"):
        # SQLAlchemy would pick psycopg2 for a bare postgresql:// URL; we ship psycopg 3.
        return "postgresql+psycopg://" + value.removeprefix("postgresql://")
    return value


def _int(env: Mapping[str, str], name: str, default: int, *, low: int, high: int) -> int:
    raw = _optional(env, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, got {value}")
    return value


def _float(env: Mapping[str, str], name: str, default: float, *, low: float, high: float) -> float:
    raw = _optional(env, name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high} seconds, got {value}")
    return value
