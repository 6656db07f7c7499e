"""Time a call-out to 10,000 matching volunteers, queued and sent through the background queue.

    .venv/bin/python benchmarks/callout_10k.py [--volunteers 10000]

Makes a fresh SQLite database (the database task queue, as `commonground serve` runs it),
10,000 opted-in volunteers in one ward, and sends one call-out: ``send_callout`` stores the
recipients and queues the delivery task; the recovering worker (`commonground task-worker
--batch`) runs it, each message going through ``core.messaging`` (e-mail, Django's locmem
backend). It prints the time from "Send" to the first and to the last message, and the same
10,000 messages sent by two peers in the same run: Django's ``send_mass_mail`` through the
locmem backend (no queue, no bookkeeping), and a plain loop of ``core.messaging.send``.
The ratios say what the queue, the signed reply links and the per-recipient record cost.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    """A new SQLite file with the database task queue (measures_common forces 'immediate')."""
    folder = Path(tempfile.mkdtemp(prefix="cg-callout-"))
    # SQLite's one writer and the worker's lease heartbeat contend; pass
    # BENCH_DATABASE_URL=postgres://…/an_empty_database to run as a deployment does.
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}"
    )
    os.environ["COMMONGROUND_VAR_DIR"] = str(folder)
    os.environ.setdefault("SECRET_KEY", "benchmark")
    os.environ["TASK_BACKEND"] = "database"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)


def load_volunteers(n: int):
    from django.contrib.auth.hashers import make_password

    from commonground.core.models import Area, Organisation, User
    from commonground.volunteering.models import VolunteerProfile

    district = Area.objects.create(code="E08000032", name="Bradford", level="district")
    ward = Area.objects.create(code="E05001347", name="City", level="ward", parent=district)
    organisation = Organisation.objects.create(
        name="People Can", slug="people-can", kind="voluntary"
    )
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                username=f"v{k}@example.org",
                email=f"v{k}@example.org",
                password=password,
                preferred_language=("en", "ur", "pl")[k % 3],
            )
            for k in range(n)
        ],
        batch_size=2000,
    )
    VolunteerProfile.objects.bulk_create(
        [
            VolunteerProfile(
                user=user,
                ward=ward,
                callouts=True,
                channel="email",
                email=user.email,
                skills=["lifting", "driving"],
            )
            for user in users
        ],
        batch_size=2000,
    )
    return organisation, ward


def run_callout(organisation, ward) -> tuple[float, float, float, int]:
    from django.core import mail
    from django.core.management import call_command
    from django.db.models import Max
    from django.urls import get_resolver
    from django.utils import timezone

    from commonground.core import messaging
    from commonground.volunteering import actions
    from commonground.volunteering.models import CallOut, CallOutRecipient

    clock = time.perf_counter()
    patterns = get_resolver().url_patterns  # a worker's first message imports every app's views
    cold = time.perf_counter() - clock
    print(f"cold start, once per worker process (URLconf, {len(patterns)} entries): {cold:.2f} s")
    mail.outbox = []
    messaging.outbox.clear()
    start = timezone.now()
    clock = time.perf_counter()
    callout = actions.send_callout(
        actor=None,
        actor_label="benchmark",
        site_url="https://example.org/",
        wards=[ward],
        organisation=organisation,
        kind="flood",
        title="Sandbags in Mytholmroyd",
        message="Fill and carry sandbags.",
        skills=["lifting"],
        venue="Mytholmroyd community centre",
        starts_at=start + timedelta(hours=6),
        needed=50,
    )
    queued = time.perf_counter() - clock
    call_command("task_worker", "--batch", "--no-startup-delay", verbosity=0)
    wall = time.perf_counter() - clock
    from django_tasks_db.models import DBTaskResult

    task = DBTaskResult.objects.order_by("-pk").first()
    if task is not None and task.started_at:
        print(f"worker started the task after {(task.started_at - start).total_seconds():.2f} s")
    callout = CallOut.objects.get(pk=callout.pk)
    last = CallOutRecipient.objects.filter(callout=callout).aggregate(last=Max("sent_at"))["last"]
    sent = CallOutRecipient.objects.filter(callout=callout, sent_at__isnull=False).count()
    first_s = (callout.first_sent_at - start).total_seconds()
    last_s = (last - start).total_seconds()
    print(f"queued (recipients stored, task enqueued): {queued * 1000:.0f} ms")
    return first_s, last_s, wall, sent


def peer_send_mass_mail(n: int) -> float:
    from django.core import mail

    mail.outbox = []
    messages = [
        (
            "Urgent call-out: Sandbags in Mytholmroyd",
            f"Urgent: Sandbags in Mytholmroyd. Can you help? Answer: https://example.org/r/{k}",
            None,
            [f"v{k}@example.org"],
        )
        for k in range(n)
    ]
    clock = time.perf_counter()
    mail.send_mass_mail(messages)
    return time.perf_counter() - clock


def peer_plain_loop(n: int) -> float:
    from commonground.core import messaging

    messaging.outbox.clear()
    clock = time.perf_counter()
    for k in range(n):
        messaging.send(
            messaging.Message(
                channel="email",
                to=f"v{k}@example.org",
                subject="Urgent call-out: Sandbags in Mytholmroyd",
                body=f"Urgent: Sandbags in Mytholmroyd. Answer: https://example.org/r/{k}",
            )
        )
    return time.perf_counter() - clock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volunteers", type=int, default=10_000)
    n = parser.parse_args().volunteers
    setup_django()
    organisation, ward = load_volunteers(n)
    first_s, last_s, wall, sent = run_callout(organisation, ward)
    assert sent == n, f"sent {sent} of {n}"
    mass = peer_send_mass_mail(n)
    loop = peer_plain_loop(n)
    print(f"call-out to {n:,} volunteers through the database queue and the worker:")
    print(f"  first message after {first_s * 1000:.0f} ms, last after {last_s:.2f} s")
    print(f"  (send to worker finished: {wall:.2f} s)")
    print(f"peer: Django send_mass_mail, locmem backend, {n:,} messages: {mass:.2f} s")
    print(f"peer: plain loop of core.messaging.send, {n:,} messages: {loop:.2f} s")
    print(f"ratio last message / send_mass_mail: {last_s / mass:.1f}x")
    print(f"ratio last message / plain loop:     {last_s / loop:.1f}x")


if __name__ == "__main__":
    main()
