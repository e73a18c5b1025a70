"""A load process: sends N signed requests of one kind at concurrency C; prints latencies (JSON).

python -m bench.load URL KIND CONCURRENCY COUNT --crisis-id N --channel C [--crisis-ids 1,2,...]

With --crisis-ids, request i is about crisis i of the list (kinds that use up a crisis each).
"""

from __future__ import annotations

import argparse
import http.client
import json
import threading
import time
from urllib.parse import urlparse

from bench.slack_bodies import body_for, signed_headers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("kind")
    parser.add_argument("concurrency", type=int)
    parser.add_argument("count", type=int)
    parser.add_argument("--crisis-id", type=int, default=1)
    parser.add_argument("--channel", default="C00000001")
    parser.add_argument("--crisis-ids", default="")
    args = parser.parse_args()
    target = urlparse(args.url)
    ids = [int(i) for i in args.crisis_ids.split(",") if i] or [args.crisis_id] * args.count
    if len(ids) < args.count:
        parser.error(f"{args.count} requests need {args.count} crisis ids, got {len(ids)}")
    bodies = [body_for(args.kind, crisis_id=i, channel=args.channel) for i in ids[: args.count]]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    queue = iter(bodies)

    def worker() -> None:
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        while True:
            with lock:
                body = next(queue, None)
            if body is None:
                break
            started = time.perf_counter()
            connection.request(
                "POST", target.path, body=body.encode(), headers=signed_headers(body)
            )
            answer = connection.getresponse()
            answer.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                statuses[answer.status] = statuses.get(answer.status, 0) + 1
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    print(json.dumps({"latencies": latencies, "wall": wall, "statuses": statuses}))


if __name__ == "__main__":
    main()
