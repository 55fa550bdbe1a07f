"""A served demo site for benchmarks: `with running_server() as server: ...`.

The benchmark database is a SQLite file under var/bench/ (with its own media,
static files and secret key), migrated and loaded with the demo group once and
reused afterwards. `masthead serve` runs on a free port with 2 gunicorn workers
and MASTHEAD_DEMO=1; the helper waits for /healthz before handing over and
stops the server afterwards.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DATABASE = BENCH_DIR / "bench.sqlite3"
SERVER_LOG = BENCH_DIR / "server.log"
STARTUP_TIMEOUT = 90


def bench_environment(extra=None):
    """The environment every benchmark process shares: demo settings on the bench database."""
    env = dict(os.environ)
    for name in ("DEBUG", "SITE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    env.update(
        MASTHEAD_DEMO="1",
        MASTHEAD_VAR_DIR=str(BENCH_DIR),
        DATABASE_URL=f"sqlite:///{DATABASE}",
        ACCESS_LOG="",
        LOG_LEVEL="ERROR",
    )
    env.update(extra or {})
    return env


def masthead(*arguments, env=None, quiet=False):
    """Run one `masthead` command against the bench database."""
    command = [sys.executable, "-m", "masthead.cli", *arguments]
    output = subprocess.DEVNULL if quiet else None
    subprocess.run(command, env=env or bench_environment(), cwd=ROOT, check=True, stdout=output)


def prepare_database(env=None):
    """Migrate, collect static files and load the demo (idempotent: fast when done before)."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    env = env or bench_environment()
    masthead("migrate", "--no-input", "--verbosity", "0", env=env)
    masthead("collectstatic", "--no-input", "--verbosity", "0", env=env)
    masthead("demo", env=env, quiet=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    env: dict

    def get(self, path, timeout=10):
        with urllib.request.urlopen(f"{self.url}{path}", timeout=timeout) as response:  # noqa: S310
            return response.status, response.read(), dict(response.headers)


def _wait_for_health(server):
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"masthead serve stopped at start; see {SERVER_LOG}")
        try:
            status, _, _ = server.get("/healthz", timeout=2)
            if status == 200:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"masthead serve did not answer /healthz within {STARTUP_TIMEOUT} s; see {SERVER_LOG}")


@contextlib.contextmanager
def running_server(workers=2, extra_env=None, prepare=True):
    """Prepare the bench database, serve it, yield a `Server`, stop it afterwards."""
    env = bench_environment(extra_env)
    if prepare:
        prepare_database(env)
    port = free_port()
    with open(SERVER_LOG, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "masthead.cli", "serve", "--port", str(port), "--workers", str(workers)],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(url=f"http://127.0.0.1:{port}", process=process, env=env)
    try:
        _wait_for_health(server)
        yield server
    finally:
        _stop(process)


def _stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
