"""The "about you" questions: standard wording and the 2021 Census categories, translated.

The categories and their codes live in `commonground.consultstats.categories` (English only,
no Django); here they get their translated labels and the standard question wording, so a
survey asks them the way the census did and the answers compare with its tables. The ward
question offers the wards of the current strategy's district (data, not code).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext, gettext_noop, override

from commonground.consultstats.categories import ABOUT_YOU, PREFER_NOT_TO_SAY
from commonground.core.models import Area, Strategy

WARD = "ward"

# key → (question, hint), as the 2021 Census (or the council's monitoring form) asks them.
QUESTIONS: dict[str, tuple[str, str]] = {
    "age_band": (gettext_noop("What is your age?"), ""),
    "sex": (
        gettext_noop("What is your sex?"),
        gettext_noop("The sex you were registered at birth."),
    ),
    "gender_identity": (
        gettext_noop("Is the gender you identify with the same as your sex registered at birth?"),
        "",
    ),
    "ethnicity": (
        gettext_noop("What is your ethnic group?"),
        gettext_noop("Choose the option that best describes your ethnic group or background."),
    ),
    "religion": (gettext_noop("What is your religion?"), ""),
    "disability": (
        gettext_noop(
            "Are your day-to-day activities limited because of a health problem or disability "
            "which has lasted, or is expected to last, at least 12 months?"
        ),
        "",
    ),
    "sexual_orientation": (
        gettext_noop("Which of the following best describes your sexual orientation?"),
        "",
    ),
    WARD: (
        gettext_noop("Which ward do you live in?"),
        gettext_noop("Choose your ward, or “Prefer not to say”."),
    ),
}

# The category labels of consultstats.categories, listed so makemessages finds them.
CATEGORY_LABELS = [
    gettext_noop("Prefer not to say"),
    gettext_noop("Under 16"),
    gettext_noop("16 to 24"),
    gettext_noop("25 to 34"),
    gettext_noop("35 to 49"),
    gettext_noop("50 to 64"),
    gettext_noop("65 or over"),
    gettext_noop("Female"),
    gettext_noop("Male"),
    gettext_noop("The same as the sex registered at birth"),
    gettext_noop("Different from the sex registered at birth"),
    gettext_noop("Straight or heterosexual"),
    gettext_noop("Gay or lesbian"),
    gettext_noop("Bisexual"),
    gettext_noop("Another sexual orientation"),
    gettext_noop("Yes, day-to-day activities limited a lot"),
    gettext_noop("Yes, day-to-day activities limited a little"),
    gettext_noop("No"),
    gettext_noop("Bangladeshi"),
    gettext_noop("Chinese"),
    gettext_noop("Indian"),
    gettext_noop("Pakistani"),
    gettext_noop("Any other Asian background"),
    gettext_noop("African"),
    gettext_noop("Caribbean"),
    gettext_noop("Any other Black, Black British or Caribbean background"),
    gettext_noop("White and Asian"),
    gettext_noop("White and Black African"),
    gettext_noop("White and Black Caribbean"),
    gettext_noop("Any other Mixed or Multiple background"),
    gettext_noop("English, Welsh, Scottish, Northern Irish or British"),
    gettext_noop("Irish"),
    gettext_noop("Gypsy or Irish Traveller"),
    gettext_noop("Roma"),
    gettext_noop("Any other White background"),
    gettext_noop("Arab"),
    gettext_noop("Any other ethnic group"),
    gettext_noop("No religion"),
    gettext_noop("Christian"),
    gettext_noop("Buddhist"),
    gettext_noop("Hindu"),
    gettext_noop("Jewish"),
    gettext_noop("Muslim"),
    gettext_noop("Sikh"),
    gettext_noop("Any other religion"),
    # the broad groups and the census's age bands, which the reach tables and charts show
    gettext_noop("Asian, Asian British or Asian Welsh"),
    gettext_noop("Black, Black British, Black Welsh, Caribbean or African"),
    gettext_noop("Mixed or Multiple ethnic groups"),
    gettext_noop("White"),
    gettext_noop("Other ethnic group"),
    gettext_noop("0 to 15"),
    gettext_noop("16 to 59"),
    gettext_noop("60 or over"),
]

KEY_LABELS: dict[str, str] = {
    "age_band": gettext_noop("Age"),
    "sex": gettext_noop("Sex"),
    "gender_identity": gettext_noop("Gender identity"),
    "ethnicity": gettext_noop("Ethnic group"),
    "religion": gettext_noop("Religion"),
    "disability": gettext_noop("Disability"),
    "sexual_orientation": gettext_noop("Sexual orientation"),
    WARD: gettext_noop("Ward"),
}


def all_keys() -> list[str]:
    return [*ABOUT_YOU, WARD]


def key_choices() -> list[tuple[str, str]]:
    return [(key, gettext(KEY_LABELS[key])) for key in all_keys()]


def wards() -> QuerySet[Area]:
    """The wards people can say they live in: the current strategy's district's, else all."""
    strategy = Strategy.objects.filter(is_current=True).only("district_id").first()
    queryset = Area.objects.filter(level="ward").order_by("name")
    if strategy is not None and strategy.district_id:
        queryset = queryset.filter(parent_id=strategy.district_id)
    return queryset


def choices(key: str) -> list[tuple[str, str]]:
    """(code, label in the active language) for one about-you question, "Prefer not to say" last."""
    if key == WARD:
        options = [(ward.code, ward.name) for ward in wards().only("code", "name")]
    else:
        options = [(c.code, gettext(c.label)) for c in ABOUT_YOU[key]]
    return [*options, (PREFER_NOT_TO_SAY.code, gettext(PREFER_NOT_TO_SAY.label))]


def standard_wording(key: str, languages: list[str]) -> dict[str, object]:
    """The question's text and hint in English plus their translations, for a new question."""
    text, hint = QUESTIONS[key]
    text_translations: dict[str, str] = {}
    help_translations: dict[str, str] = {}
    for language in languages:
        with override(language):
            text_translations[language] = gettext(text)
            if hint:
                help_translations[language] = gettext(hint)
    return {
        "text": text,
        "help_text": hint,
        "text_translations": text_translations,
        "help_translations": help_translations,
    }
