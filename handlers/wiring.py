"""What every listener module is registered with: one bundle, built once by the app factory."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services import Services
from handlers.background import Background
from handlers.context import CrisisFinder
from handlers.outbound import CrisisSlack, HomePublisher
from handlers.router import CommandRouter
from handlers.view_cache import ViewCache


@dataclass(frozen=True)
class Wiring:
    """The use cases, the `/crisis` router, the crisis middleware, the after-ack runner, the
    Slack gateway, the Home tabs, and the modals already built."""

    services: Services
    router: CommandRouter
    finder: CrisisFinder
    background: Background
    slack: CrisisSlack
    homes: HomePublisher
    views: ViewCache


class Listeners:
    """Base of each module's listener group: the parts of the wiring listeners use."""

    def __init__(self, wiring: Wiring) -> None:
        self.services = wiring.services
        self.response = wiring.services.response
        self.background = wiring.background
        self.slack = wiring.slack
        self.views = wiring.views
