# ruff: noqa: E501  (demo content: long sentences read better unbroken)
"""Demo Open Book: four volunteers' talks (given in English, some also in Urdu, Polish or
Punjabi), one offer waiting for approval, and three requests: one to match, one matched to a
school and waiting on the group's confirmation and the safeguarding checklist, one delivered
with feedback.

Running it again finds the same rows (by volunteer and title, by group name) and moves the
matched talk's date forward, instead of adding more. It needs wards; without them it says so
and skips.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from commonground.core.models import Area, User
from commonground.core.roles import Role

from . import actions
from .models import Check, OfferStatus, RequestStatus, TalkOffer, TalkRequest

VOLUNTEERS = [
    ("demo-openbook-1", "Amina", "ur"),
    ("demo-openbook-2", "Marek", "pl"),
    ("demo-openbook-3", "Harpreet", "en"),
    ("demo-openbook-4", "Grace", "en"),
]

TALKS: list[dict] = [
    {
        "volunteer": "demo-openbook-1",
        "speaker_name": "Amina",
        "title": "Growing up between Mirpur and Manningham",
        "bio": "I came to Bradford aged seven, grew up above my father's shop and now work as a teaching assistant. I love cricket, cooking and my allotment.",
        "description": "What it was like arriving in Bradford, keeping two languages at home, Eid and Christmas at school, and what my faith means to me day to day. Bring your questions: nothing is off limits.",
        "topics": ["life", "faith", "language"],
        "languages": ["en", "ur"],
        "format": "both",
        "wards": ["Manningham", "City", "Toller", "Heaton"],
        "days": ["tue", "wed", "thu"],
        "availability": "School hours or early evenings",
        "approved": True,
    },
    {
        "volunteer": "demo-openbook-2",
        "speaker_name": "Marek",
        "title": "From Kraków to Keighley: a Polish family in Yorkshire",
        "bio": "Engineer, dad of two and Sunday-school helper at the Polish church. I moved here in 2006 for a job and stayed for the people.",
        "description": "Why so many Poles came after 2004, what surprised us about British life, Wigilia and Easter traditions, and how Brexit felt. I can give the talk in English or Polish.",
        "topics": ["life", "work", "culture"],
        "languages": ["en", "pl"],
        "format": "in_person",
        "wards": ["Keighley Central", "Keighley East", "Bingley"],
        "days": ["sat"],
        "availability": "Weekday evenings after 18:00, Saturdays",
        "approved": True,
    },
    {
        "volunteer": "demo-openbook-3",
        "speaker_name": "Harpreet",
        "title": "What happens in a gurdwara (and why everyone is fed)",
        "bio": "Retired nurse and volunteer at the langar kitchen. Born in Bradford to parents from the Punjab.",
        "description": "The Sikh faith in ten minutes, the five Ks, and the langar: the free kitchen where everyone eats together. Groups are welcome to visit the gurdwara afterwards.",
        "topics": ["faith", "food"],
        "languages": ["en", "pa"],
        "format": "in_person",
        "wards": ["Great Horton", "City", "Little Horton"],
        "days": ["mon", "wed", "fri"],
        "availability": "Daytime, any weekday",
        "approved": True,
    },
    {
        "volunteer": "demo-openbook-4",
        "speaker_name": "Grace",
        "title": "Sunday best: faith and food in a Nigerian church",
        "bio": "Pharmacist and choir member. I came from Lagos to study and have lived in Bradford for fifteen years.",
        "description": "Worship, music and jollof rice: what a Pentecostal Sunday looks like, and what faith means to a young African community in the city.",
        "topics": ["faith", "culture", "food"],
        "languages": ["en"],
        "format": "online",
        "wards": [],
        "days": [],
        "availability": "Lunchtimes online",
        "approved": True,
    },
    {
        "volunteer": "demo-openbook-4",
        "speaker_name": "Grace",
        "title": "Studying abroad: arriving in Bradford as a student",
        "bio": "Pharmacist and choir member. I came from Lagos to study and have lived in Bradford for fifteen years.",
        "description": "Visas, the first winter, finding friends and a church, and what universities could do better for international students.",
        "topics": ["life", "work"],
        "languages": ["en"],
        "format": "online",
        "wards": [],
        "days": [],
        "availability": "Lunchtimes online",
        "approved": False,
    },
]


def _when(days: int, hour: int) -> datetime:
    return timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=days), time(hour))
    )


def _person(username: str, name: str, language: str, role: Role = Role.RESIDENT) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": name,
            "preferred_language": language,
            "email": f"{username}@example.org",
        },
    )
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


def _adults_ask(employer: User, organisation_name: str, **fields) -> TalkRequest:
    """A group of adults asks, in person, for a talk, with the employer's address as contact."""
    return actions.request_talk(
        actor=employer,
        organisation_name=organisation_name,
        contact_email=employer.email,
        age_group="adults",
        format="in_person",
        **fields,
    )


