"""A realistic demo survey for a consultation, in English, Urdu and Polish, with ~150
answers: rankings over the consultation's priority options, belonging on agreement scales,
ideas in the three languages, and "about you" answers in the census categories.

Called by the consult app's demo (`demo.py`); everything goes through the actions,
so the demo data is shaped exactly like real data (comments masked, audit events written).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import timedelta

from django.utils import timezone

from commonground.consult import actions
from commonground.consult.forms_survey import about_you
from commonground.consult.models import (
    Consultation,
    Method,
    PriorityOption,
    Question,
    QuestionKind,
    Survey,
)
from commonground.consult.rules import allowed
from commonground.core.models import User

RESPONSES = 150
SEED = 2025

SURVEY = {
    "title": "Belonging and getting on: your views",
    "title_translations": {
        "ur": "اپنائیت اور میل جول: آپ کی رائے",
        "pl": "Przynależność i dobre relacje: Twoje zdanie",
    },
    "intro": (
        "This survey takes about ten minutes. Tell us what matters most to you, how you feel "
        "about where you live, and your ideas for bringing people together."
    ),
    "intro_translations": {
        "ur": (
            "اس سروے میں تقریباً دس منٹ لگتے ہیں۔ ہمیں بتائیں کہ آپ کے لیے سب سے زیادہ کیا اہم "
            "ہے، آپ اپنے علاقے کے بارے میں کیسا محسوس کرتے ہیں، اور لوگوں کو قریب لانے کے لیے "
            "آپ کے کیا خیالات ہیں۔"
        ),
        "pl": (
            "Ankieta zajmie około dziesięciu minut. Powiedz nam, co jest dla Ciebie "
            "najważniejsze, jak czujesz się w swojej okolicy i jakie masz pomysły na zbliżenie "
            "ludzi do siebie."
        ),
    },
    "consent_text": (
        "Your answers are anonymous: we do not ask for your name or contact details. We use "
        "them to decide the priorities of the stronger communities programme, and we publish "
        "only summaries and anonymous quotes with any personal details removed.\n"
        'The "about you" questions are optional; they help us check we have heard from '
        "everyone. We keep the answers until the programme ends."
    ),
    "consent_translations": {
        "ur": (
            "آپ کے جوابات گمنام ہیں: ہم آپ کا نام یا رابطے کی تفصیلات نہیں پوچھتے۔ ہم انہیں "
            "مضبوط کمیونٹیز پروگرام کی ترجیحات طے کرنے کے لیے استعمال کرتے ہیں، اور صرف خلاصے "
            "اور گمنام اقتباسات شائع کرتے ہیں جن سے ذاتی تفصیلات ہٹا دی جاتی ہیں۔\n"
            '"آپ کے بارے میں" والے سوالات اختیاری ہیں؛ ان سے ہمیں یہ جانچنے میں مدد ملتی ہے کہ '
            "ہم نے سب کی بات سنی ہے۔ ہم جوابات پروگرام کے اختتام تک رکھتے ہیں۔"
        ),
        "pl": (
            "Twoje odpowiedzi są anonimowe: nie pytamy o imię, nazwisko ani dane kontaktowe. "
            "Wykorzystamy je do ustalenia priorytetów programu silniejszych społeczności i "
            "opublikujemy tylko podsumowania oraz anonimowe cytaty, bez danych osobowych.\n"
            "Pytania „O Tobie” są dobrowolne; pomagają nam sprawdzić, czy wysłuchaliśmy "
            "wszystkich. Odpowiedzi przechowujemy do końca programu."
        ),
    },
}

PAGES = [
    ("Your priorities", "آپ کی ترجیحات", "Twoje priorytety"),
    ("Where you live", "جہاں آپ رہتے ہیں", "Twoja okolica"),
    ("Your ideas", "آپ کے خیالات", "Twoje pomysły"),
    ("Getting involved", "شمولیت", "Zaangażowanie"),
    ("About you", "آپ کے بارے میں", "O Tobie"),
]

LIKERT = [
    (
        "belong",
        "I feel I belong to my neighbourhood.",
        "میں محسوس کرتا/کرتی ہوں کہ میں اپنے محلے کا حصہ ہوں۔",
        "Czuję, że należę do swojej okolicy.",
    ),
    (
        "get_on",
        "People from different backgrounds get on well together in my area.",
        "میرے علاقے میں مختلف پس منظر کے لوگ آپس میں اچھی طرح مل جل کر رہتے ہیں۔",
        "W mojej okolicy ludzie o różnym pochodzeniu dobrze się ze sobą dogadują.",
    ),
    (
        "safe",
        "I feel safe walking alone in my area after dark.",
        "میں اندھیرا ہونے کے بعد اپنے علاقے میں اکیلے چلتے ہوئے محفوظ محسوس کرتا/کرتی ہوں۔",
        "Czuję się bezpiecznie, chodząc sam/sama po zmroku w mojej okolicy.",
    ),
]

MIXING = [
    ("Every day", "ہر روز", "Codziennie"),
    ("At least once a week", "ہفتے میں کم از کم ایک بار", "Co najmniej raz w tygodniu"),
    ("At least once a month", "مہینے میں کم از کم ایک بار", "Co najmniej raz w miesiącu"),
    ("Less often", "اس سے کم", "Rzadziej"),
    ("Never", "کبھی نہیں", "Nigdy"),
]

YES_NO_UNSURE = [
    ("Yes", "جی ہاں", "Tak"),
    ("No", "نہیں", "Nie"),
    ("Not sure", "معلوم نہیں", "Nie wiem"),
]

IDEAS = {
    "en": [
        "More free community events where different groups actually meet, like street parties "
        "and summer fairs in the park.",
        "Keep the youth club open in the evenings. The kids have nowhere to go and get blamed "
        "for everything.",
        "English classes at times working mums can attend, with a crèche.",
        "Better street lighting on the way to the bus stop. I don't feel safe walking home in "
        "winter.",
        "Shared allotments or community gardens where neighbours can grow food together.",
        "Schools twinning with each other so children mix with kids from other parts of the "
        "district.",
        "Cheaper bus fares so people can get across the district to events.",
        "A proper welcome pack for new arrivals explaining how things work here: bins, GP, "
        "schools.",
        "Support the small groups who already do the work instead of big one-off projects.",
        "More police on foot who know the area and talk to people.",
        "Make the park café a place where older and younger people can sit together.",
        "Sports leagues that mix teams from different areas rather than every area keeping to "
        "itself.",
    ],
    "ur": [
        "محلے میں ایسی تقریبات ہوں جہاں ہر پس منظر کے لوگ مل بیٹھیں، جیسے عید اور کرسمس پر "
        "مشترکہ کھانا۔",
        "خواتین کے لیے دن کے وقت انگریزی کی کلاسیں ہوں اور ساتھ بچوں کی دیکھ بھال کا انتظام ہو۔",
        "نوجوانوں کے لیے شام کو کھیل اور تربیت کی جگہیں ہونی چاہییں تاکہ وہ سڑکوں پر نہ پھریں۔",
        "بزرگوں کے لیے ملاقات کی جگہ ہو جہاں وہ اپنی زبان میں بات کر سکیں اور دوسروں سے بھی مل "
        "سکیں۔",
        "نوکری کے لیے مدد چاہیے، خاص طور پر ان لوگوں کے لیے جن کی انگریزی کمزور ہے۔",
        "گلیوں میں روشنی بہتر ہو اور پولیس زیادہ نظر آئے تو لوگ رات کو محفوظ محسوس کریں گے۔",
        "مسجد، چرچ اور مندر مل کر کھلے دن منائیں تاکہ لوگ ایک دوسرے کو جان سکیں۔",
        "اسکولوں میں مختلف علاقوں کے بچوں کو ملانے کے زیادہ پروگرام ہوں۔",
    ],
    "pl": [
        "Więcej kursów angielskiego wieczorami i w weekendy, bo w dzień pracujemy.",
        "Festyny sąsiedzkie, na których można poznać ludzi z innych kultur i spróbować ich "
        "jedzenia.",
        "Pomoc dla nowo przybyłych: gdzie zarejestrować się u lekarza, jak zapisać dziecko do "
        "szkoły.",
        "Lepsze oświetlenie ulic i więcej patroli, zwłaszcza w okolicy parku.",
        "Kluby sportowe dla dzieci, w których drużyny są mieszane, a nie podzielone według "
        "dzielnic.",
        "Informacje od rady także po polsku, bo wiele osób nie wie, co się dzieje w okolicy.",
        "Wspólne ogródki społeczne, gdzie sąsiedzi mogą się spotkać i razem coś zrobić.",
        "Tańsze bilety autobusowe, żeby młodzież mogła dojechać na zajęcia w centrum.",
    ],
}

INVOLVEMENT = {
    "en": [
        "Evening volunteering I can do after work.",
        "Someone to go with the first time.",
        "Knowing what groups exist near me.",
        "Childcare while I help out.",
    ],
    "ur": [
        "اگر کوئی بتائے کہ قریب کون سے گروپ ہیں تو میں ضرور شامل ہوں گا۔",
        "ہفتے کے آخر میں رضاکارانہ کام کا موقع ہو۔",
        "بچوں کی دیکھ بھال کا انتظام ہو تو میں مدد کر سکتی ہوں۔",
    ],
    "pl": [
        "Wolontariat w weekendy, bo w tygodniu pracuję na zmiany.",
        "Informacja po polsku o lokalnych grupach.",
        "Ktoś, kto pokaże, od czego zacząć.",
    ],
}

# Who answers in which language, and how their "about you" answers tend to fall.
LANGUAGES = [("en", 0.62), ("ur", 0.23), ("pl", 0.15)]
ETHNICITY = {
    "en": [
        ("white_british", 55),
        ("pakistani", 18),
        ("indian", 6),
        ("bangladeshi", 3),
        ("white_black_caribbean", 3),
        ("african", 3),
        ("other_white", 4),
        ("prefer_not", 8),
    ],
    "ur": [("pakistani", 80), ("bangladeshi", 8), ("indian", 6), ("prefer_not", 6)],
    "pl": [("other_white", 88), ("roma", 4), ("prefer_not", 8)],
}
RELIGION = {
    "white_british": [("none", 50), ("christian", 42), ("prefer_not", 8)],
    "other_white": [("christian", 80), ("none", 15), ("prefer_not", 5)],
    "roma": [("christian", 85), ("prefer_not", 15)],
    "pakistani": [("muslim", 94), ("prefer_not", 6)],
    "bangladeshi": [("muslim", 95), ("prefer_not", 5)],
    "indian": [("sikh", 40), ("hindu", 35), ("muslim", 20), ("prefer_not", 5)],
}
AGES = [
    ("16_24", 14),
    ("25_34", 22),
    ("35_49", 28),
    ("50_64", 20),
    ("65_plus", 11),
    ("prefer_not", 5),
]
DISABILITY = [
    ("not_disabled", 78),
    ("disabled_a_little", 11),
    ("disabled_a_lot", 6),
    ("prefer_not", 5),
]
SEX = [("female", 54), ("male", 42), ("prefer_not", 4)]


def _pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _choices(rows: Sequence[tuple[str, str, str]]) -> list[dict[str, str]]:
    return [
        {"value": f"c{n}", "label": en, "ur": ur, "pl": pl}
        for n, (en, ur, pl) in enumerate(rows, start=1)
    ]


def _officer(consultation: Consultation) -> User | None:
    for user in (consultation.created_by, User.objects.filter(username="officer").first()):
        if user is not None and allowed(user, "consult.build_survey"):
            return user
    return None


def _build(officer: User, consultation: Consultation) -> dict[str, Question]:
    survey = actions.create_survey(actor=officer, consultation=consultation, **SURVEY)
    pages = [
        actions.add_page(
            actor=officer, survey=survey, title=en, title_translations={"ur": ur, "pl": pl}
        )
        for en, ur, pl in PAGES
    ]
    add = actions.add_question
    q: dict[str, Question] = {}
    if consultation.options.exists():
        q["ranking"] = add(
            actor=officer,
            page=pages[0],
            kind=QuestionKind.RANKING,
            text="Which of these matter most to you? Rank your top three.",
            text_translations={
                "ur": "ان میں سے آپ کے لیے سب سے زیادہ اہم کیا ہے؟ "
                "اپنی پہلی تین ترجیحات کو درجہ دیں۔",
                "pl": "Co z tego jest dla Ciebie najważniejsze? Uszereguj trzy najważniejsze.",
            },
            uses_priority_options=True,
            max_ranked=3,
            required=True,
        )
    for key, en, ur, pl in LIKERT:
        q[key] = add(
            actor=officer,
            page=pages[1],
            kind=QuestionKind.LIKERT,
            text=en,
            text_translations={"ur": ur, "pl": pl},
            required=key == "belong",
        )
    q["mixing"] = add(
        actor=officer,
        page=pages[1],
        kind=QuestionKind.SINGLE,
        text="How often do you mix socially with people from a different background to you?",
        text_translations={
            "ur": "آپ کتنی بار اپنے سے مختلف پس منظر کے لوگوں کے ساتھ میل جول رکھتے ہیں؟",
            "pl": "Jak często spotykasz się towarzysko z ludźmi o innym pochodzeniu niż Twoje?",
        },
        choices=_choices(MIXING),
    )
    q["idea"] = add(
        actor=officer,
        page=pages[2],
        kind=QuestionKind.TEXT,
        text="What one thing would help people in your area get on better together?",
        text_translations={
            "ur": "کون سی ایک چیز آپ کے علاقے کے لوگوں کو ایک دوسرے کے ساتھ بہتر طور پر رہنے میں "
            "مدد دے گی؟",
            "pl": "Jaka jedna rzecz pomogłaby ludziom w Twojej okolicy lepiej się dogadywać?",
        },
        help_text="Please do not include names or contact details.",
        help_translations={
            "ur": "براہِ کرم نام یا رابطے کی تفصیلات شامل نہ کریں۔",
            "pl": "Prosimy nie podawać imion, nazwisk ani danych kontaktowych.",
        },
    )
    q["involve"] = add(
        actor=officer,
        page=pages[2],
        kind=QuestionKind.SINGLE,
        text="Would you like to be more involved in your community?",
        text_translations={
            "ur": "کیا آپ اپنی کمیونٹی میں زیادہ شامل ہونا چاہیں گے؟",
            "pl": "Czy chciałbyś/chciałabyś bardziej zaangażować się w życie swojej społeczności?",
        },
        choices=_choices(YES_NO_UNSURE),
    )
    q["help"] = add(
        actor=officer,
        page=pages[3],
        kind=QuestionKind.TEXT,
        text="What would help you get involved?",
        text_translations={
            "ur": "کس چیز سے آپ کو شامل ہونے میں مدد ملے گی؟",
            "pl": "Co pomogłoby Ci się zaangażować?",
        },
        condition_question=q["involve"],
        condition_value="c1",
    )
    for key in ("age_band", "sex", "ethnicity", "religion", "disability", about_you.WARD):
        q[key] = add(actor=officer, page=pages[4], kind=QuestionKind.ABOUT_YOU, about_you_key=key)
    actions.publish_survey(actor=officer, survey=survey)
    return q


def _ranking(rng: random.Random, options: list[PriorityOption], language: str) -> list[str]:
    """Three options, more often the ones about language and work for Urdu and Polish
    speakers, as the 2018 conversations found."""
    weights = []
    for option in options:
        weight = 1.0
        label = option.label.lower()
        if language != "en" and ("english" in label or "employ" in label or "job" in label):
            weight = 3.0
        weights.append(weight)
    chosen: list[str] = []
    pool = list(zip(options, weights, strict=True))
    for _ in range(min(3, len(pool))):
        option = rng.choices([o for o, _w in pool], weights=[w for _o, w in pool])[0]
        chosen.append(str(option.pk))
        pool = [(o, w) for o, w in pool if o.pk != option.pk]
    return chosen


def load_demo_survey(
    consultation: Consultation, out: Callable[[str], None], officer: User | None = None
) -> Survey | None:
    """Build the demo survey for `consultation` and ~150 seeded responses; None if skipped."""
    existing = consultation.surveys.first()
    if existing is not None:
        out(f"consult: survey for {consultation.slug} already there, skipped")
        return existing
    officer = officer or _officer(consultation)
    if officer is None:
        out("consult: demo survey skipped (needs an officer account)")
        return None
    q = _build(officer, consultation)
    survey = consultation.surveys.get()
    rng = random.Random(SEED)
    options = list(consultation.options.all())
    wards = list(about_you.wards().values_list("code", flat=True))
    now = timezone.now()
    start = min(consultation.opens_at, now - timedelta(days=30))
    end = min(consultation.closes_at, now)
    span = max((end - start).total_seconds(), 3600)
    for n in range(RESPONSES):
        language = _pick(rng, LANGUAGES)
        answers: dict[Question, object] = {}
        if "ranking" in q and options:
            answers[q["ranking"]] = _ranking(rng, options, language)
        belong = rng.choices("54321", weights=[20, 38, 20, 14, 8])[0]
        answers[q["belong"]] = belong
        answers[q["get_on"]] = rng.choices("54321", weights=[12, 35, 25, 18, 10])[0]
        answers[q["safe"]] = rng.choices("54321", weights=[10, 30, 22, 23, 15])[0]
        answers[q["mixing"]] = rng.choices(["c1", "c2", "c3", "c4", "c5"], [25, 35, 18, 15, 7])[0]
        if rng.random() < 0.7:
            answers[q["idea"]] = rng.choice(IDEAS[language])
        involve = rng.choices(["c1", "c2", "c3"], weights=[40, 30, 30])[0]
        answers[q["involve"]] = involve
        if involve == "c1" and rng.random() < 0.6:
            answers[q["help"]] = rng.choice(INVOLVEMENT[language])
        if rng.random() < 0.9:  # a few skip the optional "about you" page
            ethnicity = _pick(rng, ETHNICITY[language])
            answers[q["ethnicity"]] = ethnicity
            answers[q["religion"]] = _pick(rng, RELIGION.get(ethnicity, [("prefer_not", 1)]))
            answers[q["age_band"]] = _pick(rng, AGES)
            answers[q["sex"]] = _pick(rng, SEX)
            answers[q["disability"]] = _pick(rng, DISABILITY)
            if wards:
                answers[q[about_you.WARD]] = rng.choice(wards)
        paper = rng.random() < 0.12
        submitted_at = start + timedelta(seconds=rng.uniform(0, span))
        if paper:
            actions.key_paper_response(
                actor=officer,
                survey=survey,
                reference=f"DEMO-{n + 1:04d}",
                answers=answers,
                language=language,
                filled_in_on=timezone.localdate(submitted_at),
                consent_to_quote=rng.random() < 0.6,
                now=submitted_at,
            )
        else:
            actions.import_response(
                actor=officer,
                survey=survey,
                answers=answers,
                language=language,
                submitted_at=submitted_at,
                method=Method.SURVEY,
                consent_to_quote=rng.random() < 0.7,
            )
    out(f"consult: demo survey for {consultation.slug} with {RESPONSES} responses")
    return survey
