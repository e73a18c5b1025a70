"""Modals built and checked once: the same facts give the same view, so its JSON is kept.

slack_sdk's model objects check every block and element each time a view is turned into JSON;
for a form opened many times with the same facts (the crisis as it stands, the team's
segments, who opens it) that work is done once per process, and the JSON reused.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from slack_sdk.models.views import View

# Views kept (least recently used dropped first): a few kilobytes each.
VIEWS_KEPT = 512


class ViewCache:
    """JSON of views already built and checked, by everything they were built from."""

    def __init__(self, size: int = VIEWS_KEPT) -> None:
        self._size = size
        self._views: OrderedDict[Hashable, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def view(self, key: Hashable, build: Callable[[], View]) -> dict[str, Any]:
        """The view `build` makes, as JSON; `key` must name every fact it reads (and the form).

        The JSON is shared between requests: send it, never change it.
        """
        with self._lock:
            found = self._views.get(key)
            if found is not None:
                self._views.move_to_end(key)
                return found
        built = build().to_dict()
        with self._lock:
            self._views[key] = built
            while len(self._views) > self._size:
                self._views.popitem(last=False)
        return built
