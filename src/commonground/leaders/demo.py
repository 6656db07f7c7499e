"""Demo data for Future Leaders: one cohort of 24 invented participants from the demo partners.

Applicants are invented accounts (``leader01`` … ``leader30``, no password: nobody signs in
as them) with confirmed memberships of the partner organisations core's demo made.  Thirty
apply, quotas are set (at least 40% from minority backgrounds, every grade band, at most six
from one organisation) and the fair lottery offers the 24 places with a fixed seed.  Then
eight sessions of the four kinds with attendance, eight volunteer mentors matched by goals
(never from the participant's own organisation), a few log entries, workforce shares and
one-year outcomes.  Idempotent: a second run finds the cohort and does nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from django.contrib.auth.models import Group

from commonground.core.memberships import grant_membership
from commonground.core.models import Organisation, User
from commonground.core.roles import Role

from . import actions
from .models import Cohort, Goal, Grade, Minority

SLUG = "future-leaders-2026"
SEED = 2026
FIRST = [
    "Aisha",
    "Tom",
    "Priya",
    "Kamran",
    "Sophie",
    "Bilal",
    "Grace",
    "Hamza",
    "Ewa",
    "Imran",
    "Rachel",
    "Yusuf",
    "Nadia",
    "Daniel",
    "Farah",
    "Liam",
    "Sana",
    "Owen",
    "Zainab",
    "Kasia",
    "Adeel",
    "Hannah",
    "Rukhsana",
    "James",
    "Amir",
    "Chloe",
    "Shabana",
    "Marek",
    "Leah",
    "Tariq",
]
LAST = [
    "Hussain",
    "Walker",
    "Patel",
    "Akhtar",
    "Brook",
    "Khan",
    "Okafor",
    "Ali",
    "Nowak",
    "Mahmood",
    "Sutcliffe",
    "Iqbal",
    "Begum",
    "Firth",
    "Rashid",
    "Hartley",
    "Bibi",
    "Pearson",
    "Ahmed",
    "Zielinska",
    "Shah",
    "Holroyd",
    "Kauser",
    "Lister",
    "Raza",
    "Town",
    "Parveen",
    "Kowalski",
    "Dyson",
    "Mirza",
]
MENTORS = [
    (
        "Margaret Ellis",
        "Director of Place",
        "City of Bradford Metropolitan District Council",
        ["leading_change", "strategy", "finance"],
    ),
    (
        "Superintendent Asif Qureshi",
        "District Commander",
        "West Yorkshire Police",
        ["managing_people", "community_engagement", "public_speaking"],
    ),
    (
        "Dr Helen Marsh",
        "Deputy Vice-Chancellor",
        "University of Bradford",
        ["data_evidence", "strategy", "governance"],
    ),
    (
        "Shazia Noor",
        "Chief Executive",
        "Minhaj Welfare Foundation",
        ["community_engagement", "equality_inclusion", "governance"],
    ),
    (
        "Paul Sykes",
        "Area Manager",
        "West Yorkshire Fire and Rescue Service",
        ["managing_people", "leading_change", "partnership_working"],
    ),
    (
        "Nasreen Akram",
        "Director of Nursing",
        "Bradford District Care NHS Foundation Trust",
        ["equality_inclusion", "managing_people", "data_evidence"],
    ),
    (
        "Richard Lumb",
        "Director",
        "The Linking Network",
        ["partnership_working", "public_speaking", "community_engagement"],
    ),
    (
        "Ruth Barker",
        "Head of Finance",
        "City of Bradford Metropolitan District Council",
        ["finance", "governance", "data_evidence"],
    ),
]
SESSIONS = [
    ("learning", "Leading in a diverse district", 14, "City Hall, Bradford"),
    ("workshop", "Chairing meetings well", 35, "University of Bradford, Richmond Building"),
    ("networking", "Meet the Partnership Board", 49, "Kala Sangam, Bradford"),
    ("shadowing", "Shadowing week: a day with a director", 70, "Partner workplaces"),
    ("learning", "Money: how public budgets work", 98, "Margaret McMillan Tower"),
    ("workshop", "Using evidence to make the case", 126, "Born in Bradford, BRI"),
    ("networking", "Partners' summer gathering", 154, "Lister Park"),
    ("learning", "Boards and trustees: how to join one", 196, "People Can, Bradford"),
]


def _user(n: int, organisation: Organisation) -> User:
    username = f"leader{n:02d}"
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": FIRST[n - 1], "last_name": LAST[n - 1]}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get_or_create(name=Role.PARTNER.value)[0])
    if not user.may_act_for(organisation):
        grant_membership(user=user, organisation=organisation, actor_label="demo")
    return user


def load_demo(say: Callable[[str], None]) -> list:
    officer = User.objects.filter(username="officer").first()
    partners = list(Organisation.objects.filter(is_partner=True).order_by("name"))
    if officer is None or len(partners) < 3 or Cohort.objects.filter(slug=SLUG).exists():
        say("leaders: skipped (needs core's demo officer and partners; or already loaded)")
        return []
    rng = random.Random(SEED)
    today = date.today()
    opens = today - timedelta(days=90)
    closes = today - timedelta(days=30)
    cohort = actions.create_cohort(
        actor=officer,
        name="Future Leaders 2026",
        slug=SLUG,
        year=today.year,
        size=24,
        opens_on=opens,
        closes_on=today + timedelta(days=1),
        description="A year of learning, shadowing, mentoring and networking across the "
        "partnership, for staff at every grade.",
    )
    grades = [g for g in Grade.values if g != Grade.PREFER_NOT]
    goals = list(Goal.values)
    for n in range(1, 31):
        organisation = partners[(n * 7) % len(partners)]
        user = _user(n, organisation)
        minority = rng.choices(
            [Minority.YES, Minority.NO, Minority.PREFER_NOT], weights=[45, 50, 5]
        )[0]
        actions.apply(
            actor=user,
            cohort=cohort,
            organisation=organisation,
            grade=grades[n % len(grades)] if n % 13 else Grade.PREFER_NOT,
            minority=minority,
            goals=rng.sample(goals, 3),
            learn="How to lead change across organisations, and how to get a seat at the table "
            "where decisions about my community are made.",
            consent=True,
            job_title=rng.choice(
                [
                    "Caseworker",
                    "Project officer",
                    "Team leader",
                    "Analyst",
                    "Service manager",
                    "Community development worker",
                ]
            ),
            background=""
            if n % 5 == 0
            else rng.choice(
                [
                    "British Pakistani, Muslim, grew up in Manningham",
                    "White British, Keighley",
                    "Polish, came to Bradford in 2008",
                    "Mixed heritage, first in family at university",
                    "British Indian, Sikh",
                    "Black British, Caribbean heritage",
                ]
            ),
            background_prefer_not=n % 5 == 0,
        )
    Cohort.objects.filter(pk=cohort.pk).update(closes_on=closes)
    cohort.refresh_from_db()
    actions.set_quotas(
        actor=officer,
        cohort=cohort,
        rows=[{"feature": "minority", "value": Minority.YES, "minimum": 10, "maximum": 24}]
        + [{"feature": "grade", "value": g, "minimum": 3, "maximum": 8} for g in grades]
        + [
            {"feature": "organisation", "value": o.slug, "minimum": 0, "maximum": 6}
            for o in partners
        ],
    )
    actions.run_lottery(actor=officer, cohort=cohort, seed=SEED)
    participants = list(cohort.participants())
    sessions = [
        actions.add_session(
            actor=officer,
            cohort=cohort,
            kind=kind,
            title=title,
            on=opens + timedelta(days=60 + d),
            place=place,
        )
        for kind, title, d, place in SESSIONS
    ]
    for session in sessions:
        if session.on <= today:
            actions.record_attendance(
                actor=officer,
                session=session,
                present=[p.pk for p in participants if rng.random() < 0.85],
            )
    by_name = {o.name: o for o in partners}
    for n, (name, role, organisation, strengths) in enumerate(MENTORS):
        actions.add_mentor(
            actor=officer,
            name=name,
            organisation=by_name.get(organisation) or partners[n % len(partners)],
            role=role,
            strengths=strengths,
            capacity=3,
        )
    made, _left = actions.match_mentors(actor=officer, cohort=cohort)
    for person in participants[:6]:
        actions.write_log(
            actor=person.applicant,
            participant=person,
            kind="log",
            session=sessions[0],
            text="Learned how the Partnership Board sets priorities; met people from four "
            "organisations I had never worked with.",
        )
        actions.write_log(
            actor=person.applicant,
            participant=person,
            kind="reflection",
            text="I want to practise speaking up in meetings where I am the most junior person.",
        )
    for person in participants[:5]:
        actions.record_outcome(
            actor=officer,
            participant=person,
            horizon=1,
            new_role=rng.random() < 0.5,
            promotion=rng.random() < 0.3,
            board_role=rng.random() < 0.2,
        )
    actions.set_workforce(
        actor=officer,
        cohort=cohort,
        dimension="minority",
        shares={"yes": 31.0, "no": 64.0, "prefer_not_to_say": 5.0},
    )
    actions.set_workforce(
        actor=officer,
        cohort=cohort,
        dimension="grade",
        shares={
            "entry": 18.0,
            "officer": 41.0,
            "team_leader": 20.0,
            "manager": 14.0,
            "senior": 5.0,
            "prefer_not_to_say": 2.0,
        },
    )
    say(
        f"leaders: a cohort of {len(participants)} from 30 applications chosen by lottery, "
        f"{len(sessions)} sessions, {len(made)} mentoring pairs, at /leaders/{SLUG}/"
    )
    return []
