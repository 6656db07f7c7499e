# ruff: noqa: E501  (demo content: long sentences read better unbroken)
"""Demo volunteering across Bradford's wards: opportunities with partner organisations
(spoken in English, Urdu and Polish), volunteers with confirmed hours and thank-yous, and a
flood call-out with some answers in.

Content is in English, as organisations write it; the pages around it are translated. Dates
count from the day the demo runs, and running it again updates the same rows (same slugs,
same volunteers) instead of adding more.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from commonground.core.models import Area, Organisation, User
from commonground.core.roles import Role
from commonground.services import postcodes

from . import actions
from .models import CallOut, HoursEntry, Opportunity, Signup, SignupStatus, VolunteerProfile

OPPORTUNITIES: list[dict] = [
    {
        "slug": "food-bank-sorting-manningham",
        "organisation": "minhaj-welfare-foundation",
        "title": "Sort and pack food parcels",
        "summary": "Help sort donations and pack parcels for families at our Manningham food bank.",
        "description": "A friendly team of all ages and backgrounds. We show you everything on your first morning; wear comfortable shoes.",
        "interest": "food",
        "ward": "Manningham",
        "venue": "Manningham Community Learning Centre",
        "address": "Lumb Lane, Bradford",
        "postcode": "BD8 7AA",
        "frequency": "weekly",
        "schedule": "Tuesdays and Thursdays, 10:00 to 13:00",
        "days": ["tue", "thu"],
        "skills": ["lifting", "admin"],
        "languages": ["en", "ur", "pa"],
        "accessibility": "Step-free entrance, seated tasks available.",
        "places": 8,
    },
    {
        "slug": "conversation-partner-city",
        "organisation": "people-can",
        "title": "English conversation partner",
        "summary": "Chat over tea with adults learning English: no teaching experience needed.",
        "description": "Each session pairs you with one or two learners for an hour of everyday conversation. Polish and Urdu speakers are especially welcome to help beginners.",
        "interest": "language",
        "ward": "City",
        "venue": "Adult Learning Centre, City",
        "address": "Forster Square, Bradford",
        "postcode": "BD1 1AA",
        "frequency": "weekly",
        "schedule": "Wednesdays, 18:00 to 19:30",
        "days": ["wed"],
        "skills": ["befriending", "interpreting"],
        "languages": ["en", "pl", "ur"],
        "accessibility": "Lift to all floors, hearing loop.",
        "places": 12,
    },
    {
        "slug": "park-clean-up-bingley",
        "organisation": "people-can",
        "title": "Myrtle Park spring clean-up",
        "summary": "A morning of litter picking and planting bulbs in Myrtle Park, tools and gloves provided.",
        "description": "Families welcome: children under 16 come with an adult. Tea and biscuits at the bandstand afterwards.",
        "interest": "environment",
        "ward": "Bingley",
        "venue": "Myrtle Park Garden",
        "address": "Myrtle Place, Bingley",
        "postcode": "BD16 1AA",
        "frequency": "one_off",
        "days_ahead": 11,
        "hour": 10,
        "hours": 3,
        "skills": ["gardening"],
        "languages": ["en"],
        "accessibility": "Flat paths; some grass is uneven.",
        "minimum_age": 12,
        "places": 30,
    },
    {
        "slug": "befriending-keighley",
        "organisation": "people-can",
        "title": "Befriend an older neighbour",
        "summary": "Visit or phone an older person who lives alone, an hour a week.",
        "description": "You are matched with someone near you who shares a language. We arrange a DBS check and a short training session first.",
        "interest": "older_people",
        "ward": "Keighley Central",
        "venue": "Keighley Community Hall",
        "address": "Cavendish Street, Keighley",
        "postcode": "BD21 3AA",
        "frequency": "flexible",
        "schedule": "One hour a week, at a time that suits you both",
        "skills": ["befriending"],
        "languages": ["en", "ur", "pl"],
        "dbs_required": True,
        "minimum_age": 18,
        "places": 15,
    },
    {
        "slug": "homework-club-great-horton",
        "organisation": "the-linking-network",
        "title": "Homework club helper",
        "summary": "Help children aged 8 to 11 with reading and homework after school.",
        "description": "Sit with a small group, listen to children read and help with maths homework. A DBS check is arranged for you.",
        "interest": "children",
        "ward": "Great Horton",
        "venue": "Great Horton Library",
        "address": "Great Horton Road, Bradford",
        "postcode": "BD7 1AA",
        "frequency": "weekly",
        "schedule": "Mondays, 15:30 to 17:00",
        "days": ["mon"],
        "skills": ["childcare"],
        "languages": ["en", "ur", "pl"],
        "dbs_required": True,
        "minimum_age": 18,
        "places": 6,
    },
    {
        "slug": "community-radio-shipley",
        "organisation": "bradford-community-broadcasting",
        "title": "Community radio: record neighbourhood stories",
        "summary": "Learn to interview neighbours and edit short audio stories for community radio.",
        "description": "Training given. Stories in any language are welcome; we broadcast in English, Urdu and Polish.",
        "interest": "arts",
        "ward": "Shipley",
        "venue": "Shipley Library",
        "address": "Market Square, Shipley",
        "postcode": "BD18 3AA",
        "frequency": "monthly",
        "schedule": "First Saturday of the month, 11:00 to 15:00",
        "days": ["sat"],
        "skills": ["digital"],
        "languages": ["en", "ur", "pl"],
        "accessibility": "Step-free, accessible toilet.",
        "places": 5,
    },
    {
        "slug": "vaccination-day-stewards-bradford-moor",
        "organisation": "bradford-district-care-nhs-foundation-trust",
        "title": "Vaccination day steward",
        "summary": "Welcome people, help them find their way and translate at a community vaccination day.",
        "description": "Stewards greet people at the door and help with forms. Speakers of Urdu, Punjabi or Polish are a great help.",
        "interest": "health",
        "ward": "Bradford Moor",
        "venue": "Bradford Moor Family Hub",
        "address": "Leeds Road, Bradford",
        "postcode": "BD3 9AA",
        "frequency": "one_off",
        "days_ahead": 18,
        "hour": 9,
        "hours": 7,
        "skills": ["interpreting", "admin"],
        "languages": ["en", "ur", "pa", "pl"],
        "accessibility": "Step-free, seating available all day.",
        "places": 10,
    },
    {
        "slug": "community-meal-ilkley",
        "organisation": "people-can",
        "title": "Cook and serve a community meal",
        "summary": "Help cook and serve a free Friday lunch that brings neighbours together.",
        "description": "Food hygiene training offered. Cooks, servers and washers-up all needed.",
        "interest": "food",
        "ward": "Ilkley",
        "venue": "Ilkley Methodist Hall",
        "address": "The Grove, Ilkley",
        "postcode": "LS29 9AA",
        "frequency": "weekly",
        "schedule": "Fridays, 11:00 to 14:00",
        "days": ["fri"],
        "skills": ["cooking"],
        "languages": ["en", "pl"],
        "accessibility": "Ramp at the side door.",
        "places": 10,
    },
]

# (username, first name, ward, skills, days, channel, language, background)
VOLUNTEERS = [
    (
        "demo-volunteer-1",
        "Aisha",
        "Manningham",
        ["lifting", "first_aid"],
        [],
        "sms",
        "ur",
        "British Pakistani",
    ),
    (
        "demo-volunteer-2",
        "Marek",
        "City",
        ["driving", "lifting"],
        ["sat", "sun"],
        "email",
        "pl",
        "Polish",
    ),
    ("demo-volunteer-3", "Grace", "Manningham", ["cooking"], [], "email", "en", ""),
    (
        "demo-volunteer-4",
        "Imran",
        "Bradford Moor",
        ["interpreting", "admin"],
        [],
        "sms",
        "ur",
        "British Pakistani",
    ),
    ("demo-volunteer-5", "Ewa", "Keighley Central", ["befriending"], [], "email", "pl", "Polish"),
    (
        "demo-volunteer-6",
        "Tom",
        "Bingley",
        ["gardening", "lifting"],
        [],
        "email",
        "en",
        "White British",
    ),
    ("demo-volunteer-7", "Nasreen", "City", ["first_aid", "befriending"], [], "sms", "ur", ""),
    ("demo-volunteer-8", "Kasia", "Manningham", ["lifting"], [], "sms", "pl", "Polish"),
]

THANKS = [
    "Thank you for all your help this week!",
    "The families really appreciated your kindness.",
    "Brilliant work, see you next time.",
]


def _when(days: int, hour: int) -> datetime:
    return timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=days), time(hour))
    )


def _fields(spec: dict, wards: dict[str, Area], organisations: dict[str, Organisation]) -> dict:
    fields = {k: v for k, v in spec.items() if k in actions.OPPORTUNITY_FIELDS}
    fields["ward"] = wards[spec["ward"]]
    fields["organisation"] = organisations[spec["organisation"]]
    if "days_ahead" in spec:
        fields["starts_at"] = _when(spec["days_ahead"], spec["hour"])
        fields["ends_at"] = fields["starts_at"] + timedelta(hours=spec["hours"])
    return fields


def _volunteer(username: str, name: str, language: str) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": name, "preferred_language": language}
    )
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get_or_create(name=Role.RESIDENT.value)[0])
    return user


def load_demo(say: Callable[[str], None]) -> list[tuple[str, str, str]]:
    """Post (or move to new dates) the opportunities, then volunteers, hours and a call-out."""
    wards = {a.name: a for a in Area.objects.wards().only("pk", "name", "code")}
    organisations = {o.slug: o for o in Organisation.objects.all()}
    if not wards or postcodes.centroid("BD1 1AA") is None:
        say("volunteering: skipped (no wards or postcode table loaded)")
        return []
    posted = []
    for spec in OPPORTUNITIES:
        if spec["ward"] not in wards or spec["organisation"] not in organisations:
            continue
        fields = _fields(spec, wards, organisations)
        existing = Opportunity.objects.filter(slug=spec["slug"]).first()
        if existing is None:
            existing = actions.post_opportunity(
                actor=None, actor_label="demo", slug=spec["slug"], **fields
            )
        else:  # run again later: the same opportunity, on the new dates
            for name, value in fields.items():
                setattr(existing, name, value)
            existing.closed_at = None
            existing.save()
        posted.append(existing)
    if not posted:
        return []
    by_slug = {o.slug: o for o in posted}
    people = []
    for username, name, ward, skills, days, channel, language, background in VOLUNTEERS:
        user = _volunteer(username, name, language)
        VolunteerProfile.objects.update_or_create(
            user=user,
            defaults={
                "ward": wards.get(ward),
                "skills": skills,
                "days": days,
                "callouts": True,
                "channel": channel,
                "email": f"{username}@example.org",
                "phone": f"+4477009{len(people):05d}",
                "languages": [language, "en"],
                "background": background,
            },
        )
        people.append(user)
    # Sign-ups, decisions and hours: the food bank and the conversation club have history.
    history = {
        "food-bank-sorting-manningham": people[:4] + people[7:8],
        "conversation-partner-city": people[1:3] + people[4:7],
    }
    today = timezone.localdate()
    for slug, volunteers in history.items():
        opportunity = by_slug.get(slug)
        if opportunity is None:
            continue
        for n, user in enumerate(volunteers):
            signup = actions.sign_up(actor=user, opportunity=opportunity, confirms_age=True)
            if signup.status != SignupStatus.ACCEPTED:
                signup.status = SignupStatus.ACCEPTED
                signup.decided_at = timezone.now()
                signup.save(update_fields=["status", "decided_at"])
            for week in range(1, 4 + 3 * n):
                day = today - timedelta(days=7 * week)
                if not HoursEntry.objects.filter(signup=signup, date=day).exists():
                    HoursEntry.objects.create(
                        signup=signup,
                        date=day,
                        hours=Decimal("3.0") if slug.startswith("food") else Decimal("1.5"),
                        thank_you=THANKS[(week + n) % len(THANKS)] if week % 3 == 1 else "",
                    )
    resident = User.objects.filter(username="resident").first()
    if resident is not None and "park-clean-up-bingley" in by_slug:
        actions.sign_up(
            actor=resident, opportunity=by_slug["park-clean-up-bingley"], confirms_age=True
        )
    pending = by_slug.get("vaccination-day-stewards-bradford-moor")
    if pending is not None:
        actions.sign_up(actor=people[3], opportunity=pending, confirms_age=True)
    # A flood call-out, sent once; later runs move it to tomorrow.
    title = "Flood clean-up: sandbags and clearing homes"
    callout = CallOut.objects.filter(title=title).first()
    tomorrow = _when(1, 8)
    flood_wards = [
        w for name, w in wards.items() if name in {"Manningham", "City", "Bradford Moor"}
    ]
    if callout is None and flood_wards:
        callout = actions.send_callout(
            actor=None,
            actor_label="demo",
            site_url="http://127.0.0.1:8000/",
            wards=[
                w for name, w in wards.items() if name in {"Manningham", "City", "Bradford Moor"}
            ],
            organisation=organisations.get("people-can"),
            kind="flood",
            title=title,
            message="The beck has burst its banks by Canal Road. Help fill sandbags and move furniture upstairs. Bring boots.",
            starts_at=tomorrow,
            venue="Manningham Community Learning Centre, Lumb Lane",
            needed=6,
            skills=["lifting", "first_aid"],
        )
        for recipient, answer in zip(
            callout.recipients.order_by("pk")[:3], ["yes", "yes", "no"], strict=False
        ):
            actions.answer_callout(recipient=recipient, answer=answer)
    elif callout is not None:
        CallOut.objects.filter(pk=callout.pk).update(starts_at=tomorrow)
    say(
        f"volunteering: {len(posted)} opportunities across {len({o.ward_id for o in posted})} wards, "
        f"{len(people)} volunteers, {Signup.objects.count()} sign-ups, a flood call-out"
    )
    return []
