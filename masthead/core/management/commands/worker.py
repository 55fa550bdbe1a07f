import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from masthead.core.periodic import run_periodic_jobs


class Command(BaseCommand):
    help = "Run background tasks (the task queue) and the clock jobs: scheduled publishing, newsletters, e-paper."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between clock runs (default 30).")
        parser.add_argument("--once", action="store_true", help="Run the clock jobs once and exit, without the queue.")

    def handle(self, *args, interval, once, verbosity, **options):
        self.verbosity = verbosity
        if once:
            for job, status in run_periodic_jobs().items():
                self.stdout.write(f"{status:6} {job}")
            return
        queue_worker = self._start_queue_worker()
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(self.style.SUCCESS("Worker running: task queue and clock jobs. Ctrl-C stops it."))
        try:
            while not stopping:
                run_periodic_jobs()
                deadline = time.monotonic() + interval
                while not stopping and time.monotonic() < deadline:
                    if queue_worker.poll() is not None:
                        self.stderr.write("The task queue worker stopped; restarting it.")
                        queue_worker = self._start_queue_worker()
                    time.sleep(0.5)
        finally:
            queue_worker.terminate()
            try:
                queue_worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                queue_worker.kill()

    def _start_queue_worker(self):
        backend = settings.TASKS["default"]["BACKEND"]
        if backend.startswith("django_tasks_rq"):
            command = ["rqworker", "default", "--with-scheduler"]
        else:
            command = ["db_worker", "--interval", "1"]
        # At verbosity 1 the queue logs a line per task; the default keeps it quiet.
        command += ["--verbosity", str(max(self.verbosity - 1, 0))]
        return subprocess.Popen([sys.executable, "-m", "masthead.cli", *command])
