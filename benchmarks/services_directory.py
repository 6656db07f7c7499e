"""Time the services directory with 20,000 services: every ORUK list endpoint, search by need
and by postcode, and the resident search page (target: each under 200 ms).

    .venv/bin/python benchmarks/services_directory.py [--services 20000] [--repeat 5]

Loads synthetic services (each with an organisation, a location at a real BD postcode when the
shared NSPL file is there, a schedule, two languages, a cost and two taxonomy terms; one in ten
is an ESOL class) into a fresh SQLite database, then requests each URL with Django's test client
and prints the median milliseconds and the ratio to the 200 ms target. Referrals are not part of
the directory yet, so the issue's 100,000 referrals are not loaded.
"""

import argparse
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measures_common import setup_django

BUDGET_MS = 200


def load(n_services: int) -> dict:
    from commonground.services import postcodes
    from commonground.services.models import (
        Address,
        Attribute,
        CostOption,
        Language,
        Location,
        Organization,
        Schedule,
        Service,
        ServiceAtLocation,
        Taxonomy,
        TaxonomyTerm,
    )

    rng = random.Random(14)
    table = list(postcodes._table().items()) or [("BD1 1AA", (53.796, -1.7506))]
    taxonomy = Taxonomy.objects.create(name="Needs", description="Needs")
    terms = [
        TaxonomyTerm.objects.create(
            name=name, description=name, taxonomy=taxonomy, taxonomy_name="Needs"
        )
        for name in ("ESOL", "Advice", "Volunteering", "Faith venue", "Employment", "Health")
    ]
    orgs = Organization.objects.bulk_create(
        Organization(name=f"Organisation {n}", description="A benchmark organisation")
        for n in range(n_services // 20)
    )
    services, locations, addresses, sals = [], [], [], []
    schedules, languages, costs, attrs = [], [], [], []
    for n in range(n_services):
        esol = n % 10 == 0
        service = Service(
            id=uuid.uuid4(),
            organization=orgs[n % len(orgs)],
            name=f"{'ESOL class' if esol else 'Community service'} {n}",
            description="English classes" if esol else "Help and support for residents",
            email=f"s{n}@example.org",
            url=f"https://example.org/{n}",
            search_text=(
                f"esol class {n} english classes esol" if esol else f"community service {n} help"
            ),
        )
        services.append(service)
        postcode, (lat, lon) = rng.choice(table)
        loc = Location(id=uuid.uuid4(), name=f"Place {n}", latitude=lat, longitude=lon)
        locations.append(loc)
        addresses.append(
            Address(location=loc, address_1="1 Street", city="Bradford",
                    state_province="West Yorkshire", postal_code=postcode, country="GB")
        )  # fmt: skip
        sals.append(ServiceAtLocation(service=service, location=loc))
        schedules.append(Schedule(service=service, freq="WEEKLY", byday="MO,WE"))
        languages += [Language(service=service, code="en"), Language(service=service, code="ur")]
        costs.append(CostOption(service=service, amount=0 if n % 3 else 20))
        attrs.append(Attribute(service=service, taxonomy_term=terms[0 if esol else 1 + n % 5]))
        attrs.append(Attribute(service=service, taxonomy_term=terms[1 + (n + 1) % 5]))
    for model, rows in (
        (Service, services),
        (Location, locations),
        (Address, addresses),
        (ServiceAtLocation, sals),
        (Schedule, schedules),
        (Language, languages),
        (CostOption, costs),
        (Attribute, attrs),
    ):
        model.objects.bulk_create(rows, batch_size=2000)
    return {"term": terms[0].pk, "service": services[0].pk, "org": orgs[0].pk}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_django("services")
    from django.test import Client

    started = time.perf_counter()
    ids = load(args.services)
    print(f"loaded {args.services} services in {time.perf_counter() - started:.1f} s")
    urls = [
        "/openreferral/services",
        "/openreferral/services?search=ESOL",
        f"/openreferral/services?taxonomy_term_id={ids['term']}",
        "/openreferral/services?full=true",
        f"/openreferral/services/{ids['service']}",
        "/openreferral/service_at_locations",
        "/openreferral/service_at_locations?postcode=BD8%209AA&proximity=2000",
        "/openreferral/taxonomies",
        "/openreferral/taxonomy_terms",
        "/openreferral/organizations",
        f"/services/?need={ids['term']}&postcode=BD8+9AA&within=3000",
    ]
    client = Client()
    worst = 0.0
    print(f"{'url':<72} {'median ms':>9} {'/ target':>8}")
    for url in urls:
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"{url[:72]:<72} {median:9.1f} {median / BUDGET_MS:8.2f}")
    verdict = "OK" if worst < BUDGET_MS else "SLOW"
    print(f"slowest: {worst:.1f} ms (target {BUDGET_MS} ms): {verdict}")
    return 0 if worst < BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
