"""Time the public events pages and the iCalendar feed with 5,000 upcoming public events.

    .venv/bin/python benchmarks/events_feed.py [--events 5000] [--repeat 7]

Loads synthetic events (30 wards, a third with Urdu titles, a tenth online) into a fresh
SQLite database, then requests the events list (first page and one ward), an event page and
/events.ics with Django's test client, and prints the median milliseconds of each against the
issue's budget (300 ms); the feed is also timed cold (first request after an event changes)
against the same budget.
"""

import argparse
import statistics
import time
import uuid
from datetime import timedelta

from measures_common import load_areas, setup_django

BUDGET_MS = 300


def load_events(n: int) -> None:
    from django.utils import timezone

    from commonground.core.models import Area, Organisation
    from commonground.involved.models import Event

    wards = list(Area.objects.filter(level="ward").order_by("code"))
    organiser = Organisation.objects.create(name="People Can", slug="people-can", kind="voluntary")
    start = timezone.now().replace(microsecond=0, second=0) + timedelta(days=1)
    urdu = "بریڈفورڈ کے عبادت گاہوں کا دورہ اور گفتگو کیفے، سب کے لیے کھلا"
    rows = []
    for k in range(n):
        online = k % 10 == 0
        begins = start + timedelta(hours=3 * k)
        rows.append(
            Event(
                uid=uuid.uuid4(),
                slug=f"event-{k}",
                kind=["festival", "faith_walk", "conversation_cafe"][k % 3],
                language="ur" if k % 3 == 0 else "en",
                title=f"{urdu} {k}" if k % 3 == 0 else f"Conversation café number {k} in the ward",
                summary="Tea, cake and conversation with neighbours from every background.",
                description="A long description. " * 20,
                starts_at=begins,
                ends_at=begins + timedelta(hours=2),
                attendance_mode="online" if online else "in_person",
                online_url="https://meet.example.org/x" if online else "",
                venue="" if online else "Community centre",
                address="" if online else "1 Main Street, Bradford",
                postcode="" if online else "BD1 1AA",
                ward=wards[k % len(wards)],
                languages=["en", "ur"],
                capacity=30,
                organiser=organiser,
            )
        )
    Event.objects.bulk_create(rows, batch_size=1000)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    setup_django("events-feed")
    load_areas()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from commonground.core.models import Area
    from commonground.involved.models import Event

    started = time.perf_counter()
    load_events(args.events)
    print(f"Loaded {args.events:,} events in {time.perf_counter() - started:.1f} s")
    ward = Area.objects.filter(level="ward").order_by("code").first().code
    pages = {
        "events list": "/involved/events/",
        "events list, one ward": f"/involved/events/?ward={ward}",
        "events list, page 50": "/involved/events/?page=50",
        "event page": "/involved/events/event-2500/",
        "event page (Urdu)": "/ur/involved/events/event-2501/",
        "/events.ics": "/events.ics",
    }
    client = Client(HTTP_HOST="localhost")
    worst = 0.0
    print(f"{'page':<24} {'median ms':>10} {'max ms':>8} {'queries':>8} {'bytes':>10}")
    for name, url in pages.items():
        client.get(url)  # warm: templates compiled
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                begin = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        median = statistics.median(timings)
        worst = max(worst, median)
        size = len(response.content)
        print(
            f"{name:<24} {median:>10.1f} {max(timings):>8.1f} "
            f"{len(queries.captured_queries):>8} {size:>10,}"
        )
    cold = []
    for k in range(args.repeat):
        event = Event.objects.get(slug=f"event-{k}")
        event.summary = f"Changed {k}"
        event.save()  # a new version of the feed
        begin = time.perf_counter()
        assert client.get("/events.ics").status_code == 200
        cold.append((time.perf_counter() - begin) * 1000)
    median = statistics.median(cold)
    worst = max(worst, median)
    print(f"{'/events.ics (cold)':<24} {median:>10.1f} {max(cold):>8.1f}")
    verdict = "OK" if worst < BUDGET_MS else "OVER BUDGET"
    print(f"Slowest: {worst:.1f} ms (budget {BUDGET_MS} ms): {verdict}")
    return 0 if worst < BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
