"""Time a call-out to 10,000 matching volunteers, queued and sent through the background queue.

    .venv/bin/python benchmarks/callout_10k.py [--volunteers 10000]

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/empty .venv/bin/python benchmarks/…

Makes a fresh database (SQLite unless BENCH_DATABASE_URL names an empty PostgreSQL one; the
database task queue, as `commonground serve` runs it), 10,000 opted-in volunteers in one ward
(a third each in English, Urdu and Polish), and sends one call-out: ``send_callout`` stores
the recipients and queues the delivery task; the recovering worker (`commonground task-worker
--batch`) runs it, each message going through ``core.messaging`` (e-mail, through the default
mailer: Django's file-based backend under a temporary folder). It prints the time from "Send"
to the first and to the last message, and peers in the same run, through the same mailer:
Django's ``send_mass_mail`` of the very messages the call-out sent (same subjects, bodies in
three languages, signed links and addresses; no queue, no bookkeeping), the same for short
English stand-ins (what this benchmark compared with at first), and a plain loop of
``core.messaging.send`` of the same messages. The ratios say what the queue, the signed reply
links and the per-recipient record cost.
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
    from django.core.management import call_command

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


def run_callout(organisation, ward) -> tuple[float, float, float, float, int, list]:
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
    clock, cpu = time.perf_counter(), time.process_time()
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
    cpu = time.process_time() - cpu
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
    return first_s, last_s, wall, cpu, sent, list(messaging.outbox)


def peer_same_messages(sent: list) -> tuple[float, float]:
    """Django's send_mass_mail of exactly the messages the call-out sent."""
    from django.core import mail

    messages = [(m.subject, m.body, None, [m.to]) for m in sent]
    clock, cpu = time.perf_counter(), time.process_time()
    mail.send_mass_mail(messages)
    return time.perf_counter() - clock, time.process_time() - cpu


def peer_loop_same_messages(sent: list) -> tuple[float, float]:
    """A plain loop of core.messaging.send over the messages the call-out sent."""
    from commonground.core import messaging

    messaging.outbox.clear()
    clock, cpu = time.perf_counter(), time.process_time()
    for message in sent:
        messaging.send(message)
    return time.perf_counter() - clock, time.process_time() - cpu


def peer_send_mass_mail(n: int) -> tuple[float, float]:
    """send_mass_mail of short English stand-ins (the first peer this benchmark used)."""
    from django.core import mail

    messages = [
        (
            "Urgent call-out: Sandbags in Mytholmroyd",
            f"Urgent: Sandbags in Mytholmroyd. Can you help? Answer: https://example.org/r/{k}",
            None,
            [f"v{k}@example.org"],
        )
        for k in range(n)
    ]
    clock, cpu = time.perf_counter(), time.process_time()
    mail.send_mass_mail(messages)
    return time.perf_counter() - clock, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volunteers", type=int, default=10_000)
    n = parser.parse_args().volunteers
    setup_django()
    organisation, ward = load_volunteers(n)
    first_s, last_s, wall, cpu, sent, messages = run_callout(organisation, ward)
    assert sent == n == len(messages), f"sent {sent} ({len(messages)} messages) of {n}"
    assert len({m.to for m in messages}) == n, "someone got two messages"
    (same, same_cpu), (mass, mass_cpu) = peer_same_messages(messages), peer_send_mass_mail(n)
    loop, loop_cpu = peer_loop_same_messages(messages)
    print(f"call-out to {n:,} volunteers through the database queue and the worker:")
    print(f"  first message after {first_s * 1000:.0f} ms, last after {last_s:.2f} s")
    print(f"  (send to worker finished: {wall:.2f} s; this process's CPU {cpu:.2f} s)")
    print(f"peer: send_mass_mail, the same {n:,} messages: {same:.2f} s (CPU {same_cpu:.2f} s)")
    print(f"peer: send_mass_mail, {n:,} English stand-ins: {mass:.2f} s (CPU {mass_cpu:.2f} s)")
    print(f"peer: loop of core.messaging.send, same messages: {loop:.2f} s (CPU {loop_cpu:.2f} s)")
    print(f"ratio last message / send_mass_mail, same messages: {last_s / same:.2f}x")
    print(f"ratio last message / send_mass_mail, stand-ins:     {last_s / mass:.2f}x")
    print(f"ratio last message / plain loop:                    {last_s / loop:.2f}x")
    print(f"CPU ratio (busy machine): call-out / send_mass_mail same {cpu / same_cpu:.2f}x,")
    print(f"  / stand-ins {cpu / mass_cpu:.2f}x, / plain loop {cpu / loop_cpu:.2f}x")


if __name__ == "__main__":
    main()
