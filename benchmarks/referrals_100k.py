"""Issue 14's scale test: 20,000 services and 100,000 referrals loaded; directory search by
postcode and need, every ORUK list endpoint and the referral pages each under 200 ms.

    .venv/bin/python benchmarks/referrals_100k.py [--services 20000] [--referrals 100000]
                                                  [--repeat 5]

Loads the 20,000 synthetic services of ``services_directory.py`` (same generator, same seed)
into a fresh SQLite database (``DATABASE_URL`` is set by ``measures_common.setup_django``),
times every URL once with no referrals (the peer: the same database before the referrals
arrive), then loads 100,000 referrals between 40 partner organisations — a fifth of them to
one busy service provider, so its list is the worst case — each with its "sent" event, and
times every URL again. Prints the median milliseconds, the ratio to the 200 ms target and the
ratio to the same URL before the referrals were loaded, and exits 1 when any URL is over target.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measures_common import setup_django
from services_directory import load as load_services

TARGET_MS = 200
STATES = ["sent"] * 3 + ["accepted", "started"] * 2 + ["completed"] * 2 + ["declined"]


def load_referrals(n_referrals: int, n_orgs: int = 40) -> dict:
    """Partner organisations keep the directory's organisations; referrals flow between them."""
    from django.utils import timezone

    from commonground.core.models import Organisation
    from commonground.core.roles import Role
    from commonground.referrals.models import Referral, ReferralEvent
    from commonground.services.models import Organization, Service
    from commonground.testing.people import make_user

    rng = random.Random(100_000)
    partners = Organisation.objects.bulk_create(
        Organisation(name=f"Partner {n}", slug=f"partner-{n}", kind="voluntary")
        for n in range(n_orgs)
    )
    keepers = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    for n, pk in enumerate(keepers):
        Organization.objects.filter(pk=pk).update(partner=partners[n % n_orgs])
    services = list(Service.objects.values_list("pk", "name", "organization_id"))
    by_partner: dict[int, list] = {}
    keeper_partner = {pk: partners[n % n_orgs].pk for n, pk in enumerate(keepers)}
    for pk, name, org in services:
        by_partner.setdefault(keeper_partner[org], []).append((pk, name))
    keeping = [p for p in partners if p.pk in by_partner]  # all 40 at the default sizes
    busy = keeping[0]
    today = timezone.localdate()
    referrals = []
    for n in range(n_referrals):
        to = busy if n % 5 == 0 else rng.choice(keeping)
        service_pk, service_name = rng.choice(by_partner[to.pk])
        state = rng.choice(STATES)
        referrals.append(
            Referral(
                service_id=service_pk,
                service_name=service_name,
                to_organisation=to,
                from_organisation=partners[(to.pk + 1 + n % (n_orgs - 1)) % n_orgs],
                first_name=f"P{n}",
                channel="none",
                language=rng.choice(["en", "ur", "pl"]),
                need="Help with a letter about housing.",
                consent_given_by="person",
                consent_on=today,
                consent_purpose="To share my first name and need.",
                state=state,
                reason="Full this term" if state == "declined" else "",
            )
        )
    Referral.objects.bulk_create(referrals, batch_size=5000)
    ReferralEvent.objects.bulk_create(
        (
            ReferralEvent(referral_id=pk, organisation_id=org, state="sent")
            for pk, org in Referral.objects.values_list("pk", "from_organisation_id").iterator()
        ),
        batch_size=5000,
    )
    worker = make_user("busy-worker", Role.PARTNER, busy)
    received = Referral.objects.filter(to_organisation=busy).order_by("-created_at", "-pk")
    return {"worker": worker, "referral": received.first().pk, "busy_count": received.count()}


def time_urls(client, urls: list[str], repeat: int) -> dict[str, float]:
    medians = {}
    for url in urls:
        client.get(url)  # warm caches (templates, the postcode table) before timing
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        medians[url] = statistics.median(times)
    return medians


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=20_000)
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_django("referrals")
    from django.db import connection
    from django.test import Client

    started = time.perf_counter()
    ids = load_services(args.services)
    print(
        f"loaded {args.services} services in {time.perf_counter() - started:.1f} s "
        f"({connection.vendor})"
    )
    directory = [
        f"/services/?need={ids['term']}&postcode=BD8+9AA&within=3000",
        f"/services/?need={ids['term']}&postcode=BD8+9AA&within=3000&day=weekdays&part=morning",
        "/openreferral/services",
        "/openreferral/services?search=ESOL",
        f"/openreferral/services?taxonomy_term_id={ids['term']}",
        "/openreferral/service_at_locations",
        f"/openreferral/service_at_locations?postcode=BD8%209AA&proximity=2000"
        f"&taxonomy_term_id={ids['term']}",
        "/openreferral/taxonomies",
        "/openreferral/taxonomy_terms",
        "/openreferral/organizations",
    ]
    client = Client()
    before = time_urls(client, directory, args.repeat)

    started = time.perf_counter()
    people = load_referrals(args.referrals)
    print(
        f"loaded {args.referrals} referrals in {time.perf_counter() - started:.1f} s "
        f"({people['busy_count']} to the busiest provider)"
    )
    referral_pages = [
        "/referrals/",
        "/referrals/?state=sent",
        "/referrals/?state=completed&r=20",
        f"/referrals/{people['referral']}/",
    ]
    after = time_urls(client, directory, args.repeat)
    client.force_login(people["worker"])
    after |= time_urls(client, referral_pages, args.repeat)

    print(f"\n{'url':<64} {'ms, 0 ref.':>10} {'ms, 100k':>9} {'/ target':>8} {'/ 0 ref.':>8}")
    for url, ms in after.items():
        peer = before.get(url)
        peer_text = f"{peer:10.1f}" if peer else f"{'–':>10}"
        ratio = f"{ms / peer:8.2f}" if peer else f"{'–':>8}"
        print(f"{url[:64]:<64} {peer_text} {ms:9.1f} {ms / TARGET_MS:8.2f} {ratio}")
    worst_url = max(after, key=after.get)
    worst = after[worst_url]
    verdict = "OK" if worst < TARGET_MS else "SLOW"
    print(f"slowest: {worst:.1f} ms ({worst_url}); target {TARGET_MS} ms: {verdict}")
    cores = os.cpu_count() or 1
    print(f"load average {os.getloadavg()[0]:.1f} on {cores} cores (timings rise with load)")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
