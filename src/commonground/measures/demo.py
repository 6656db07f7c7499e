"""Demo data for measures: the strategy's indicators, real census figures, partner uploads.

Indicators and baselines come from the loaded strategy, and census-derived figures are
computed from the real 2021 tables. The partner figures after the baseline are invented
for the demonstration (each upload says so in its file name and notes): they show how
dashboards, maps, corrections and suppression behave, and are not Bradford's statistics.
"""

import csv
import io
import random
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.conf import settings

from commonground.core.models import Area, Organisation
from commonground.core.models.places import AreaLevel
from commonground.measures import actions
from commonground.measures.census import load_census
from commonground.measures.models import Indicator
from commonground.measures.strategy import sync_strategy

COUNCIL = "city-of-bradford-metropolitan-district-council"
POLICE = "west-yorkshire-police"
LINKING = "the-linking-network"

OWNERS = {
    "hate-crimes": POLICE,
    "hate-crimes-by-strand": POLICE,
    "antisocial-behaviour-reports": POLICE,
    "satisfied-with-area": COUNCIL,
    "living-harmoniously": COUNCIL,
    "local-election-turnout": COUNCIL,
    "schools-not-mixed": LINKING,
}
TARGETS = {
    "satisfied-with-area": (Decimal("72"), date(2025, 12, 31)),
    "living-harmoniously": (Decimal("70"), date(2025, 12, 31)),
    "schools-not-mixed": (None, None),
}
NOTE = "Demonstration figure, not an official statistic"


def _survey_rows(slug: str, start: float, step: float, wards: list[Area], district: Area) -> list:
    """Annual survey shares 2019–2024 for the District, each ward, and by community."""
    rng = random.Random(slug)
    rows = []
    offsets = {w.code: rng.uniform(-14, 10) for w in wards}
    for year in range(2019, 2025):
        level = start + step * (year - 2018) + rng.uniform(-1.2, 1.2)
        respondents = 2400
        agree = round(respondents * level / 100)
        rows.append([slug, district.code, str(year), "", "", agree, respondents, NOTE])
        for ward in wards:
            n = rng.randint(60, 110)
            share = max(5.0, min(95.0, level + offsets[ward.code] + rng.uniform(-3, 3)))
            rows.append([slug, ward.code, str(year), "", "", round(n * share / 100), n, NOTE])
        for community, size, shift in (
            ("young-people", 310, -6),
            ("women", 1250, 1),
            ("poorer-communities", 420, -9),
            ("new-communities", 4 if year == 2024 else 60, -4),
        ):
            share = max(5.0, min(95.0, level + shift + rng.uniform(-2, 2)))
            rows.append(
                [
                    slug,
                    district.code,
                    str(year),
                    f"community={community}",
                    "",
                    round(size * share / 100),
                    size,
                    NOTE,
                ]
            )
        for sex, shift in (("female", 1.5), ("male", -1.5)):
            rows.append(
                [
                    slug,
                    district.code,
                    str(year),
                    f"sex={sex}",
                    "",
                    round(1200 * (level + shift) / 100),
                    1200,
                    NOTE,
                ]
            )
    return rows


