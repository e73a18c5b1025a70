"""`python -m tests.fake_slack --port N`: run the fake in the foreground (for other processes).

Prints its base URL (".../api/") on the first line of stdout, then serves until SIGTERM/Ctrl-C.
Inspect and steer it over HTTP:
  GET  /_fake/calls[?method=chat.postMessage]   every recorded call, as JSON
  GET  /_fake/count[?method=...]                {"calls": N}
  POST /_fake/fault   {"kind": "fail_next", "method": "pins.add", "error": "internal_error", "times": 1}
                      {"kind": "rate_limit_next", "method": ..., "retry_after": 1, "times": 1}
                      {"kind": "server_error_next", "method": ..., "status": 500, "times": 1}
                      {"kind": "set_delay", "seconds": 0.5, "method": null, "after": false}
  POST /_fake/reset   {"drop_channels": false}
  POST /_fake/post_rate {"per_channel_per_second": 1}
  POST /_fake/expire_trigger {"trigger_id": "..."}
  POST /_fake/user    {"id": "U123", "name": "Ada", "tz": "Europe/London"}
  POST /_fake/channel {"name": "general", "members": ["UBOT"], "is_private": false} -> {"id": ...}
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading

from tests.fake_slack.fake import DEFAULT_USERS, FakeSlack


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token", default="xoxb-test-token")
    parser.add_argument(
        "--delay", type=float, default=0.0, help="answer every call after this many seconds"
    )
    args = parser.parse_args()
    fake = FakeSlack(port=args.port, token=args.token)
    fake.set_delay(args.delay)
    fake.create_channel("general", members=("UBOT", *DEFAULT_USERS))
    fake.start()
    print(fake.base_url, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    fake.stop()
    sys.exit(0)


if __name__ == "__main__":
    main()
