"""Demo data for schools: the real January 2023 school census from the shared data, if present,
then a linking year (2025/26, primary) planned by the engine on twelve neighbouring schools,
confirmed, answered, its days set and its before/after survey counts entered (then moved into
Conversations, where counts are entered now), and a 2026/27 year being planned (last year's
pairs avoided).  A demo teacher acts for one school.
Survey counts are invented (seeded), not real children's answers."""

import math
import random
import secrets
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from commonground.paths import shared_dir

FILE = "schools_2022-23_bradford_plus10km_ethnicity_latlong.csv"
DEMO_YEAR = "2025/26"


def load_demo(say: Callable[[str], None]) -> list:
    """Load the shared school census (idempotent), then the linking demo (once)."""
    from .loader import load_schools

    path = shared_dir() / "data" / "uk" / "schools" / FILE
    if not path.is_file():
        say(f"Schools: {path} not found, no schools loaded.")
        return []
    result = load_schools(path)
    say(
        f"Schools: {result.schools_created} added, {result.schools_updated} updated "
        f"({result.year} census)."
    )
    return _linking_demo(say)


def _neighbours(count: int):
    from .models import School

    schools = list(
        School.objects.filter(phase="primary", in_district=True, censuses__isnull=False)
        .distinct()
        .order_by("urn")
    )
    centre = schools[0]

    def km(s) -> float:
        dy = s.latitude - centre.latitude
        dx = (s.longitude - centre.longitude) * math.cos(math.radians(centre.latitude))
        return math.hypot(dx, dy) * 111.2

    return sorted(schools, key=km)[:count]


def _survey_into_conversations(officer, linking_year) -> None:
    """Move the year's pupils' survey into Conversations as an officer does from the year page:
    a consultation hosts the before and after surveys, and the counts typed on the old
    class-count form are carried into their groups (so the demo shows the way counts are
    entered now, and the results read them from there)."""
    from django.utils import timezone

    from commonground.consult import actions as consult

    from . import actions

    def day(when: date):
        return timezone.make_aware(datetime.combine(when, time(9)))

    host = consult.create_consultation(
        actor=officer,
        options=[],
        title=f"School linking {DEMO_YEAR}: what pupils think",
        slug="school-linking-" + DEMO_YEAR.replace("/", "-"),
        purpose=(
            "What Year 4 pupils in linked classes think of children from other backgrounds, "
            "before and after a year of linking. Teachers enter their class's counts; no "
            "names are kept."
        ),
        opens_at=day(date(2025, 9, 1)),
        closes_at=day(date(2026, 7, 22)),
        languages=["en", "ur", "pl"],
    )
    actions.open_survey_in_conversations(
        actor=officer, linking_year=linking_year, consultation=host
    )


def _linking_demo(say: Callable[[str], None]) -> list:
    from django.contrib.auth.models import Group

    from commonground.core.models import User
    from commonground.core.roles import Role

    from . import actions
    from .models import DayKind, LinkingYear, SessionKind
    from .survey import STATEMENTS

    officer = User.objects.filter(username="officer").first()
    if officer is None or LinkingYear.objects.filter(year=DEMO_YEAR).exists():
        say("Schools linking: skipped (needs core's demo officer, or already loaded).")
        return []
    if not officer.groups.filter(name=Role.OFFICER.value).exists():
        officer.groups.add(Group.objects.get_or_create(name=Role.OFFICER.value)[0])
    rng = random.Random(16)
    schools = _neighbours(12)
    item = actions.create_year(actor=officer, year=DEMO_YEAR, phase="primary", max_km=Decimal(5))
    actions.set_participants(
        actor=officer,
        linking_year=item,
        rows=[(s, 1 + (i % 2), "Year 4") for i, s in enumerate(schools)],
    )
    actions.propose(actor=officer, linking_year=item)
    actions.confirm_year(actor=officer, linking_year=item)

    teacher, _created = User.objects.get_or_create(username="teacher")
    password = secrets.token_urlsafe(9)
    teacher.set_password(password)
    teacher.save()
    pairs = list(item.pairs.select_related("school_a", "school_b").order_by("-difference"))
    actions.add_contact(actor=officer, school=pairs[0].school_a, user=teacher, role="contact")

    start = date(2025, 11, 4)
    for n, pair in enumerate(pairs):
        if n < len(pairs) - 1:  # the last pair is still waiting for its schools' answers
            for school in pair.schools:
                actions.answer_pair(actor=officer, pair=pair, school=school, accept=True)
        for k, day in enumerate(pair.days.order_by("pk")):
            values = {
                "date": start + timedelta(weeks=6 * k, days=n),
                "classes": "Year 4",
                "transport": "Coach booked by the council" if k < 2 else "Walking and bus",
            }
            if day.kind == DayKind.NEUTRAL:
                values["venue"] = "Cartwright Hall, Lister Park"
            actions.update_day(actor=officer, day=day, **values)
            day.refresh_from_db()
            if n > 0 or k == 0:  # the demo teacher still has dates to confirm
                for school in pair.schools:
                    actions.confirm_day(actor=officer, day=day, school=school)
        if n < len(pairs) - 1:
            for school in pair.schools:
                for stage, lift in (("before", 0.0), ("after", 0.12)):
                    counts = {}
                    for s in range(1, len(STATEMENTS) + 1):
                        size = rng.randint(24, 30)
                        yes = min(size, round(size * (0.45 + lift + rng.uniform(-0.08, 0.08))))
                        unsure = rng.randint(0, size - yes)
                        counts[s] = (yes, unsure, size - yes - unsure)
                    actions.record_survey(
                        actor=officer, pair=pair, school=school, stage=stage, counts=counts
                    )
    _survey_into_conversations(officer, item)
    for kind, title, when, venue in (
        (
            SessionKind.TEACHERS,
            "Linking toolkit: training for teachers",
            date(2025, 10, 8),
            "City Hall",
        ),
        (
            SessionKind.SUPPLEMENTARY,
            "Linking toolkit for supplementary schools",
            date(2025, 10, 18),
            "Manningham Library",
        ),
    ):
        session = actions.create_session(
            actor=officer, kind=kind, title=title, starts_on=when, venue=venue, capacity=30
        )
        for who, where in (
            ("A. Hussain", pairs[0].school_a.name),
            ("K. Nowak", pairs[1].school_b.name),
        ):
            actions.book(actor=officer, session=session, name=who, organisation=where)
        actions.mark_attendance(
            actor=officer, session=session, attended={b.pk: True for b in session.bookings.all()}
        )
    actions.create_session(
        actor=officer,
        kind=SessionKind.PARENTS,
        title="Parents' linking morning",
        starts_on=date(2026, 2, 7),
        venue=pairs[0].school_b.name,
        capacity=40,
        pair=pairs[0],
    )
    following = actions.create_year(
        actor=officer, year="2026/27", phase="primary", max_km=Decimal(5)
    )
    actions.set_participants(
        actor=officer, linking_year=following, rows=[(s, 1, "Year 4") for s in schools]
    )
    actions.propose(actor=officer, linking_year=following)
    say(
        f"Schools linking: {DEMO_YEAR} with {len(pairs)} pairs (days, survey, sessions); "
        "2026/27 being planned."
    )
    return [("teacher", password, "School contact")]