def _share_out(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split a count between areas in proportion to weights so the parts add up to it exactly
    (largest remainder), as police-recorded crimes located by ward do."""
    whole = sum(weights.values())
    exact = {code: total * weight / whole for code, weight in weights.items()}
    parts = {code: int(share) for code, share in exact.items()}
    left = total - sum(parts.values())
    for code in sorted(exact, key=lambda c: exact[c] - parts[c], reverse=True)[:left]:
        parts[code] += 1
    return parts


def _police_rows(wards: list[Area], district: Area) -> list:
    """Hate crimes by financial year, for the District and each ward (the wards add up to the
    District: one count, located by ward), and the share of each strand."""
    rng = random.Random("police")
    rows = []
    weights = {w.code: rng.uniform(0.3, 2.5) for w in wards}
    for year in range(2018, 2025):
        period = f"{year}/{(year + 1) % 100:02d}"  # police figures are by financial year
        total = round(1624 + (year - 2017) * 85 + rng.uniform(-60, 60))
        rows.append(["hate-crimes", district.code, period, "", total, "", "", NOTE])
        by_ward = _share_out(total, {c: w * rng.uniform(0.8, 1.2) for c, w in weights.items()})
        for ward in wards:
            rows.append(["hate-crimes", ward.code, period, "", by_ward[ward.code], "", "", NOTE])
        asb = round(15335 - (year - 2017) * 360 + rng.uniform(-400, 400))
        if year > 2018:  # 2018 is the strategy's baseline year
            rows.append(
                ["antisocial-behaviour-reports", district.code, period, "", asb, "", "", NOTE]
            )
        shares = {
            "race": 74 - (year - 2018),
            "faith": 8,
            "sexual-orientation": 9,
            "disability": 7 + (year - 2018) * 0.5,
        }
        for strand, share in shares.items():
            rows.append(
                [
                    "hate-crimes-by-strand",
                    district.code,
                    period,
                    f"strand={strand}",
                    round(share, 1),
                    "",
                    "",
                    NOTE,
                ]
            )
    return rows


def _council_rows(wards: list[Area], district: Area) -> list:
    rng = random.Random("turnout")
    rows = []
    base = {w.code: rng.uniform(22, 42) for w in wards}
    for year in (2019, 2021, 2022, 2023, 2024):
        electors_total = issued_total = 0
        for ward in wards:
            electors = rng.randint(12000, 17000)
            issued = round(electors * (base[ward.code] + rng.uniform(-3, 3)) / 100)
            electors_total += electors
            issued_total += issued
            rows.append(
                ["local-election-turnout", ward.code, str(year), "", "", issued, electors, NOTE]
            )
        rows.append(
            [
                "local-election-turnout",
                district.code,
                str(year),
                "",
                "",
                issued_total,
                electors_total,
                NOTE,
            ]
        )
    return rows


def _upload(organisation: Organisation, name: str, rows: list, out: Callable[[str], None]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "indicator",
            "area_code",
            "period",
            "breakdown",
            "value",
            "numerator",
            "denominator",
            "note",
        ]
    )
    writer.writerows(rows)
    upload = actions.receive_upload(
        organisation,
        file_name=name,
        content=buffer.getvalue().encode(),
        actor_label="demo",
        via="cli",
    )
    upload = actions.accept_upload(upload)
    if upload.status != "accepted":
        raise RuntimeError(f"demo upload {name} was rejected: {upload.report[:3]}")
    out(
        f"measures: {organisation.name} uploaded {name}: {upload.rows_created} added, "
        f"{upload.rows_corrected} corrected, {upload.rows_unchanged} unchanged"
    )


def load_demo(out: Callable[[str], None]) -> list:
    """Indicators from the strategy, census figures, owners, targets and partner uploads."""
    out("measures: " + sync_strategy().summary())
    data_dir = settings.SHARED_DIR / "data" / "uk"
    district = Area.objects.filter(level=AreaLevel.DISTRICT).order_by("pk").first()
    if (data_dir / "census2021").exists() and district is not None:
        out("measures: " + load_census(data_dir).summary())
    else:
        out(f"measures: no census tables at {data_dir}: census-derived figures skipped")
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=set(OWNERS.values()))}
    indicators = {i.slug: i for i in Indicator.objects.filter(slug__in=OWNERS)}
    for slug, owner in OWNERS.items():
        if slug in indicators and owner in organisations and indicators[slug].owner_id is None:
            actions.set_owner(indicators[slug], owner=organisations[owner])
    for slug, (value, when) in TARGETS.items():
        if slug in indicators and value is not None and indicators[slug].target_value is None:
            actions.set_target(
                indicators[slug],
                value=value,
                target_date=when,
                reason="Illustrative target for the demo",
            )
    wards = list(Area.objects.filter(level=AreaLevel.WARD).order_by("code"))
    if district is None or not wards or not set(OWNERS.values()) <= organisations.keys():
        out("measures: wards or partners missing: demo partner figures skipped")
        return []
    _upload(
        organisations[POLICE],
        "demo-police-hate-crime-2018-2024.csv",
        _police_rows(wards, district),
        out,
    )
    survey = _survey_rows("satisfied-with-area", 66, 0.7, wards, district) + _survey_rows(
        "living-harmoniously", 62.6, 0.9, wards, district
    )
    _upload(
        organisations[COUNCIL],
        "demo-council-survey-2019-2024.csv",
        survey + _council_rows(wards, district),
        out,
    )
    schools = [
        ["schools-not-mixed", district.code, str(year), f"phase={phase}", str(value), "", "", NOTE]
        for year in range(2017, 2024)
        for phase, value in (
            ("primary", 58 - (year - 2016) * 0.8),
            ("secondary", 71 - (year - 2016) * 0.6),
        )
    ]
    _upload(organisations[LINKING], "demo-linking-network-schools-2017-2023.csv", schools, out)
    return []
