"""Time every Feeling Safe dashboard page with 200,000 incident reports over Bradford's LSOAs.

    .venv/bin/python benchmarks/safety_dashboard_200k.py [--reports 200000] [--repeat 5]

Builds a fresh SQLite database (its own temporary folder, never var/) with Bradford's
district, wards and LSOAs with their real boundaries (shared data), then 200,000 reports over
two financial years, each in an LSOA drawn with clustered weights (so there are hot and cold
spots), one or two strands each, a third triaged by a caseworker (risk and confirmed strands),
statuses mixed; 1,000 logged openings of reports; twelve weeks of partners' tension reports
in every ward, with alerts, and 60 regular reporting schedules.

Then requests each dashboard page with Django's test client, signed in as the role that sees
it: the public figures page (strand × ward table, monthly counts, Gi* hotspots), the
caseworkers' list (all and by status), one report, the supervisors' access log, the tension
dashboard and its regular-reports page, and the caseworker's "Your tasks" (which counts new
and high-risk cases). Each page is timed cold (its first request, which for the figures page
includes building queen contiguity of the LSOAs; the process's own start-up, paid by its first
request of any page, is timed apart) and warm (median and 95th percentile of ``--repeat``
requests). The hotspot computation is also timed alone.

Peers, in the same run:
- pages: **pandas** — one SQL query reading the (ward, LSOA, strand, month) of every report
  into a DataFrame, then the strand × ward and monthly counts by ``groupby``, as an analyst's
  notebook dashboard would. Printed ratio: our page / the pandas aggregation alone.
- hotspots: **PySAL** (``esda.G_Local``, ``star=True``, ``permutations=0``, libpysal ``W``
  from the same neighbour lists) on the same counts. Ratio: ours / theirs.

Target (issue 15): the hotspot computation and every dashboard page under 1 s (warm median).
Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta

from measures_common import load_areas, setup_django

BUDGET_MS = 1000.0
STATUSES = ["received", "in_progress", "referred", "closed"]


def build(reports: int) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from commonground.core import audit
    from commonground.core.models import Area, Organisation
    from commonground.core.roles import Role
    from commonground.safety.events import SafetyEvent
    from commonground.safety.models import (
        IncidentReport,
        Strand,
        TensionAlert,
        TensionReport,
        TensionSchedule,
    )
    from commonground.safety.strands import ensure_default_strands
    from commonground.testing.people import make_user

    ensure_default_strands()
    strands = list(Strand.objects.filter(active=True).values_list("pk", flat=True))
    lsoas = list(Area.objects.lsoas().values_list("pk", "parent_id"))
    wards = list(Area.objects.wards().values_list("pk", flat=True))
    rng = random.Random(0)
    weights = [rng.gammavariate(0.7, 1.0) for _ in lsoas]
    first_day = date(2024, 4, 1)
    days = (date(2026, 3, 31) - first_day).days
    caseworker = make_user("casey", Role.CASEWORKER)
    officer = make_user("olive", Role.OFFICER)
    admin = make_user("ada", Role.ADMIN)

    started = time.perf_counter()
    batch = 5000
    Through = IncidentReport.strands.through
    Confirmed = IncidentReport.confirmed_strands.through
    for offset in range(0, reports, batch):
        size = min(batch, reports - offset)
        chosen = rng.choices(lsoas, weights=weights, k=size)
        rows = []
        for i, (lsoa, ward) in enumerate(chosen):
            n = offset + i
            status = STATUSES[n % 7 % 4] if n % 3 == 0 else "received"
            rows.append(
                IncidentReport(
                    reference=f"HR-{n // 10000:04d}-{n % 10000:04d}",
                    secret_hash="sha256$bench$0",
                    reporter_role="victim",
                    description=f"Report {n}",
                    occurred_on=first_day + timedelta(days=rng.randrange(days)),
                    lsoa_id=lsoa,
                    ward_id=ward,
                    reported_to_police="no",
                    status=status,
                    risk=["standard", "medium", "high"][n % 3] if status != "received" else "",
                    caseworker=caseworker if status != "received" else None,
                )
            )
        with transaction.atomic():
            made = IncidentReport.objects.bulk_create(rows)
            links, confirmed = [], []
            for report in made:
                picked = rng.sample(strands, 2 if rng.random() < 0.15 else 1)
                links += [Through(incidentreport_id=report.pk, strand_id=s) for s in picked]
                if report.risk:
                    confirmed.append(Confirmed(incidentreport_id=report.pk, strand_id=picked[0]))
            Through.objects.bulk_create(links)
            Confirmed.objects.bulk_create(confirmed)
    load_s = time.perf_counter() - started

    some = list(IncidentReport.objects.order_by("pk")[:1000])
    for report in some:
        audit.record(SafetyEvent.REPORT_VIEWED, actor=caseworker, obj=report, data={})
    # twelve weeks of tension readings: three partners per ward, weekly
    orgs = [Organisation.objects.create(name=f"Partner {i}", slug=f"p{i}") for i in range(3)]
    now = timezone.now()
    tension = [
        TensionReport(
            ward_id=ward,
            issue="rumours",
            level=1 + (w + week + k) % 5,
            summary="Talk at the school gates.",
            organisation=orgs[k],
            reported_by=officer,
            created_at=now - timedelta(days=7 * week + k),
        )
        for w, ward in enumerate(wards)
        for week in range(12)
        for k in range(3)
    ]
    TensionReport.objects.bulk_create(tension)
    latest = TensionReport.objects.order_by("-created_at")[:40]
    TensionAlert.objects.bulk_create(
        TensionAlert(ward_id=r.ward_id, report=r, level=r.level, rose_from=1, created_at=now)
        for r in latest
    )
    pairs = [(org, ward) for ward in wards for org in orgs[:2]][:60]
    TensionSchedule.objects.bulk_create(
        TensionSchedule(organisation=org, ward_id=ward, every_days=7, created_at=now)
        for org, ward in pairs
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "caseworker": caseworker,
        "officer": officer,
        "admin": admin,
        "lsoas": len(lsoas),
        "wards": len(wards),
        "load_s": load_s,
        "reference": some[0].reference,
    }


def time_pages(people: dict, repeat: int) -> list[tuple[str, float, float, float]]:
    from django.test import Client

    from commonground.safety import figures

    pages = [
        ("figures (public)", None, "/safety/figures/"),
        ("figures, earlier year", None, "/safety/figures/?year=2024/25"),
        ("cases, all", "caseworker", "/safety/cases/"),
        ("cases, new", "caseworker", "/safety/cases/?status=received"),
        ("cases, page 2000", "caseworker", "/safety/cases/?page=2000"),
        ("one report", "caseworker", f"/safety/cases/{people['reference']}/"),
        ("access log", "admin", "/safety/cases/access-log/"),
        ("tension dashboard", "officer", "/safety/tension/"),
        ("regular tension reports", "officer", "/safety/tension/schedules/"),
        ("caseworker's tasks", "caseworker", "/tasks/"),
    ]
    clients = {}
    for role in ("caseworker", "officer", "admin"):
        clients[role] = Client()
        clients[role].force_login(people[role])
    clients[None] = Client()
    # The process's first request of any page loads every app's URLs and templates (tens of
    # seconds on a busy machine): paid once per process, not per page, so it is paid here.
    start = time.perf_counter()
    clients[None].get("/healthz")
    startup = (time.perf_counter() - start) * 1000
    figures._NEIGHBOURS.clear()  # the first figures request builds contiguity, as after a restart
    out = [("(process start-up: first request of any page)", startup, 0.0, 0.0)]
    for name, role, url in pages:
        client = clients[role]
        start = time.perf_counter()
        response = client.get(url)
        cold = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, url
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        out.append((name, cold, statistics.median(times), p95))
    return out


def pandas_peer(repeat: int) -> float:
    """The figures a dashboard shows, by pandas: one query, then groupby (best of runs)."""
    import pandas as pd
    from django.db import connection

    query = (
        "SELECT r.ward_id, r.lsoa_id, s.strand_id, r.occurred_on "
        "FROM safety_incidentreport r JOIN safety_incidentreport_strands s "
        "ON s.incidentreport_id = r.id"
    )
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        connection.ensure_connection()
        frame = pd.read_sql_query(query, connection.connection)
        frame["month"] = frame["occurred_on"].astype(str).str[:7]
        frame.groupby(["strand_id", "ward_id"]).size()
        frame.groupby("month").size()
        frame.groupby("lsoa_id").size()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def hotspot_times(repeat: int) -> tuple[float, float, float]:
    """(ours: the figures page's whole hotspot step, ours: Gi* alone, PySAL: Gi* alone), ms."""
    import numpy as np
    from django.db.models import Count
    from esda import G_Local
    from libpysal.weights import W

    from commonground.safety import figures
    from commonground.safety.models import IncidentReport
    from commonground.spatial import gi_star

    year = figures.years()[0]

    def best(work, runs):
        fastest = float("inf")
        for _ in range(runs):
            start = time.perf_counter()
            work()
            fastest = min(fastest, time.perf_counter() - start)
        return fastest * 1000

    whole = best(lambda: figures.hotspots(year), repeat)
    areas, neighbours = figures._lsoa_neighbours()
    start, end = figures.year_bounds(year)
    counts = dict(
        IncidentReport.objects.filter(occurred_on__range=(start, end))
        .values_list("lsoa_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    y = np.array([counts.get(a.pk, 0) for a in areas], dtype=float)
    ours = best(lambda: gi_star(y, neighbours), repeat * 10)
    ids = [str(a.pk) for a in areas]
    lists = {ids[i]: [ids[j] for j in found] for i, found in enumerate(neighbours)}

    def theirs():
        w = W(lists, id_order=ids, silence_warnings=True)
        G_Local(y, w, transform="B", star=True, permutations=0)

    theirs()
    peer = best(theirs, repeat * 10)
    return whole, ours, peer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    setup_django("safety-dashboard")
    load_areas()
    people = build(args.reports)
    pages = time_pages(people, args.repeat)
    peer = pandas_peer(args.repeat)
    whole, ours, theirs = hotspot_times(args.repeat)

    print(
        f"{args.reports:,} reports over {people['lsoas']} LSOAs in {people['wards']} wards "
        f"(loaded in {people['load_s']:.0f} s); SQLite; warm = median of {args.repeat}"
    )
    print(f"peer for pages: pandas read_sql + groupby of the same reports = {peer:.1f} ms")
    print(f"{'page':<26}{'cold ms':>9}{'warm ms':>9}{'p95 ms':>9}{'÷ pandas':>10}  < 1 s")
    missed = False
    name, startup, _warm, _p95 = pages.pop(0)
    print(f"{name}: {startup / 1000:.1f} s")
    for name, cold, warm, p95 in pages:
        ok = warm < BUDGET_MS
        missed |= not ok
        print(
            f"{name:<26}{cold:>9.1f}{warm:>9.1f}{p95:>9.1f}{warm / peer:>10.2f}  "
            f"{'met' if ok else 'NOT met'}"
        )
    ok = whole < BUDGET_MS
    missed |= not ok
    print(
        f"hotspots on the page (query + Gi*, contiguity cached)  {whole:.1f} ms  "
        f"{'met' if ok else 'NOT met'}"
    )
    print(f"Gi* alone: ours {ours:.2f} ms, esda.G_Local + W {theirs:.2f} ms, ours/peer = "
          f"{ours / theirs:.2f}")  # fmt: skip
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
