# ruff: noqa: E501  (demo content: long sentences read better unbroken)
"""Demo events across Bradford's wards, in English, Urdu and Polish, always in the future.

Festivals, faith walks, Iconic Places of Worship tours, conversation cafés, team challenges
and cultural-awareness sessions, the kinds of event the strategy's "Getting Involved" pillar
describes; venues are real public places, the events fictional. Dates are counted from the
day the demo runs, so the feed is never empty; running the demo again moves the same events
(same slugs and calendar UIDs) to the new dates. A full event gets a wait list, and the demo
resident holds one place and one place on a wait list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from commonground.core.models import Area, Organisation, Pillar, User
from commonground.core.roles import Role

from . import actions
from .models import Event

# Each: the event's fields, with "days" ahead of today, the local start "hour" and "hours"
# long; "ward", "organiser" and "pillar" by name or slug (missing ones are left empty).
EVENTS: list[dict] = [
    {
        "slug": "bradford-mela-family-day",
        "kind": "festival",
        "title": "Bradford Mela family day",
        "translations": {
            "ur": {"title": "بریڈفورڈ میلہ فیملی ڈے"},
            "pl": {"title": "Dzień rodzinny Bradford Mela"},
        },
        "summary": "Music, food stalls and dance from every corner of the District, free for all.",
        "days": 9,
        "hour": 11,
        "hours": 7,
        "venue": "Lister Park",
        "address": "Keighley Road, Bradford",
        "postcode": "BD9 4NS",
        "ward": "Manningham",
        "languages": ["en", "ur", "pa", "pl"],
        "capacity": None,
        "organiser": "people-can",
        "pillar": "getting-involved",
        "accessibility": "Step-free paths, accessible toilets, a quiet tent and a hearing loop at the main stage.",
    },
    {
        "slug": "iconic-places-of-worship-tour-city",
        "kind": "places_of_worship",
        "title": "Iconic Places of Worship tour: cathedral, mosque and gurdwara",
        "translations": {
            "ur": {"title": "مشہور عبادت گاہوں کا دورہ: کیتھیڈرل، مسجد اور گوردوارہ"},
            "pl": {"title": "Wycieczka po słynnych miejscach kultu: katedra, meczet i gurdwara"},
        },
        "summary": "A guided walk between three of Bradford's best-known places of worship, with time for questions at each.",
        "days": 12,
        "hour": 10,
        "hours": 3,
        "venue": "Bradford Cathedral",
        "address": "1 Stott Hill, Bradford",
        "postcode": "BD1 4EH",
        "ward": "City",
        "languages": ["en", "ur"],
        "capacity": 25,
        "organiser": "minhaj-welfare-foundation",
        "pillar": "getting-along",
        "accessibility": "About 1.5 km on pavements with one steep hill; a minibus is available if you ask when you book.",
    },
    {
        "slug": "faith-walk-manningham",
        "kind": "faith_walk",
        "title": "Faith walk through Manningham",
        "translations": {
            "ur": {"title": "مننگھم میں عقیدے کی سیر"},
            "pl": {"title": "Spacer wiary po Manningham"},
        },
        "summary": "Visit a church, a mosque and a Hindu temple in one morning, and share tea at the end.",
        "days": 16,
        "hour": 10,
        "hours": 3,
        "venue": "St Paul's Church",
        "address": "St Paul's Road, Shipley",
        "postcode": "BD8 7LS",
        "ward": "Manningham",
        "languages": ["en", "ur", "pa"],
        "capacity": 2,
        "organiser": "people-can",
        "pillar": "getting-along",
        "accessibility": "Step-free entrances at every stop. Shoes come off in the mosque and temple; seats are provided.",
    },
    {
        "slug": "kawiarenka-jezykowa-keighley",
        "kind": "conversation_cafe",
        "language": "pl",
        "title": "Kawiarenka językowa w Keighley: angielski przy herbacie",
        "translations": {
            "en": {"title": "Keighley conversation café: English over tea"},
            "ur": {"title": "کیتھلی گفتگو کیفے: چائے پر انگریزی"},
        },
        "summary": "Swobodna rozmowa po angielsku dla osób, które chcą ćwiczyć język. Dzieci mile widziane.",
        "days": 5,
        "hour": 18,
        "hours": 2,
        "venue": "Keighley Library",
        "address": "North Street, Keighley",
        "postcode": "BD21 3SX",
        "ward": "Keighley Central",
        "languages": ["pl", "en"],
        "capacity": 20,
        "organiser": "people-can",
        "pillar": "getting-on",
        "accessibility": "Lift to the first floor, accessible toilet, hearing loop.",
    },
    {
        "slug": "urdu-conversation-cafe-little-horton",
        "kind": "conversation_cafe",
        "language": "ur",
        "title": "لٹل ہارٹن میں خواتین کا گفتگو کیفے: نئے دوست، نئی زبان، اور چائے کے ساتھ کھلی بات چیت",
        "translations": {
            "en": {"title": "Little Horton women's conversation café"},
            "pl": {"title": "Kawiarenka rozmów dla kobiet w Little Horton"},
        },
        "summary": "انگریزی بولنے کی مشق، نئے لوگوں سے ملاقات اور بچوں کے لیے کھیل کا کونا۔",
        "days": 7,
        "hour": 13,
        "hours": 2,
        "venue": "Thornbury Centre",
        "address": "79 Leeds Old Road, Bradford",
        "postcode": "BD3 8JX",
        "ward": "Bowling and Barkerend",
        "languages": ["ur", "en", "pa"],
        "capacity": 18,
        "organiser": "people-can",
        "pillar": "getting-on",
        "accessibility": "Ground floor, women-only session, crèche on site.",
    },
    {
        "slug": "ilkley-moor-team-challenge",
        "kind": "team_challenge",
        "title": "Ilkley Moor team challenge: mixed teams from across the District",
        "translations": {
            "ur": {"title": "اِلکلی مور ٹیم چیلنج"},
            "pl": {"title": "Wyzwanie drużynowe na Ilkley Moor"},
        },
        "summary": "Teams of six from different schools, mosques, churches and workplaces walk and solve puzzles together.",
        "days": 23,
        "hour": 9,
        "hours": 6,
        "venue": "Cow and Calf Rocks car park",
        "address": "Hangingstone Road, Ilkley",
        "postcode": "LS29 8BT",
        "ward": "Ilkley",
        "languages": ["en"],
        "capacity": 60,
        "organiser": "the-linking-network",
        "pillar": "getting-involved",
        "accessibility": "Rough moorland paths; a shorter step-free route runs along the road for those who need it.",
    },
    {
        "slug": "cultural-awareness-online",
        "kind": "cultural_awareness",
        "title": "Understanding Ramadan and Eid: a session for employers",
        "translations": {
            "ur": {"title": "رمضان اور عید کو سمجھنا: آجروں کے لیے سیشن"},
            "pl": {"title": "Ramadan i Id: spotkanie dla pracodawców"},
        },
        "summary": "An hour online for managers and HR teams, with Open Book volunteers answering questions.",
        "days": 14,
        "hour": 12,
        "hours": 1,
        "mode": "online",
        "online_url": "https://meet.example.org/commonground-ramadan",
        "languages": ["en"],
        "capacity": 100,
        "organiser": "minhaj-welfare-foundation",
        "pillar": "getting-along",
        "accessibility": "Live captions; the slides are sent beforehand.",
    },
    {
        "slug": "saltaire-heritage-walk-and-picnic",
        "kind": "festival",
        "title": "Saltaire heritage walk and shared picnic",
        "translations": {
            "ur": {"title": "سالٹیئر تاریخی سیر اور مشترکہ پکنک"},
            "pl": {"title": "Spacer po zabytkowym Saltaire i wspólny piknik"},
        },
        "summary": "Walk the World Heritage village and bring a dish from home to share by the river.",
        "days": 19,
        "hour": 11,
        "hours": 4,
        "venue": "Roberts Park",
        "address": "Saltaire, Shipley",
        "postcode": "BD18 3LA",
        "ward": "Shipley",
        "languages": ["en", "pl"],
        "capacity": 80,
        "organiser": "people-can",
        "pillar": "getting-involved",
        "accessibility": "Flat, step-free route; accessible toilets at the park.",
    },
    {
        "slug": "community-radio-open-day",
        "kind": "cultural_awareness",
        "title": "Community radio open day: make a show about your street",
        "translations": {
            "ur": {"title": "کمیونٹی ریڈیو اوپن ڈے"},
            "pl": {"title": "Dzień otwarty radia społecznościowego"},
        },
        "summary": "Try presenting, interviewing and editing with Bradford Community Broadcasting.",
        "days": 26,
        "hour": 14,
        "hours": 3,
        "mode": "mixed",
        "online_url": "https://bcbradio.example.org/live",
        "venue": "BCB Radio studios",
        "address": "Unit 3, Dyson Street, Bradford",
        "postcode": "BD1 2NE",
        "ward": "City",
        "languages": ["en", "ur", "pl"],
        "capacity": 15,
        "organiser": "bradford-community-broadcasting",
        "pillar": "getting-involved",
        "accessibility": "Step-free studio; the show is streamed live with captions.",
    },
    {
        "slug": "gurdwara-langar-visit-wyke",
        "kind": "places_of_worship",
        "title": "Langar at the gurdwara: share a meal with your neighbours",
        "translations": {
            "ur": {"title": "گوردوارے میں لنگر: پڑوسیوں کے ساتھ کھانا"},
            "pl": {"title": "Langar w gurdwarze: wspólny posiłek z sąsiadami"},
        },
        "summary": "See how the community kitchen feeds everyone who comes, then eat together.",
        "days": 30,
        "hour": 12,
        "hours": 2,
        "venue": "Guru Gobind Singh Gurdwara",
        "address": "Wakefield Road, Bradford",
        "postcode": "BD4 7DH",
        "ward": "Wyke",
        "languages": ["en", "pa"],
        "capacity": 30,
        "organiser": "people-can",
        "pillar": "getting-along",
        "accessibility": "Head coverings provided; seats available for those who cannot sit on the floor.",
    },
    {
        "slug": "spotkanie-sasiedzkie-eccleshill",
        "kind": "conversation_cafe",
        "language": "pl",
        "title": "Spotkanie sąsiedzkie w Eccleshill: poznaj ludzi ze swojej ulicy",
        "translations": {
            "en": {"title": "Eccleshill neighbours' get-together"},
            "ur": {"title": "ایکلشل میں پڑوسیوں کی ملاقات"},
        },
        "summary": "Kawa, ciasto i rozmowa z sąsiadami z różnych stron świata.",
        "days": 11,
        "hour": 18,
        "hours": 2,
        "venue": "Eccleshill Library",
        "address": "Bolton Road, Bradford",
        "postcode": "BD2 4SR",
        "ward": "Eccleshill",
        "languages": ["pl", "en"],
        "capacity": 25,
        "organiser": "people-can",
        "pillar": "getting-along",
        "accessibility": "Ground floor, step-free.",
    },
    {
        "slug": "keighley-interfaith-peace-walk",
        "kind": "faith_walk",
        "title": "Keighley interfaith peace walk",
        "translations": {
            "ur": {"title": "کیتھلی بین المذاہب امن واک"},
            "pl": {"title": "Międzywyznaniowy marsz pokoju w Keighley"},
        },
        "summary": "From the mosque on Emily Street to the parish church, with a short reflection at each stop.",
        "days": 33,
        "hour": 14,
        "hours": 2,
        "venue": "Keighley Shared Church",
        "address": "Church Green, Keighley",
        "postcode": "BD21 3JR",
        "ward": "Keighley West",
        "languages": ["en", "ur"],
        "capacity": 40,
        "organiser": "minhaj-welfare-foundation",
        "pillar": "getting-along",
        "accessibility": "Step-free route of 1 km.",
    },
]

ATTENDEES = ["demo-attendee-1", "demo-attendee-2"]


def _when(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _fields(spec: dict, wards: dict[str, Area], pillars: dict[str, Pillar], organisations) -> dict:
    starts_at = _when(spec["days"], spec["hour"])
    return {
        "kind": spec["kind"],
        "language": spec.get("language", "en"),
        "title": spec["title"],
        "translations": spec.get("translations", {}),
        "summary": spec["summary"],
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=spec["hours"]),
        "attendance_mode": spec.get("mode", "in_person"),
        "venue": spec.get("venue", ""),
        "address": spec.get("address", ""),
        "postcode": spec.get("postcode", ""),
        "ward": wards.get(spec.get("ward", "")),
        "online_url": spec.get("online_url", ""),
        "accessibility": spec.get("accessibility", ""),
        "languages": spec["languages"],
        "capacity": spec["capacity"],
        "organiser": organisations.get(spec["organiser"]),
        "pillar": pillars.get(spec["pillar"]),
    }


def _attendee(username: str) -> User:
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get_or_create(name=Role.RESIDENT.value)[0])
    return user


def load_demo(say: Callable[[str], None]) -> list[tuple[str, str, str]]:
    """Publish (or move to new dates) the demo events, with a few registrations."""
    wards = {a.name: a for a in Area.objects.wards()}
    pillars = {p.slug: p for p in Pillar.objects.filter(strategy__is_current=True)}
    organisations = {o.slug: o for o in Organisation.objects.all()}
    for spec in EVENTS:
        fields = _fields(spec, wards, pillars, organisations)
        existing = Event.objects.filter(slug=spec["slug"]).first()
        if existing is None:
            actions.publish_event(actor=None, actor_label="demo", slug=spec["slug"], **fields)
        else:  # a demo run again later: the same events, on the new dates
            for name, value in fields.items():
                setattr(existing, name, value)
            existing.cancelled_at = None
            existing.is_public = True
            existing.save()
    full = Event.objects.get(slug="faith-walk-manningham")
    for username in ATTENDEES:
        actions.register(actor=_attendee(username), event=full)
    resident = User.objects.filter(username="resident").first()
    if resident is not None:
        actions.register(actor=resident, event=full)  # the wait list
        actions.register(actor=resident, event=Event.objects.get(slug="bradford-mela-family-day"))
    say(
        f"involved: {len(EVENTS)} events across {len({e.get('ward') for e in EVENTS} - {None})} wards"
    )
    return []
