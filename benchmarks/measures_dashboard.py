"""Time every measures dashboard page with 30 wards × 310 LSOAs × 80 indicators × 12 years.

    .venv/bin/python benchmarks/measures_dashboard.py [--repeat N]

Loads synthetic observations (district, every ward and every LSOA, each indicator, each
year, plus a four-way community breakdown for the district) into a fresh SQLite database,
then requests each page with Django's test client and prints the median milliseconds per
page (the goal: every page under 300 ms).
"""

import argparse
import random
import statistics
import time
from datetime import date
from decimal import Decimal

from measures_common import load_areas, setup_django

INDICATORS = 80
YEARS = list(range(2013, 2025))
BUDGET_MS = 300


def load_observations() -> int:
    from commonground.core.models import Area, Organisation, Pillar, Strategy
    from commonground.measures.models import Indicator, Observation

    district = Area.objects.get(level="district")
    strategy = Strategy.objects.create(
        slug="bench", title="Bench", place_name="Bradford", district=district,
        period_start=2018, period_end=2023, is_current=True,
    )  # fmt: skip
    pillars = [
        Pillar.objects.create(strategy=strategy, slug=f"p{n}", number=n, name=f"Pillar {n}")
        for n in range(1, 5)
    ]
    owner = Organisation.objects.create(name="Partner", slug="partner", kind="council")
    areas = list(
        Area.objects.filter(level__in=["district", "ward", "lsoa"]).values_list("id", "level")
    )
    rng = random.Random(1)
    rows = []
    for n in range(INDICATORS):
        unit = ["percent", "count", "rate_per_1000", "index"][n % 4]
        indicator = Indicator.objects.create(
            slug=f"indicator-{n:02d}",
            name=f"Indicator {n}",
            unit=unit,
            direction=["higher", "lower", "neutral"][n % 3],
            pillar=pillars[n % 4],
            owner=owner,
            area_levels=["district", "ward", "lsoa"],
            breakdowns={"community": []},
            baseline_value=Decimal(50),
            baseline_date=date(2013, 12, 31),
            target_value=Decimal(60) if n % 2 else None,
            target_date=date(2025, 12, 31),
        )
        for year in YEARS:
            for area_id, level in areas:
                value = Decimal(rng.randint(0, 1000)) / 10
                rows.append(
                    Observation(
                        indicator=indicator,
                        area_id=area_id,
                        period=str(year),
                        period_start=date(year, 1, 1),
                        period_end=date(year, 12, 31),
                        value=value,
                        numerator=value if level == "lsoa" else None,
                        denominator=Decimal(100) if level == "lsoa" else None,
                        origin="upload",
                    )
                )
                if level == "district":
                    for community in ("women", "young-people", "new-communities", "poorer"):
                        rows.append(
                            Observation(
                                indicator=indicator,
                                area_id=area_id,
                                period=str(year),
                                period_start=date(year, 1, 1),
                                period_end=date(year, 12, 31),
                                breakdown=f"community={community}",
                                value=value,
                                origin="upload",
                            )
                        )
        if len(rows) > 50_000:
            Observation.objects.bulk_create(rows, batch_size=2000)
            rows = []
    Observation.objects.bulk_create(rows, batch_size=2000)
    return Observation.objects.count()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_django("measures-dashboard")
    started = time.perf_counter()
    load_areas()
    count = load_observations()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from commonground.core.models import Area

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    wards = Area.objects.filter(level="ward").count()
    lsoas = Area.objects.filter(level="lsoa").count()
    print(
        f"Loaded {count:,} observations ({wards} wards, {lsoas} LSOAs, {INDICATORS} indicators, "
        f"{len(YEARS)} years) in {time.perf_counter() - started:.1f} s"
    )
    ward = Area.objects.filter(level="ward").order_by("code").first().code
    pages = {
        "indicator list": "/measures/",
        "board overview": "/measures/board/",
        "board report": "/measures/report/?quarter=2024-Q4",
        "ward profile": f"/measures/areas/{ward}/",
        "indicator (percent)": "/measures/indicators/indicator-00/",
        "indicator (count)": "/measures/indicators/indicator-01/",
        "indicator, earlier map period": "/measures/indicators/indicator-02/?period=2015",
        "indicator CSV": "/measures/indicators/indicator-03.csv",
        "indicator JSON": "/measures/indicators/indicator-03.json",
        "API observations (ward level)": (
            "/api/measures/indicators/indicator-04/observations?level=ward"
        ),
    }
    client = Client(HTTP_HOST="localhost")
    worst = 0.0
    print(f"{'page':<32} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for name, url in pages.items():
        client.get(url)  # warm: templates compiled, boundaries projected once per process
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        median = statistics.median(timings)
        worst = max(worst, median)
        print(f"{name:<32} {median:>10.1f} {max(timings):>8.1f} {len(queries.captured_queries):>8}")
    verdict = "OK" if worst < BUDGET_MS else "OVER BUDGET"
    print(f"Slowest page: {worst:.1f} ms (budget {BUDGET_MS} ms): {verdict}")
    return 0 if worst < BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