def load_demo(say: Callable[[str], None]) -> list[tuple[str, str, str]]:
    """Offer (and approve) the talks, then make or refresh the three requests."""
    wards = {a.name: a for a in Area.objects.wards().only("pk", "name", "code")}
    if not wards:
        say("openbook: skipped (no wards loaded)")
        return []
    fallback = sorted(wards.values(), key=lambda a: a.name)
    coordinator = User.objects.filter(username="officer").first() or _person(
        "demo-openbook-coordinator", "Coordinator", "en", Role.OFFICER
    )
    people = {u: _person(u, n, lang) for u, n, lang in VOLUNTEERS}
    talks = {}
    for spec in TALKS:
        volunteer = people[spec["volunteer"]]
        offer = TalkOffer.objects.filter(volunteer=volunteer, title=spec["title"]).first()
        if offer is None:
            chosen = [wards[n] for n in spec["wards"] if n in wards]
            if spec["format"] != "online" and not chosen:
                chosen = fallback[:3]
            fields = {k: v for k, v in spec.items() if k in actions.OFFER_FIELDS}
            offer = actions.offer_talk(actor=volunteer, wards=chosen, **fields)
        if spec["approved"] and offer.status == OfferStatus.PENDING:
            offer = actions.approve_offer(actor=coordinator, offer=offer)
        talks[spec["title"][:20]] = offer
    ward = wards.get("City", fallback[0])
    school_ward = wards.get("Manningham", fallback[0])
    keighley = wards.get("Keighley Central", fallback[-1])
    requester = User.objects.filter(username="resident").first() or _person(
        "demo-openbook-requester", "Sam", "en"
    )
    employer = _person("demo-openbook-employer", "Jo", "en")

    # 1. waiting to be matched
    if not TalkRequest.objects.filter(
        organisation_name="Bradford Royal Infirmary estates team"
    ).exists():
        _adults_ask(
            employer,
            "Bradford Royal Infirmary estates team",
            audience_kind="employer",
            audience_size=25,
            ward=ward,
            preferred_dates="A Wednesday lunchtime in the next two months",
            wants_to_learn="Our team is very mixed. We would like to understand Ramadan better, and how to be good colleagues during it.",
            accessibility="Ground floor seminar room with a hearing loop.",
        )

    # 2. a school: matched, the volunteer accepted; the group and the checklist still to do
    school = TalkRequest.objects.filter(
        organisation_name="Green Lane Primary School, Year 5"
    ).first()
    if school is None:
        school = actions.request_talk(
            actor=requester,
            organisation_name="Green Lane Primary School, Year 5",
            contact_email=requester.email or "school@example.org",
            audience_kind="school",
            audience_size=30,
            age_group="children",
            ward=school_ward,
            format="in_person",
            preferred_dates="Any Tuesday or Thursday afternoon this term",
            wants_to_learn="Our RE topic is 'Belonging'. The children would love to hear what it is like to grow up with two languages and two homes.",
            accessibility="",
            talk=talks["Growing up between M"],
        )
        school = actions.match(
            actor=coordinator,
            request=school,
            talk=talks["Growing up between M"],
            talk_at=_when(14, 14),
        )
        actions.respond(actor=people["demo-openbook-1"], request=school, accept=True)
        actions.save_safeguarding(
            actor=coordinator,
            request=school,
            notes="Class teacher stays in the room. Amina's DBS (enhanced) checked.",
            checklist=[Check.SECOND_ADULT, Check.DBS],
        )
    elif school.status == RequestStatus.MATCHED:
        TalkRequest.objects.filter(pk=school.pk).update(talk_at=_when(14, 14))

    # 3. delivered last month, with feedback from both sides
    if not TalkRequest.objects.filter(organisation_name="Keighley Rotary Club").exists():
        club = _adults_ask(
            employer,
            "Keighley Rotary Club",
            audience_kind="community",
            audience_size=40,
            ward=keighley,
            preferred_dates="A Monday evening",
            wants_to_learn="Why people from Poland settled in Keighley, and how we can welcome new neighbours.",
            accessibility="Step-free hall.",
        )
        marek = talks["From Kraków to Keigh"]
        club = actions.match(actor=coordinator, request=club, talk=marek, talk_at=_when(1, 19))
        actions.respond(actor=people["demo-openbook-2"], request=club, accept=True)
        actions.confirm_date(actor=employer, request=club)
        TalkRequest.objects.filter(pk=club.pk).update(talk_at=_when(-30, 19))
        club.refresh_from_db()
        actions.record_delivery(actor=people["demo-openbook-2"], request=club, audience=35)
        actions.give_feedback(
            actor=employer,
            request=club,
            rating=5,
            comment="Warm, funny and honest. Members are still talking about it.",
        )
        actions.give_feedback(
            actor=people["demo-openbook-2"],
            request=club,
            rating=4,
            comment="Friendly group; one difficult question about jobs handled well by the chair.",
        )
    say(
        f"openbook: {TalkOffer.objects.filter(status=OfferStatus.APPROVED).count()} talks public, "
        f"{TalkRequest.objects.count()} requests"
    )
    return []
