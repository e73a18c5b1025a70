"""`make bench`: every benchmark, one after another; the tables go to bench/RESULTS.md."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench.databases import cleanup_on_sigterm
from bench.processes import ROOT

BENCHMARKS = (
    "bench.ack_latency",
    "bench.channel_ready",
    "bench.data_scale",
    "bench.reminders",
    "bench.home_tab",
    "bench.outbox",
    "bench.comms",
    "bench.workers",
)
RESULTS = ROOT / "bench" / "RESULTS.md"


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "?",
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory} memory, {platform.platform()}, "
        f"Python {platform.python_version()}"
    )


def run_benchmark(module: str) -> subprocess.CompletedProcess[str]:
    """Run one benchmark; if this run is stopped, stop it too so it cleans up after itself."""
    child = subprocess.Popen(
        [sys.executable, "-m", module],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        stdout, stderr = child.communicate(timeout=3600)
    finally:
        if child.poll() is None:
            child.terminate()  # SIGTERM: the benchmark drops its database and temp folders
            child.communicate(timeout=120)
    return subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr)


def main() -> None:
    cleanup_on_sigterm()
    sections = []
    for module in BENCHMARKS:
        print(f"running {module} ...", flush=True)
        result = run_benchmark(module)
        output = result.stdout.strip() or f"{module} failed:\n```\n{result.stderr[-3000:]}\n```"
        print(output, flush=True)
        sections.append(output)
    header = (
        f"# Benchmark results\n\nMeasured {datetime.now(UTC):%Y-%m-%d %H:%M UTC} by `make bench` "
        f"on {machine()}.\nThe fake Slack, the load generator and the app share this machine.\n"
    )
    RESULTS.write_text(header + "\n" + "\n\n".join(sections) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
