"""Theme labels leave out stop words in every language we serve, and quotes are distinct.

The comments are the demo survey's real free-text answers in Urdu, Polish and English (from
``consult/demo_survey.py``, copied so this Django-free package's tests stay Django-free).
Before the Urdu and Polish lists, the Urdu group was labelled "میں / اور / لیے" ("in / and /
for") and the Polish one "zarejestrować się / …" (with "się", a reflexive particle).
"""

from __future__ import annotations

import pytest

from commonground.textanalysis import stopwords
from commonground.textanalysis.themes import (
    STOP_WORDS,
    distinct_quotes,
    normalise_quote,
    theme_words,
)

pytestmark = pytest.mark.engine

URDU = [
    "محلے میں ایسی تقریبات ہوں جہاں ہر پس منظر کے لوگ مل بیٹھیں، جیسے عید اور کرسمس پر "
    "مشترکہ کھانا۔",
    "خواتین کے لیے دن کے وقت انگریزی کی کلاسیں ہوں اور ساتھ بچوں کی دیکھ بھال کا انتظام ہو۔",
    "نوجوانوں کے لیے شام کو کھیل اور تربیت کی جگہیں ہونی چاہییں تاکہ وہ سڑکوں پر نہ پھریں۔",
    "بزرگوں کے لیے ملاقات کی جگہ ہو جہاں وہ اپنی زبان میں بات کر سکیں اور دوسروں سے بھی مل سکیں۔",
    "نوکری کے لیے مدد چاہیے، خاص طور پر ان لوگوں کے لیے جن کی انگریزی کمزور ہے۔",
    "گلیوں میں روشنی بہتر ہو اور پولیس زیادہ نظر آئے تو لوگ رات کو محفوظ محسوس کریں گے۔",
    "مسجد، چرچ اور مندر مل کر کھلے دن منائیں تاکہ لوگ ایک دوسرے کو جان سکیں۔",
    "اسکولوں میں مختلف علاقوں کے بچوں کو ملانے کے زیادہ پروگرام ہوں۔",
    "اگر کوئی بتائے کہ قریب کون سے گروپ ہیں تو میں ضرور شامل ہوں گا۔",
    "بچوں کی دیکھ بھال کا انتظام ہو تو میں مدد کر سکتی ہوں۔",
]
POLISH = [
    "Więcej kursów angielskiego wieczorami i w weekendy, bo w dzień pracujemy.",
    "Festyny sąsiedzkie, na których można poznać ludzi z innych kultur i spróbować ich jedzenia.",
    "Pomoc dla nowo przybyłych: gdzie zarejestrować się u lekarza, jak zapisać dziecko do szkoły.",
    "Lepsze oświetlenie ulic i więcej patroli, zwłaszcza w okolicy parku.",
    "Kluby sportowe dla dzieci, w których drużyny są mieszane, a nie podzielone według dzielnic.",
    "Informacje od rady także po polsku, bo wiele osób nie wie, co się dzieje w okolicy.",
    "Wspólne ogródki społeczne, gdzie sąsiedzi mogą się spotkać i razem coś zrobić.",
    "Tańsze bilety autobusowe, żeby młodzież mogła dojechać na zajęcia w centrum.",
    "Wolontariat w weekendy, bo w tygodniu pracuję na zmiany.",
    "Informacja po polsku o lokalnych grupach.",
]
ENGLISH = [
    "More free community events where different groups actually meet, like street parties.",
    "Keep the youth club open in the evenings. The kids have nowhere to go.",
    "English classes at times working mums can attend, with a crèche.",
    "Better street lighting on the way to the bus stop. I don't feel safe walking home.",
    "Shared allotments or community gardens where neighbours can grow food together.",
    "Schools twinning with each other so children mix with kids from other parts.",
    "Cheaper bus fares so people can get across the district to events.",
    "Evening volunteering I can do after work.",
    "Knowing what groups exist near me.",
    "Childcare while I help out.",
]
IN_AND_FOR = {"میں", "اور", "لیے"}


def _words_of_each(top: int = 8) -> list[list[str]]:
    texts = URDU + POLISH + ENGLISH
    clusters = [list(range(0, 10)), list(range(10, 20)), list(range(20, 30))]
    return theme_words(texts, clusters, top=top)


def test_urdu_labels_name_what_people_said_not_in_and_for():
    urdu, _polish, _english = _words_of_each()
    used = {word for term in urdu for word in term.split()}
    assert urdu, "the Urdu comments share content words: the label must not be empty"
    assert not used & IN_AND_FOR
    assert not used & stopwords.LANGUAGES["ur"]
    # What they are about: children's care, meeting, places, help, English.
    assert used & {"دیکھ", "بھال", "انتظام", "انگریزی", "جان", "مل"}


def test_polish_and_english_labels_leave_their_function_words_out():
    _urdu, polish, english = _words_of_each()
    polish_words = {word for term in polish for word in term.split()}
    english_words = {word for term in english for word in term.split()}
    assert polish_words and not polish_words & stopwords.LANGUAGES["pl"]
    assert {"się", "bo", "na", "od"}.isdisjoint(polish_words)
    assert english_words and not english_words & stopwords.LANGUAGES["en"]


def test_every_served_language_has_a_list_and_labels_use_them_all():
    assert set(stopwords.LANGUAGES) == {"en", "ur", "pl"}
    for code, words in stopwords.LANGUAGES.items():
        assert len(words) > 100, code
        assert set(STOP_WORDS) >= words
    assert stopwords.LANGUAGES["ur"] >= IN_AND_FOR
    assert {"się", "jest", "że", "ludzie"} <= stopwords.LANGUAGES["pl"]
    assert stopwords.stop_words(("ur",)) == stopwords.LANGUAGES["ur"]


def test_quotes_are_distinct_once_normalised():
    texts = [
        "Childcare while I help out.",
        "childcare while i help out",
        "  Childcare   while I help out!  ",
        "بزرگوں کے لیے ملاقات کی جگہ ہو۔",
        "بزرگوں کے لیے ملاقات کی جگہ ہو",
        "Someone to go with the first time.",
    ]
    assert distinct_quotes([0, 1, 2, 3, 4, 5], texts, k=3) == [0, 3, 5]
    assert distinct_quotes([2, 0, 1], texts, k=3) == [2]
    assert normalise_quote("Zażółć  GĘŚLĄ jaźń.") == "zażółć gęślą jaźń"
