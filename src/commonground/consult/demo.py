"""Demo data for conversations: one consultation on the loaded strategy, heard every way.

Its options are the strategy's own priorities (so the demo fits whichever strategy is
loaded), with Urdu and Polish labels where we have them. Board tables, focus groups, an
interview, a vox pop and an open commission are entered through the actions like an
officer would; C1's demo survey adds online responses when present; the platform proposes
themes, an officer's decisions are simulated, and every analysis is computed once so the
pages and the report have something to show. Notes are fictional but written the way
facilitators write them.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from commonground.consult import actions, analysis
from commonground.consult.actions import OptionSpec
from commonground.consult.demo_survey import load_demo_survey
from commonground.consult.models import (
    AnalysisKind,
    Coding,
    CodingStatus,
    Consultation,
    ConsultationStatus,
    Method,
    ProposalDecision,
    ThemeProposal,
)
from commonground.core.models import Area, CommunityOfInterest, Strategy, User
from commonground.core.roles import Role

SLUG = "belonging-conversation"
FOLLOW_UP_SLUG = "feeling-safe-conversation"
SEED = 20250301
TRANSLATIONS = {
    "Employment": {"ur": "روزگار", "pl": "Zatrudnienie"},
    "Education": {"ur": "تعلیم", "pl": "Edukacja"},
    "English language": {"ur": "انگریزی زبان", "pl": "Język angielski"},
    "Social mixing": {"ur": "میل جول", "pl": "Integracja"},
    "Perceptions of the other": {"ur": "دوسروں کے بارے میں سوچ", "pl": "Postrzeganie innych"},
}

BOARD_NOTES = [
    "More apprenticeships for young people who leave school without GCSEs",
    "Free English classes in the evening so working mums can go",
    "The park is not safe after dark, the lights have been broken for months",
    "Twin our school with one across town so the kids actually meet",
    "Jobs fairs that are not just online, a lot of older people do not use computers",
    "A community café where everyone is welcome and it is cheap",
    "Bus to the hospital takes over an hour from here",
    "Youth club closed two years ago and there is nothing for teenagers now",
    "More women-only swimming sessions",
    "Help with CVs in Polish and Urdu at the library",
    "Street parties in summer so neighbours get to know each other",
    "Police should walk around more, not just drive past",
]
FOCUS_NOTES = [
    "Childcare came up first: classes are in the day when children are at home",
    "Several said they want English for the doctor and school meetings, not exams",
    "Women want to work but jobs near home are few and shifts do not fit school hours",
    "Some felt judged in the town centre because of the hijab; they stay in their area",
    "They liked the idea of a women's walking group that visits other parts of the city",
]
YOUTH_NOTES = [
    "Young people said they only mix with other groups at college, not where they live",
    "Sport is the easiest way to meet people from other backgrounds",
    "They do not trust the council to listen; asked what happened after the last survey",
    "Apprenticeships with local employers were the top ask",
]


def _officer() -> User | None:
    return User.objects.filter(groups__name=Role.OFFICER.value, is_active=True).first()


def load_demo(out: Callable[[str], None]) -> list:
    """Create the demo consultation with evidence from every method, and analyse it once."""
    if Consultation.objects.filter(slug=SLUG).exists():
        out(f"consult: demo consultation {SLUG} already there, skipped")
        return []
    officer = _officer()
    strategy = Strategy.objects.filter(is_current=True).first()
    wards = list(Area.objects.wards().order_by("name"))
    if officer is None or strategy is None or not wards:
        out("consult: demo skipped (needs an officer account, a current strategy and wards)")
        return []
    rng = random.Random(SEED)
    consultation = _consultation(officer, strategy, wards, rng)
    activities = _offline(officer, consultation, wards, rng)
    survey = _survey(consultation, out, officer)
    themes = _themes(officer, consultation)
    for kind in (AnalysisKind.PRIORITIES, AnalysisKind.REACH, AnalysisKind.THEMES):
        analysis.run_now(consultation, kind, actor=officer)
    named = [t for t in themes if t.is_named]
    if named:
        actions.record_you_said_we_did(
            actor=officer,
            theme=named[0],
            you_said="Many of you told us this mattered more than anything else.",
            we_did="The partnership has funded six new projects on it through the Innovation "
            "Fund, starting this autumn.",
        )
    actions.set_status(actor=officer, consultation=consultation, status=ConsultationStatus.CLOSED)
    actions.publish_report(actor=officer, consultation=consultation)
    out(
        f"consult: '{consultation.title}' with {activities} offline sessions, "
        f"{consultation.comments.count()} comments, {len(themes)} themes"
        + (", and the demo survey" if survey else "")
    )
    # A second conversation still open, so a visitor to the demo can answer its survey.
    today = timezone.localdate()
    follow_up = _consultation(
        officer,
        strategy,
        wards,
        rng,
        slug=FOLLOW_UP_SLUG,
        title=f"Feeling safe and welcome in {strategy.place_name}: what should change?",
        purpose=(
            "Our first conversation put safety and welcome near the top. Tell us what would "
            "make you feel safer and more welcome where you live, work and go out."
        ),
        days=(-14, 30),
    )
    if _survey(follow_up, out, officer):
        for kind in (AnalysisKind.PRIORITIES, AnalysisKind.REACH):
            analysis.run_now(follow_up, kind, actor=officer)
    out(f"consult: '{follow_up.title}' open until {today + timedelta(days=30):%d %B %Y}")
    return []


def _consultation(
    officer: User,
    strategy: Strategy,
    wards: list[Area],
    rng: random.Random,
    *,
    slug: str = SLUG,
    title: str = "",
    purpose: str = "",
    days: tuple[int, int] = (-60, -1),
):
    """An open consultation on the strategy's priorities, open from and to `days` from today."""
    priorities = [p for pillar in strategy.pillars.all() for p in pillar.priorities.all()]
    names = [p.name for p in priorities]
    # the strategy file's own translations of its priority names, where it gives them
    translated = {
        p.name: {lang: texts["name"] for lang, texts in p.translations.items() if "name" in texts}
        for p in priorities
    }
    if "English language" not in names:
        names.insert(1, "English language")
    options = [
        OptionSpec(name, TRANSLATIONS.get(name) or translated.get(name, {})) for name in names[:8]
    ]
    today = timezone.localdate()
    consultation = actions.create_consultation(
        actor=officer,
        title=title or f"What would make {strategy.place_name} a better place to belong?",
        slug=slug,
        purpose=purpose
        or (
            "Before we write the next strategy we want to hear what matters most to the people "
            "who live and work here: what helps you get on, get along and feel safe, and what "
            "gets in the way."
        ),
        method_notes=(
            "We ran an online survey in English, Urdu and Polish, board tables at libraries, "
            "markets and festivals, focus groups with women, young people and new arrivals, "
            "one-to-one interviews and an open call for stories, poems and pictures."
        ),
        opens_at=timezone.make_aware(datetime.combine(today + timedelta(days=days[0]), time.min)),
        closes_at=timezone.make_aware(datetime.combine(today + timedelta(days=days[1]), time.max)),
        languages=["en", "ur", "pl"],
        options=options,
        pillars=list(strategy.pillars.all()),
        areas=rng.sample(wards, min(8, len(wards))),
        communities=list(CommunityOfInterest.objects.all()[:4]),
    )
    return actions.set_status(
        actor=officer, consultation=consultation, status=ConsultationStatus.OPEN
    )


