"""The floor: a bare Bolt app on the same server and settings as Crisis Desk that only acks."""

from __future__ import annotations

import os
import re
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from waitress import serve

ANYTHING = re.compile(".*")


def main() -> None:
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])

    def acknowledge(ack: Ack, body: dict[str, Any]) -> None:
        ack()

    app.command(ANYTHING)(acknowledge)
    app.action(ANYTHING)(acknowledge)
    app.view(ANYTHING)(acknowledge)
    app.shortcut(ANYTHING)(acknowledge)
    serve(
        SlackRequestHandler(app),
        host="127.0.0.1",
        port=int(os.environ["PORT"]),
        threads=int(os.environ.get("HTTP_THREADS", "16")),
        ident="bare-bolt",
    )


if __name__ == "__main__":
    main()
