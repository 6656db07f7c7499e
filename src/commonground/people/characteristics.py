"""The characteristics a panel is balanced on, each with "prefer not to say".

The strategy asks for a channel "representative of not only different areas, but social class,
religion, ethnicity, ability, age, gender and sexuality".  The values of ethnicity and religion
are the 2021 census's top-level groups, so that quotas can be proposed from census proportions;
area is the district's wards (from the census tables, see :mod:`.census`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PREFER_NOT = "prefer_not_to_say"

FIXED: dict[str, list[tuple[str, object]]] = {
    "age_band": [
        ("16-29", _("16 to 29")),
        ("30-44", _("30 to 44")),
        ("45-64", _("45 to 64")),
        ("65+", _("65 or over")),
    ],
    "sex": [("female", _("Female")), ("male", _("Male"))],
    "ethnicity": [
        ("asian", _("Asian or Asian British")),
        ("black", _("Black, Black British, Caribbean or African")),
        ("mixed", _("Mixed or multiple ethnic groups")),
        ("white", _("White")),
        ("other", _("Another ethnic group")),
    ],
    "religion": [
        ("none", _("No religion")),
        ("christian", _("Christian")),
        ("buddhist", _("Buddhist")),
        ("hindu", _("Hindu")),
        ("jewish", _("Jewish")),
        ("muslim", _("Muslim")),
        ("sikh", _("Sikh")),
        ("other", _("Another religion")),
    ],
    "disability": [("yes", _("Yes, limited a little or a lot")), ("no", _("No"))],
    "social_class": [
        ("ab", _("Managerial or professional")),
        ("c1", _("Supervisory, clerical or junior managerial")),
        ("c2", _("Skilled manual")),
        ("de", _("Semi-skilled or unskilled manual, or not working")),
    ],
    "sexual_orientation": [
        ("straight", _("Straight or heterosexual")),
        ("gay_lesbian", _("Gay or lesbian")),
        ("bisexual", _("Bisexual")),
        ("other", _("Another sexual orientation")),
    ],
}

LABELS = {
    "area": _("Area (ward)"),
    "age_band": _("Age"),
    "sex": _("Sex"),
    "ethnicity": _("Ethnic group"),
    "religion": _("Religion"),
    "disability": _("Disability"),
    "social_class": _("Occupation (social class)"),
    "sexual_orientation": _("Sexual orientation"),
}
"""Every characteristic, in the order the form asks them."""

QUESTIONS = {
    "area": _("Which area do you live in?"),
    "age_band": _("How old are you?"),
    "sex": _("What is your sex?"),
    "ethnicity": _("What is your ethnic group?"),
    "religion": _("What is your religion?"),
    "disability": _("Are your day-to-day activities limited by a health problem or disability?"),
    "social_class": _("Which best describes your work (or your last work)?"),
    "sexual_orientation": _("Which best describes your sexual orientation?"),
}


def choices(feature: str) -> list[tuple[str, object]]:
    """The answers to ``feature``, ending with "prefer not to say"."""
    if feature == "area":
        from .census import wards

        values: list[tuple[str, object]] = [(code, name) for code, name in wards()]
    else:
        values = list(FIXED[feature])
    return [*values, (PREFER_NOT, _("Prefer not to say"))]


def values(feature: str) -> list[str]:
    return [value for value, _label in choices(feature)]


def label_of(feature: str, value: str) -> str:
    return str(dict(choices(feature)).get(value, value))
