"""Load test of the Innovation Fund vote: locust against gunicorn and PostgreSQL on loopback.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/commonground_bench \
        .venv/bin/python benchmarks/fund_vote_load.py --voters 100000 --users 400 \
        --rate 200 --duration 120 --workers 8

What it does:

1. migrates the database and opens a round for voting with 12 projects and a voter list of
   ``--voters`` numbers (stored hashed, as in production);
2. starts gunicorn (``--workers`` sync workers) on 127.0.0.1 and runs locust headless:
   each virtual voter loads the voter-number page, proves who they are and casts a ballot;
   ``--change`` of them come back and change it, and ``--hot`` voters are shared by every
   locust user, so the same voter submits from several "devices" at the same moment;
3. reports sustained ballots per second and the p50/p95/p99 latency of the ballot POST,
   then checks the database: exactly one ballot per voter who got a ballot accepted, none
   lost, none counted twice;
4. closes the vote and times the count (Equal Shares with completion, and greedy beside it);
   ``--count-ballots`` also times the count of a separate synthetic round of that many
   ballots (100,000 by default) so "results in seconds" is measured at full size.

The locust user class lives in this file too: locust imports it with ``-f`` (and patches
with gevent first), so nothing here imports Django at module level.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG_FILE = Path(os.environ.get("FUND_BENCH_STATE", "/tmp/fund_vote_load.json"))

# ---------------------------------------------------------------------------- locust side
# Only locust's own process imports locust: importing it monkey-patches with gevent, which
# would break Django's thread checks in the driver (and in fund_vote_profile.py).
HttpUser = None
if os.environ.get("FUND_BENCH_LOCUST") == "1":
    try:
        from locust import HttpUser, constant_throughput, task
    except ImportError:
        HttpUser = None

if HttpUser is not None:
    _STATE = json.loads(SLUG_FILE.read_text())
    _CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    class Voter(HttpUser):
        """One resident at a time: voter number, then the ballot; some change it later."""

        wait_time = constant_throughput(float(os.environ.get("FUND_BENCH_PER_USER", "1")))

        def _vote(self, number: str, choices: list[str]) -> None:
            self.client.cookies.clear()
            slug = _STATE["slug"]
            page = self.client.get(f"/fund/{slug}/vote/voter-number/", name="voter page")
            token = _CSRF.search(page.text)
            if not token:
                return
            checked = self.client.post(
                f"/fund/{slug}/vote/voter-number/",
                {"csrfmiddlewaretoken": token.group(1), "identifier": number},
                name="check voter",
                allow_redirects=False,
            )
            if checked.status_code != 302:
                return
            csrf = self.client.cookies.get("csrftoken")
            with self.client.post(
                f"/fund/{slug}/vote/ballot/",
                {"csrfmiddlewaretoken": csrf, "projects": choices, "action": "save"},
                name="cast ballot",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code == 302:
                    response.success()
                else:
                    response.failure(f"ballot refused: {response.status_code}")

        def _choices(self) -> list[str]:
            codes = _STATE["codes"]
            picked = random.sample(codes, random.randint(1, 3))
            costs = _STATE["costs"]
            total, kept = 0, []
            for code in picked:
                if total + costs[code] <= _STATE["budget"]:
                    kept.append(code)
                    total += costs[code]
            return kept or [min(codes, key=lambda c: costs[c])]

        @task(20)
        def new_voter(self) -> None:
            self._vote(f"V{random.randrange(_STATE['voters']):07d}", self._choices())

        @task(int(os.environ.get("FUND_BENCH_HOT_WEIGHT", "3")))
        def hot_voter(self) -> None:
            """A few voters shared by every user: the same voter on several devices at once."""
            self._vote(f"V{random.randrange(_STATE['hot']):07d}", self._choices())


# ---------------------------------------------------------------------------- driver side
def _django():
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")
    import django

    django.setup()


def setup_round(voters: int, hot: int) -> dict:
    """Migrate, then open a round for voting with a hashed voter list."""
    from decimal import Decimal

    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from commonground.core.models import User
    from commonground.fund import actions

    officer, _ = User.objects.get_or_create(username="bench-officer")
    officer.groups.add(Group.objects.get_or_create(name="officer")[0])
    proposer, _ = User.objects.get_or_create(username="bench-group")
    proposer.groups.add(Group.objects.get_or_create(name="partner")[0])
    slug = f"bench-{int(time.time())}"
    round_ = actions.create_round(
        actor=officer,
        title="Load test round",
        slug=slug,
        budget=Decimal("100000"),
        verification=["voter_list"],
        min_cost=Decimal(0),
    )
    round_ = actions.open_round(actor=officer, round_=round_)
    proposals = []
    rng = random.Random(7)
    for i in range(12):
        cost = Decimal(rng.randrange(5, 40) * 1000)
        p = actions.save_draft(
            actor=proposer,
            round_=round_,
            data={"title": f"Project {i + 1}", "summary": "s", "description": "d"},
            budget_lines=[("All", cost)],
        )
        proposals.append(p)
    from commonground.fund.models import Proposal

    # Straight to the ballot: the load test is about voting, not assessment.
    Proposal.objects.filter(pk__in=[p.pk for p in proposals]).update(status="shortlisted")
    round_.refresh_from_db()
    round_.phase = "assessment"
    round_.save(update_fields=["phase"])
    round_ = actions.open_voting(actor=officer, round_=round_)
    t0 = time.perf_counter()
    actions.upload_voter_list(
        actor=officer, round_=round_, identifiers=(f"V{i:07d}" for i in range(voters))
    )
    upload_s = time.perf_counter() - t0
    costs = {p.code: int(p.cost) for p in round_.proposals.all()}
    state = {
        "slug": slug,
        "round_id": round_.pk,
        "codes": sorted(costs, key=int),
        "costs": costs,
        "budget": 100000,
        "voters": voters,
        "hot": hot,
        "voter_list_upload_s": upload_s,
    }
    SLUG_FILE.write_text(json.dumps(state))
    return state


def run_load(args, state: dict) -> dict:
    env = {
        **os.environ,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HTTPS": "false",  # plain HTTP on loopback: no redirect, no Secure cookies
        "DEBUG": "0",
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT / "src"),
    }
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "commonground.wsgi:application",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "error",
            "--backlog",
            "2048",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        time.sleep(3)
        prefix = Path(args.csv_prefix)
        per_user = args.rate / args.users  # each locust task iteration casts one ballot
        locust_env = {**env, "FUND_BENCH_LOCUST": "1", "FUND_BENCH_PER_USER": str(per_user)}
        cmd = [
            sys.executable,
            "-m",
            "locust",
            "-f",
            __file__,
            "--headless",
            "-u",
            str(args.users),
            "-r",
            str(args.spawn_rate),
            "-t",
            f"{args.duration}s",
            "-H",
            f"http://127.0.0.1:{args.port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        if args.processes > 1:
            cmd += ["--processes", str(args.processes)]
        started = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, env=locust_env, check=False)
        elapsed = time.perf_counter() - started
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    stats = {}
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            stats[row["Name"]] = row
    ballot = stats["cast ballot"]
    return {
        "duration_s": args.duration,
        "wall_s": round(elapsed, 1),
        "ballot_posts": int(ballot["Request Count"]),
        "ballot_failures": int(ballot["Failure Count"]),
        "ballots_per_s": round(int(ballot["Request Count"]) / args.duration, 1),
        "ballot_p50_ms": float(ballot["50%"]),
        "ballot_p95_ms": float(ballot["95%"]),
        "ballot_p99_ms": float(ballot["99%"]),
        "all_requests_per_s": float(stats["Aggregated"]["Requests/s"]),
        "all_p95_ms": float(stats["Aggregated"]["95%"]),
    }


def verify_and_count(state: dict) -> dict:
    from django.db.models import Count

    from commonground.core.models import User
    from commonground.fund import actions
    from commonground.fund.models import Ballot, Round, VoterLink

    round_ = Round.objects.get(pk=state["round_id"])
    links = VoterLink.objects.filter(round=round_)
    doubled = links.values("token").annotate(n=Count("pk")).filter(n__gt=1).count()
    ballots = Ballot.objects.filter(round=round_).count()
    orphan = Ballot.objects.filter(round=round_).exclude(id__in=links.values("ballot_id")).count()
    result = {
        "voters_with_a_ballot": links.count(),
        "ballots": ballots,
        "voters_with_two_ballots": doubled,
        "ballots_without_a_voter": orphan,
        "ok": doubled == 0 and orphan == 0 and ballots == links.count(),
    }
    officer = User.objects.get(username="bench-officer")
    actions.close_vote(actor=officer, round_=round_)
    t0 = time.perf_counter()
    (snapshot,) = actions.compute_results(round_.pk)
    result["count_s"] = round(time.perf_counter() - t0, 2)
    result["selected"] = snapshot.selected
    return result


def count_at_scale(n: int) -> dict:
    """Time the count of ``n`` ballots (a synthetic closed round, bulk-created)."""
    from decimal import Decimal

    from commonground.fund import actions
    from commonground.fund.models import Ballot, Proposal, Round

    rng = random.Random(100)
    round_ = Round.objects.create(
        title=f"Count {n}",
        slug=f"count-{int(time.time())}",
        budget=Decimal(1_000_000),
        phase="results",
        voter_salt="",
    )
    costs = [rng.randrange(20, 300) * 1000 for _ in range(40)]
    Proposal.objects.bulk_create(
        Proposal(round=round_, code=str(i + 1), title=f"P{i + 1}", cost=c, status="shortlisted")
        for i, c in enumerate(costs)
    )
    popularity = [rng.random() ** 3 for _ in costs]
    codes = [str(i + 1) for i in range(len(costs))]
    rows = []
    for _ in range(n):
        picked = set(rng.choices(codes, weights=popularity, k=rng.randint(1, 6)))
        rows.append(Ballot(round=round_, choices=sorted(picked, key=int), channel="imported"))
    Ballot.objects.bulk_create(rows, batch_size=5000)
    t0 = time.perf_counter()
    (snapshot,) = actions.compute_results(round_.pk)
    return {
        "ballots": n,
        "count_s": round(time.perf_counter() - t0, 2),
        "selected": len(snapshot.selected),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=100_000)
    parser.add_argument("--hot", type=int, default=50, help="voters shared by every user")
    parser.add_argument("--users", type=int, default=400)
    parser.add_argument("--spawn-rate", type=int, default=100)
    parser.add_argument("--rate", type=float, default=200, help="target ballots per second")
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 2)))
    parser.add_argument("--processes", type=int, default=1, help="locust worker processes")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--csv-prefix", default="/tmp/fund_vote_load")
    parser.add_argument("--count-ballots", type=int, default=100_000)
    parser.add_argument("--json", default="", help="also write the report to this file")
    args = parser.parse_args()
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        parser.error("set DATABASE_URL to a PostgreSQL database (it is migrated and written to)")
    _django()
    state = setup_round(args.voters, args.hot)
    report = {
        "setup": {
            "voters": args.voters,
            "voter_list_upload_s": round(state["voter_list_upload_s"], 2),
        }
    }
    report["load"] = run_load(args, state)
    report["integrity"] = verify_and_count(state)
    if args.count_ballots:
        report["count_at_scale"] = count_at_scale(args.count_ballots)
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text)
    return 0 if report["integrity"]["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
