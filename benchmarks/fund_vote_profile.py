"""CPU cost of one ballot, request by request, measured in-process (no HTTP, no load).

    .venv/bin/python benchmarks/fund_vote_profile.py --voters 300 [--profile cast] [--json]

The load test (``fund_vote_load.py``) says how many ballots per second a server sustains, but
on a shared machine that number mostly measures the neighbours.  This one drives the same
three requests as the load test's virtual voter (voter-number page, voter check, ballot POST)
through Django's WSGI handler with CSRF enforced, and reports for each request the median
CPU time of this process (``time.process_time``: load-independent on a quiet or busy machine
alike, as long as the database is in-process SQLite) and its number of SQL queries.
``--profile NAME`` runs cProfile over that request kind and prints the top functions.

The database is a fresh SQLite file in a temporary folder, so the database's own work is
counted in the same process; the load test measures the PostgreSQL shape end to end.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KINDS = ("voter page", "check voter", "cast ballot")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--profile", choices=["page", "check", "cast"], default=None)
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--sql", action="store_true", help="print each request's SQL, once")
    args = parser.parse_args()

    from measures_common import setup_django

    setup_django("fund-vote-profile")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from fund_vote_load import setup_round

    state = setup_round(args.voters + args.warmup, hot=0)
    slug, codes = state["slug"], state["codes"]
    profiler = cProfile.Profile() if args.profile else None
    which = {"page": "voter page", "check": "check voter", "cast": "cast ballot"}.get(
        args.profile or ""
    )
    cpu: dict[str, list[float]] = {k: [] for k in KINDS}
    queries: dict[str, list[int]] = {k: [] for k in KINDS}

    def timed(kind: str, record: bool, path: str, data: dict | None = None):
        def call():
            return client.post(path, data) if data is not None else client.get(path)

        with CaptureQueriesContext(connection) as ctx:
            if profiler and record and kind == which:
                profiler.enable()
            start = time.process_time()
            response = call()
            spent = time.process_time() - start
            if profiler and record and kind == which:
                profiler.disable()
        if record and args.sql and not cpu[kind]:
            print(f"--- {kind}")
            for q in ctx.captured_queries:
                print("   ", q["sql"][:230])
        if record:
            cpu[kind].append(spent)
            queries[kind].append(len(ctx.captured_queries))
        return response

    # One client (one WSGI handler, as in a gunicorn worker); each voter starts with no
    # cookies, like a new phone.  A new Client per voter would rebuild the middleware chain
    # (WhiteNoise rescans every static file) on each first request.
    client = Client(enforce_csrf_checks=True)
    wall = time.perf_counter()
    for i in range(args.warmup + args.voters):
        record = i >= args.warmup
        client.cookies.clear()
        url = f"/fund/{slug}/vote/voter-number/"
        page = timed("voter page", record, url)
        token = CSRF.search(page.content.decode()).group(1)
        checked = timed(
            "check voter", record, url, {"csrfmiddlewaretoken": token, "identifier": f"V{i:07d}"}
        )
        assert checked.status_code == 302, checked.status_code
        choice = [codes[i % len(codes)], codes[(i * 7 + 3) % len(codes)]]
        cast = timed(
            "cast ballot",
            record,
            f"/fund/{slug}/vote/ballot/",
            {
                "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
                "projects": sorted(set(choice)),
                "action": "save",
            },
        )
        assert cast.status_code == 302, cast.content.decode()[:2000]
    wall = time.perf_counter() - wall

    from commonground.fund.models import Ballot

    assert Ballot.objects.filter(round_id=state["round_id"]).count() == args.voters + args.warmup
    report = {
        "database": connection.vendor,
        "voters": args.voters,
        "requests": {
            kind: {
                "cpu_ms_median": round(statistics.median(cpu[kind]) * 1000, 2),
                "cpu_ms_mean": round(statistics.fmean(cpu[kind]) * 1000, 2),
                "queries": max(queries[kind]),
            }
            for kind in KINDS
        },
    }
    per_ballot = sum(statistics.fmean(cpu[k]) for k in KINDS)
    report["cpu_ms_per_ballot"] = round(per_ballot * 1000, 2)
    report["ballots_per_cpu_second"] = round(1 / per_ballot, 1)
    report["wall_s"] = round(wall, 1)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{report['database']}, {args.voters} voters (after {args.warmup} warm-up)")
        for kind, row in report["requests"].items():
            print(
                f"  {kind:12} CPU median {row['cpu_ms_median']:7.2f} ms"
                f"  mean {row['cpu_ms_mean']:7.2f} ms  queries {row['queries']}"
            )
        print(
            f"  per ballot: {report['cpu_ms_per_ballot']} ms CPU"
            f" = {report['ballots_per_cpu_second']} ballots per CPU-second"
        )
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(args.top)
        stats.sort_stats("cumulative").print_stats(args.top)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
