# ruff: noqa: E501  (demo content: long sentences read better unbroken)
"""Demo challenges in English, Urdu and Polish: eight challenges, three venues with QR codes,
two teams and a few check-ins over the last weeks, so the tables, streaks and the figures for
Measures have something to show. Venues are real public places, the people fictional.
Idempotent: fixed slugs, venue codes, team codes and check-in UUIDs.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from commonground.core.models import Area, Organisation, User
from commonground.core.roles import Role

from . import actions
from .models import Challenge, CheckIn, Team, Venue

VENUES = [
    {
        "code": "MOSQUEBD",
        "name": "Bradford Grand Mosque",
        "address": "Marlborough Road, Bradford",
        "postcode": "BD8 7LU",
        "ward": "Manningham",
    },
    {
        "code": "CATHEDRL",
        "name": "Bradford Cathedral",
        "address": "1 Stott Hill, Bradford",
        "postcode": "BD1 4EH",
        "ward": "City",
    },
    {
        "code": "KEIGHLIB",
        "name": "Keighley Library",
        "address": "North Street, Keighley",
        "postcode": "BD21 3SX",
        "ward": "Keighley Central",
    },
]

CHALLENGES = [
    {
        "slug": "visit-a-mosque",
        "kind": "place_of_worship",
        "points": 20,
        "check_in": "code",
        "venues": ["MOSQUEBD"],
        "title_en": "Visit a mosque you have never been to",
        "title_ur": "ایسی مسجد جائیں جہاں آپ پہلے کبھی نہیں گئے",
        "title_pl": "Odwiedź meczet, w którym jeszcze nie byłeś",
        "description_en": "The Grand Mosque welcomes visitors after midday prayers on Saturdays. Ask the volunteers at the door for a tour and a cup of tea.",
        "description_ur": "گرینڈ مسجد ہفتے کے دن ظہر کی نماز کے بعد مہمانوں کو خوش آمدید کہتی ہے۔ دروازے پر رضاکاروں سے دورے اور چائے کے لیے پوچھیں۔",
        "description_pl": "Wielki Meczet zaprasza gości w soboty po południowej modlitwie. Poproś wolontariuszy przy wejściu o oprowadzenie i filiżankę herbaty.",
    },
    {
        "slug": "visit-the-cathedral",
        "kind": "place_of_worship",
        "points": 20,
        "check_in": "code",
        "venues": ["CATHEDRL"],
        "title_en": "Visit Bradford Cathedral",
        "title_ur": "بریڈفورڈ کیتھیڈرل دیکھنے جائیں",
        "title_pl": "Odwiedź katedrę w Bradford",
        "description_en": "Open every day. Scan the code on the poster by the welcome desk.",
        "description_ur": "ہر روز کھلا ہے۔ استقبالیہ میز کے پاس پوسٹر پر کوڈ اسکین کریں۔",
        "description_pl": "Otwarta codziennie. Zeskanuj kod z plakatu przy stanowisku powitalnym.",
    },
    {
        "slug": "conversation-cafe-keighley",
        "kind": "event_new_ward",
        "points": 15,
        "check_in": "code",
        "venues": ["KEIGHLIB"],
        "title_en": "Go to a conversation café in Keighley",
        "title_ur": "کیتھلی میں گفتگو کیفے میں جائیں",
        "title_pl": "Przyjdź do kawiarenki językowej w Keighley",
        "description_en": "If you live outside Keighley, come to the Tuesday café at the library and talk with people learning English.",
        "description_ur": "اگر آپ کیتھلی سے باہر رہتے ہیں تو منگل کو لائبریری کے کیفے میں آئیں اور انگریزی سیکھنے والوں سے بات کریں۔",
        "description_pl": "Jeśli mieszkasz poza Keighley, przyjdź we wtorek do kawiarenki w bibliotece i porozmawiaj z osobami uczącymi się angielskiego.",
    },
    {
        "slug": "share-a-meal",
        "kind": "share_meal",
        "points": 25,
        "check_in": "reflection",
        "title_en": "Share a meal with a neighbour from another background",
        "title_ur": "کسی دوسرے پس منظر کے پڑوسی کے ساتھ کھانا کھائیں",
        "title_pl": "Zjedz posiłek z sąsiadem z innego środowiska",
        "description_en": "Invite a neighbour you don't know well, or accept an invitation. Tell us in a few sentences how it went.",
        "description_ur": "کسی ایسے پڑوسی کو مدعو کریں جسے آپ اچھی طرح نہیں جانتے، یا دعوت قبول کریں۔ چند جملوں میں بتائیں کہ کیسا رہا۔",
        "description_pl": "Zaproś sąsiada, którego słabo znasz, albo przyjmij zaproszenie. Napisz w kilku zdaniach, jak było.",
    },
    {
        "slug": "volunteer-with-a-new-group",
        "kind": "volunteer",
        "points": 30,
        "check_in": "reflection",
        "title_en": "Volunteer with a group you don't know",
        "title_ur": "کسی ایسے گروپ کے ساتھ رضاکارانہ کام کریں جسے آپ نہیں جانتے",
        "title_pl": "Zostań wolontariuszem w grupie, której nie znasz",
        "description_en": "Find an opportunity with People Can and give a few hours to a group outside your own community.",
        "description_ur": "پیپل کین کے ذریعے موقع تلاش کریں اور اپنی برادری سے باہر کسی گروپ کو چند گھنٹے دیں۔",
        "description_pl": "Znajdź okazję w People Can i poświęć kilka godzin grupie spoza twojej społeczności.",
    },
    {
        "slug": "langar-at-a-gurdwara",
        "kind": "share_meal",
        "points": 20,
        "check_in": "reflection",
        "title_en": "Eat langar at a gurdwara",
        "title_ur": "گوردوارے میں لنگر کھائیں",
        "title_pl": "Zjedz langar w gurdwarze",
        "description_en": "Every gurdwara serves a free vegetarian meal to anyone. Cover your head, take off your shoes, sit with whoever is there.",
        "description_ur": "ہر گوردوارہ ہر کسی کو مفت سبزی والا کھانا پیش کرتا ہے۔ سر ڈھانپیں، جوتے اتاریں اور جو بھی وہاں ہو اس کے ساتھ بیٹھیں۔",
        "description_pl": "Każda gurdwara podaje każdemu darmowy wegetariański posiłek. Zakryj głowę, zdejmij buty i usiądź z kimkolwiek, kto tam jest.",
    },
    {
        "slug": "festival-in-a-new-ward",
        "kind": "event_new_ward",
        "points": 15,
        "check_in": "event",
        "event_kinds": ["festival"],
        "new_ward_only": True,
        "title_en": "Go to a festival in a ward you have never visited",
        "title_ur": "کسی ایسے وارڈ میں میلے میں جائیں جہاں آپ کبھی نہیں گئے",
        "title_pl": "Idź na festyn w dzielnicy, w której nigdy nie byłeś",
        "description_en": "The events calendar lists festivals across the District. Pick one far from home.",
        "description_ur": "تقریبات کے کیلنڈر میں پورے ڈسٹرکٹ کے میلے درج ہیں۔ گھر سے دور کوئی ایک چنیں۔",
        "description_pl": "W kalendarzu wydarzeń są festyny w całym dystrykcie. Wybierz jeden daleko od domu.",
    },
    {
        "slug": "go-on-a-faith-walk",
        "kind": "event_new_ward",
        "points": 20,
        "check_in": "event",
        "event_kinds": ["faith_walk", "places_of_worship"],
        "title_en": "Go on a faith walk or a places of worship tour",
        "title_ur": "کسی عقیدے کی سیر یا عبادت گاہوں کے دورے پر جائیں",
        "title_pl": "Weź udział w spacerze po miejscach kultu",
        "description_en": "Book a faith walk in the events calendar. It counts when the organisers check you in at the door, or when you scan the event's QR code.",
        "description_ur": "تقریبات کے کیلنڈر میں عقیدے کی سیر بُک کریں۔ جب منتظمین دروازے پر آپ کو چیک اِن کریں، یا آپ تقریب کا QR کوڈ اسکین کریں، تو یہ شمار ہوتا ہے۔",
        "description_pl": "Zarezerwuj spacer w kalendarzu wydarzeń. Liczy się, gdy organizatorzy odnotują cię przy wejściu albo gdy zeskanujesz kod QR wydarzenia.",
    },
    {
        "slug": "learn-a-greeting",
        "kind": "other",
        "points": 10,
        "check_in": "reflection",
        "title_en": "Learn a greeting in a neighbour's language and use it",
        "title_ur": "پڑوسی کی زبان میں سلام سیکھیں اور استعمال کریں",
        "title_pl": "Naucz się powitania w języku sąsiada i użyj go",
        "description_en": "Ask a neighbour or colleague how to say hello in their language, then greet them with it next time.",
        "description_ur": "کسی پڑوسی یا ساتھی سے پوچھیں کہ ان کی زبان میں ہیلو کیسے کہتے ہیں، پھر اگلی بار اسی سے سلام کریں۔",
        "description_pl": "Zapytaj sąsiada lub kolegę, jak powiedzieć „cześć” w jego języku, i przywitaj się tak następnym razem.",
    },
]

TEAMS = [
    {"code": "YEAR8B", "name": "Year 8B, Belle Vue Girls' Academy", "kind": "school"},
    {"code": "CITYHL", "name": "City Hall lunch club", "kind": "workplace"},
]

# (username, team code or None, display name or "", [(challenge slug, weeks ago, met, new)])
PLAYERS = [
    (
        "demo-challenger-1",
        "YEAR8B",
        "Amina",
        [
            ("visit-the-cathedral", 3, True, True),
            ("share-a-meal", 2, True, False),
            ("learn-a-greeting", 1, True, False),
        ],
    ),
    (
        "demo-challenger-2",
        "YEAR8B",
        "",
        [("visit-a-mosque", 2, True, True), ("conversation-cafe-keighley", 0, None, None)],
    ),
    (
        "demo-challenger-3",
        "CITYHL",
        "Kasia",
        [("visit-a-mosque", 1, True, True), ("langar-at-a-gurdwara", 0, True, True)],
    ),
    ("demo-challenger-4", None, "", [("volunteer-with-a-new-group", 4, False, True)]),
]

HOMES = ["Tong", "Bingley", "Heaton", "Keighley West"]
"""The demo residents' own wards, where their reflections count."""