def _offline(officer: User, consultation: Consultation, wards: list[Area], rng) -> int:
    options = list(consultation.options.all())
    start = consultation.opens_at.date()
    communities = {c.slug: c for c in CommunityOfInterest.objects.all()}
    targeted = list(consultation.areas.all()) or wards
    count = 0
    for n, venue in enumerate(
        ["Central Library", "Saturday market", "Mela, Lister Park", "Community centre open day"]
    ):
        ward = targeted[n % len(targeted)]
        people = rng.randint(12, 40)
        weights = [rng.random() ** 2 for _ in options]
        dots = {o.pk: int(w * people * 1.5) for o, w in zip(options, weights, strict=True)}
        actions.record_activity(
            actor=officer,
            consultation=consultation,
            method=Method.BOARD_TABLE,
            title=f"Board table at {venue}",
            held_on=start + timedelta(days=3 + 7 * n),
            venue=venue,
            ward=ward,
            language="en",
            participants=people,
            consent_how="verbal",
            consent_text="People were told notes may be quoted without names.",
            tallies=dots,
            comments=rng.sample(BOARD_NOTES, 6),
            who_took_part={
                "sex": {"female": people // 2, "male": people - people // 2},
                "age_band": {"16_24": people // 4, "25_34": people // 4, "35_49": people // 4},
            },
        )
        count += 1
    for title, community, notes, language, ward in [
        ("Women's focus group", "women", FOCUS_NOTES, "ur", targeted[0]),
        ("Young people's focus group", "young-people", YOUTH_NOTES, "en", targeted[-1]),
    ]:
        actions.record_activity(
            actor=officer,
            consultation=consultation,
            method=Method.FOCUS_GROUP,
            title=title,
            held_on=start + timedelta(days=20 + count),
            venue="Community centre",
            ward=ward,
            community=communities.get(community),
            language=language,
            participants=rng.randint(7, 12),
            consent_how="written",
            consent_text="Consent forms signed; quotes may be used without names.",
            notes="Facilitated by two community researchers; notes typed up the same evening.",
            comments=notes,
        )
        count += 1
    actions.record_activity(
        actor=officer,
        consultation=consultation,
        method=Method.INTERVIEW,
        title="Interview with a faith leader",
        held_on=start + timedelta(days=30),
        ward=targeted[0],
        language="en",
        participants=1,
        consent_how="written",
        transcript="Q: What brings people together here?\nA: Food, always food, and the kids' "
        "football on Sundays.",
        comments=["The mosque and the church run the food bank together; that is where people "
        "meet who would never otherwise speak."],
    )  # fmt: skip
    actions.record_activity(
        actor=officer,
        consultation=consultation,
        method=Method.COMMISSION,
        title="Poem: Our town is many towns",
        held_on=start + timedelta(days=35),
        language="en",
        participants=1,
        consent_how="submission",
        comments=["Our town is many towns, stitched by buses and by schools; I want my daughter "
        "to ride them all."],
    )  # fmt: skip
    _vox_pop(officer, consultation, targeted, start, rng)
    return count + 3


def _vox_pop(officer: User, consultation: Consultation, wards, start: date, rng) -> None:
    """Short answers on the street: synthetic comments with known themes, for the analysis."""
    from commonground.textanalysis.synthetic import generate_comments

    comments = [c.text for c in generate_comments(240, seed=SEED)]
    for n in range(4):
        actions.record_activity(
            actor=officer,
            consultation=consultation,
            method=Method.VOX_POP,
            title=f"Vox pop, {wards[n % len(wards)].name}",
            held_on=start + timedelta(days=10 + n * 9),
            ward=wards[n % len(wards)],
            language="en",
            participants=60,
            consent_how="verbal",
            comments=comments[n * 60 : (n + 1) * 60],
        )


def _known_subjects(consultation: Consultation) -> dict[int, str]:
    """Comment id → the subject a generated vox pop comment was written about."""
    from commonground.textanalysis.synthetic import THEMES, generate_comments

    labels = {t.topic_id: t.topic_label for t in THEMES}
    subject = {c.text: labels[c.themes[0]] for c in generate_comments(240, seed=SEED) if c.themes}
    return {
        pk: subject[text]
        for pk, text in consultation.comments.filter(method=Method.VOX_POP).values_list(
            "pk", "text"
        )
        if text in subject
    }


def _survey(consultation: Consultation, out, officer: User):
    return load_demo_survey(consultation, out, officer)


def _themes(officer: User, consultation: Consultation) -> list:
    """Propose themes, accept the larger ones as an officer would, and settle suggestions.

    The officer names a theme when a third or more of its comments are generated vox pops on
    one known subject (the name an officer would give it); the others stay "not yet named",
    as an officer's unfinished work would, and so stay out of the public report."""
    run = analysis.run_now(consultation, AnalysisKind.PROPOSE, actor=officer)
    names = _known_subjects(consultation)
    themes = []
    for proposal in ThemeProposal.objects.filter(
        run=run, decision=ProposalDecision.PENDING
    ).order_by("pk"):
        if len(proposal.member_ids) >= 8 and len(themes) < 8:
            subjects = Counter(names[pk] for pk in proposal.member_ids if pk in names)
            top = subjects.most_common(1)
            taken = {t.label for t in themes}
            # A subject that a third of the comments share is what an officer would call it.
            label = top[0][0] if top and top[0][1] * 3 >= len(proposal.member_ids) else ""
            themes.append(
                actions.decide_proposal(
                    actor=officer,
                    proposal=proposal,
                    accept=True,
                    label=label if label not in taken else "",
                )
            )
        else:
            actions.decide_proposal(actor=officer, proposal=proposal, accept=False)
    suggested = Coding.objects.filter(
        comment__consultation=consultation, status=CodingStatus.SUGGESTED
    )
    if suggested.exists():
        actions.decide_suggestions(actor=officer, codings=list(suggested), accept=True)
    if themes:
        analysis.run_now(consultation, AnalysisKind.SUGGEST, actor=officer)
    return themes
