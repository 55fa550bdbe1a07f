"""Load generation with `wrk`, shared by the page benchmarks.

Pages are measured in interleaved rounds (every page once per round), and each
figure is the median over the rounds. A share ("this page against /healthz",
"the gated view against the free one") is worked out within each round, from
runs a few seconds apart, and then the median taken: a burst of load elsewhere
on the machine moves one round, not the result.
"""

import os
import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

THREADS = 2
SECONDS_PER_PAGE = int(os.environ.get("WRK_SECONDS", "20"))
ROUNDS = max(1, int(os.environ.get("WRK_ROUNDS", "10")))
SECONDS_PER_ROUND = max(1, SECONDS_PER_PAGE // ROUNDS)
WARM_UP = os.environ.get("WRK_WARM_UP", "2s")
CONNECTIONS = int(os.environ.get("WRK_CONNECTIONS", "16"))
TIMEOUT = "10s"  # wrk's default of 2 s would count a slow page's requests as errors instead of measuring them
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


@dataclass(frozen=True)
class Run:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int = 0
    server_cpu_seconds: float = 0.0

    @property
    def cpu_ms_per_request(self):
        return self.server_cpu_seconds * 1000 / self.requests if self.requests else float("nan")


@dataclass(frozen=True)
class Summary:
    requests_per_second: float
    p50_ms: float
    p99_ms: float  # median of the rounds' p99
    worst_p99_ms: float
    errors: int
    rounds: int


def wrk_missing():
    return shutil.which("wrk") is None


def run_wrk(url, duration, connections, cookie=None):
    command = [
        "wrk",
        f"-t{min(THREADS, connections)}",
        f"-c{connections}",
        f"-d{duration}",
        f"--timeout={TIMEOUT}",
        "--latency",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    return subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout


def _milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS_MS[unit]


def _percentile(output, percent):
    found = re.search(rf"^\s+{percent}%\s+(\S+)", output, re.MULTILINE)
    return _milliseconds(found.group(1)) if found else float("nan")


def parse_wrk(output):
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:.*?(\d+).*?(\d+).*?(\d+).*?(\d+)", output)
    count = int(errors.group(1)) if errors else 0
    if socket_errors:
        count += sum(int(value) for value in socket_errors.groups())
    total = re.search(r"(\d+) requests in", output)
    return Run(rate, _percentile(output, 50), _percentile(output, 99), count, int(total.group(1)) if total else 0)


def _descendants(pid):
    """The process and every process below it, from /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(parents.get(current, []))
    return found


def server_cpu_seconds(pid):
    """User and system CPU time used so far by the server process tree (its gunicorn workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for process in _descendants(pid):
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def measure(base_url, pages, *, rounds, seconds, connections, warm_up="2s", progress=None, server_pid=None):
    """{name: [Run per round]} for `pages` ({name: (path, cookie or None)}), interleaved.

    With `server_pid`, each run also records the CPU time the server's processes
    spent on it: CPU per request is what a page costs, however busy the machine."""
    for path, cookie in pages.values():
        run_wrk(f"{base_url}{path}", warm_up, connections, cookie)
    runs = {name: [] for name in pages}
    for round_number in range(rounds):
        for name, (path, cookie) in pages.items():
            if progress is not None:
                progress(f"round {round_number + 1}/{rounds}: {name}")
            cpu_before = server_cpu_seconds(server_pid) if server_pid else 0.0
            run = parse_wrk(run_wrk(f"{base_url}{path}", f"{seconds}s", connections, cookie))
            if server_pid:
                run = replace(run, server_cpu_seconds=server_cpu_seconds(server_pid) - cpu_before)
            runs[name].append(run)
    return runs


def measure_server(console, server, pages):
    """`measure` against a running bench server with the WRK_* settings, showing progress."""
    with console.status("measuring") as status:
        return measure(
            server.url,
            pages,
            rounds=ROUNDS,
            seconds=SECONDS_PER_ROUND,
            connections=CONNECTIONS,
            warm_up=WARM_UP,
            progress=status.update,
            server_pid=server.process.pid,
        )


def cpu_ms_per_request(runs):
    """The median over rounds of the server's CPU milliseconds per request."""
    return statistics.median(run.cpu_ms_per_request for run in runs)


def summarise(runs):
    return Summary(
        requests_per_second=statistics.median(run.requests_per_second for run in runs),
        p50_ms=statistics.median(run.p50_ms for run in runs),
        p99_ms=statistics.median(run.p99_ms for run in runs),
        worst_p99_ms=max(run.p99_ms for run in runs),
        errors=sum(run.errors for run in runs),
        rounds=len(runs),
    )


def share(runs, reference_runs):
    """The median over rounds of this page's throughput over the reference's in the same round."""
    return statistics.median(
        run.requests_per_second / (reference.requests_per_second or 1.0)
        for run, reference in zip(runs, reference_runs, strict=True)
    )


def rounds_line(runs):
    """Each page's requests/s round by round, to show how much the machine moved."""
    return "requests/s per round: " + "; ".join(
        f"{name} " + " ".join(f"{run.requests_per_second:.0f}" for run in page_runs) for name, page_runs in runs.items()
    )
