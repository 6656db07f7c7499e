import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

WORKER_COMMANDS = {
    # Our db_worker with leases, time limits and recovery (docs/background-work.md).
    "database": ["task_worker"],
    "redis": [
        "rqworker",
        "default",
        "--with-scheduler",
        "--job-class",
        "django_tasks_rq.backend.Job",
    ],
}


class Stopped(Exception):
    """SIGTERM arrived (a process manager stopping the service, ``kill``)."""


def _stop(signum, frame) -> None:
    raise Stopped


class Command(BaseCommand):
    help = "Serve the platform with gunicorn, plus a task worker for the configured queue."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start a task worker (when workers run on other machines).",
        )

    def handle(self, *args, host: str, port: int, workers: int, no_worker: bool, **options):
        # SIGTERM stops the web and worker processes as Ctrl-C does: by default it would end
        # this process at once and leave both running, holding the port and the queue.
        signal.signal(signal.SIGTERM, _stop)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "commonground.settings"}
        children = []
        try:
            if not no_worker and settings.TASK_BACKEND in WORKER_COMMANDS:
                worker = [
                    sys.executable,
                    "-m",
                    "commonground.cli",
                    *WORKER_COMMANDS[settings.TASK_BACKEND],
                ]
                children.append(subprocess.Popen(worker, env=env))
            web = [
                sys.executable, "-m", "gunicorn", "commonground.wsgi:application",
                "--bind", f"{host}:{port}", "--workers", str(workers),
                "--access-logfile", "-", "--graceful-timeout", "10",
            ]  # fmt: skip
            self.stdout.write(f"Serving on http://{host}:{port}/ (Ctrl-C to stop)")
            self.stdout.flush()
            web_process = subprocess.Popen(web, env=env)
            children.append(web_process)
            web_process.wait()
        except (KeyboardInterrupt, Stopped):
            pass
        finally:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM waits with us
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children:
                child.wait(timeout=15)
