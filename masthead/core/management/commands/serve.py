import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def default_threads():
    """Threads per worker. On the embedded default (SQLite and the local-memory cache) a
    request never waits on the network, so more threads only contend for the GIL: a
    cached article cost 2.0 ms of server CPU with one thread and 2.5 ms with four
    (`make bench BENCH=pages`). With PostgreSQL or Redis, threads fill the waits."""
    on_network = settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3" or bool(settings.REDIS_URL)
    return 4 if on_network else 1


class Command(BaseCommand):
    help = "Serve the site with gunicorn (DEBUG off, static files through whitenoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument("--with-worker", action="store_true", help="Also run `masthead worker` beside the server.")

    def handle(self, *args, host, port, workers, with_worker, **options):
        if settings.DEBUG:
            raise CommandError("masthead serve runs with DEBUG off; unset DEBUG.")
        gunicorn = [
            sys.executable,
            "-m",
            "gunicorn",
            "masthead.wsgi:application",
            "--config",
            "python:masthead.core.gunicorn_conf",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            os.environ.get("GUNICORN_THREADS") or str(default_threads()),
            "--graceful-timeout",
            "10",
            "--timeout",
            "60",
        ]
        if os.environ.get("ACCESS_LOG"):
            gunicorn += ["--access-logfile", os.environ["ACCESS_LOG"]]
        children = [subprocess.Popen(gunicorn)]
        if with_worker:
            children.append(subprocess.Popen([sys.executable, "-m", "masthead.cli", "worker"]))
        self.stdout.write(self.style.SUCCESS(f"Serving on http://{host}:{port}/  (Ctrl-C stops)"))

        def stop(signum, frame):
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while all(child.poll() is None for child in children):
                try:
                    children[0].wait(timeout=1)
                except subprocess.TimeoutExpired:
                    pass
        finally:
            stop(None, None)
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
