"""`python -m tests.fake_slack --port N`: run the fake in the foreground (for other processes)."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading

from tests.fake_slack.server import FakeSlack


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument(
        "--delay", type=float, default=0.0, help="answer every call after this many seconds"
    )
    args = parser.parse_args()
    fake = FakeSlack(port=args.port)
    fake.set_delay(args.delay)
    fake.create_channel("general", members=("UBOT", *(f"U{n:03d}" for n in range(1, 11))))
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