REFLECTION = "We sat together for an hour and talked about our families and where we grew up. I will go again."


def _player(username: str, home_area: Area | None) -> User:
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.home_area = home_area
        user.save()
        user.groups.add(Group.objects.get_or_create(name=Role.RESIDENT.value)[0])
    return user


def load_demo(say: Callable[[str], None]) -> list[tuple[str, str, str]]:
    wards = {a.name: a for a in Area.objects.wards()}
    council = Organisation.objects.filter(slug__icontains="bradford-metropolitan").first()
    venues = {}
    for spec in VENUES:
        fields = {k: v for k, v in spec.items() if k != "code"} | {"ward": wards.get(spec["ward"])}
        venue = Venue.objects.filter(code=spec["code"]).first()
        venues[spec["code"]] = actions.save_venue(
            actor=None, actor_label="demo", venue=venue, code=spec["code"], **fields
        )
    for spec in CHALLENGES:
        fields = {k: v for k, v in spec.items() if k not in ("slug", "venues")}
        actions.save_challenge(
            actor=None,
            actor_label="demo",
            challenge=Challenge.objects.filter(slug=spec["slug"]).first(),
            slug=spec["slug"],
            venues=[venues[c] for c in spec.get("venues", [])],
            organisation=council,
            **fields,
        )
    teams = {}
    for spec in TEAMS:
        teams[spec["code"]], _created = Team.objects.get_or_create(
            code=spec["code"], defaults={"name": spec["name"], "kind": spec["kind"]}
        )
    now = timezone.now()
    made = 0
    for (username, team_code, name, done), home in zip(PLAYERS, HOMES, strict=True):
        user = _player(username, wards.get(home))
        player = actions.player_for(user)
        player.team = teams.get(team_code) if team_code else None
        player.display_name, player.show_name = name, bool(name)
        player.save()
        for slug, weeks_ago, met, new in done:
            client_id = uuid.uuid5(uuid.NAMESPACE_URL, f"commonground-demo/{username}/{slug}")
            if CheckIn.objects.filter(client_id=client_id).exists():
                continue
            challenge = Challenge.objects.get(slug=slug)
            venue = challenge.venues.first()
            check_in, _created = actions.check_in(
                actor=user,
                challenge=challenge,
                client_id=client_id,
                code=venue.code if venue else "",
                reflection="" if venue else REFLECTION,
                done_at=now - timedelta(weeks=weeks_ago, hours=2),
            )
            if met is not None or new is not None:
                actions.answer_follow_up(
                    actor=user, check_in=check_in, met_someone_different=met, new_place=new
                )
            made += 1
    say(
        f"challenges: {len(CHALLENGES)} challenges, {len(VENUES)} venues, {len(TEAMS)} teams, "
        f"{made} new check-ins"
    )
    return []
