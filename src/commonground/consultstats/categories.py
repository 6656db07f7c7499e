"""The "about you" categories, as the 2021 Census asks them, so answers compare with its tables.

Keys are stable codes stored with answers; labels are English (translated where shown). The
`census_label` of each category is its column or value in the ONS/Nomis tables in
shared/data/uk/census2021/, which is how the reach analysis joins answers to the population.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    census_label: str = ""
    broad: str = ""  # for detailed ethnic groups: the code of the broad group


PREFER_NOT_TO_SAY = Category("prefer_not", "Prefer not to say")

AGE_BANDS: tuple[Category, ...] = (
    Category("under_16", "Under 16"),
    Category("16_24", "16 to 24"),
    Category("25_34", "25 to 34"),
    Category("35_49", "35 to 49"),
    Category("50_64", "50 to 64"),
    Category("65_plus", "65 or over"),
)

SEX: tuple[Category, ...] = (
    Category("female", "Female"),
    Category("male", "Male"),
)

GENDER_IDENTITY: tuple[Category, ...] = (
    Category("same_as_sex", "The same as the sex registered at birth"),
    Category("different", "Different from the sex registered at birth"),
)

SEXUAL_ORIENTATION: tuple[Category, ...] = (
    Category("straight", "Straight or heterosexual"),
    Category("gay_lesbian", "Gay or lesbian"),
    Category("bisexual", "Bisexual"),
    Category("other", "Another sexual orientation"),
)

DISABILITY: tuple[Category, ...] = (
    Category("disabled_a_lot", "Yes, day-to-day activities limited a lot"),
    Category("disabled_a_little", "Yes, day-to-day activities limited a little"),
    Category("not_disabled", "No"),
)

ETHNIC_BROAD: tuple[Category, ...] = (
    Category("asian", "Asian, Asian British or Asian Welsh", "Asian, Asian British or Asian Welsh"),
    Category(
        "black",
        "Black, Black British, Black Welsh, Caribbean or African",
        "Black, Black British, Black Welsh, Caribbean or African",
    ),
    Category("mixed", "Mixed or Multiple ethnic groups", "Mixed or Multiple ethnic groups"),
    Category("white", "White", "White"),
    Category("other", "Other ethnic group", "Other ethnic group"),
)

ETHNIC_GROUPS: tuple[Category, ...] = (
    Category("bangladeshi", "Bangladeshi", "Bangladeshi", "asian"),
    Category("chinese", "Chinese", "Chinese", "asian"),
    Category("indian", "Indian", "Indian", "asian"),
    Category("pakistani", "Pakistani", "Pakistani", "asian"),
    Category("other_asian", "Any other Asian background", "Other Asian", "asian"),
    Category("african", "African", "African", "black"),
    Category("caribbean", "Caribbean", "Caribbean", "black"),
    Category(
        "other_black",
        "Any other Black, Black British or Caribbean background",
        "Other Black",
        "black",
    ),
    Category("white_asian", "White and Asian", "White and Asian", "mixed"),
    Category("white_black_african", "White and Black African", "White and Black African", "mixed"),
    Category(
        "white_black_caribbean", "White and Black Caribbean", "White and Black Caribbean", "mixed"
    ),
    Category(
        "other_mixed",
        "Any other Mixed or Multiple background",
        "Other Mixed or Multiple ethnic groups",
        "mixed",
    ),
    Category(
        "white_british",
        "English, Welsh, Scottish, Northern Irish or British",
        "English, Welsh, Scottish, Northern Irish or British",
        "white",
    ),
    Category("irish", "Irish", "Irish", "white"),
    Category("gypsy_traveller", "Gypsy or Irish Traveller", "Gypsy or Irish Traveller", "white"),
    Category("roma", "Roma", "Roma", "white"),
    Category("other_white", "Any other White background", "Other White", "white"),
    Category("arab", "Arab", "Arab", "other"),
    Category("any_other", "Any other ethnic group", "Any other ethnic group", "other"),
)

RELIGION: tuple[Category, ...] = (
    Category("none", "No religion", "No religion"),
    Category("christian", "Christian", "Christian"),
    Category("buddhist", "Buddhist", "Buddhist"),
    Category("hindu", "Hindu", "Hindu"),
    Category("jewish", "Jewish", "Jewish"),
    Category("muslim", "Muslim", "Muslim"),
    Category("sikh", "Sikh", "Sikh"),
    Category("other", "Any other religion", "Other religion"),
)

# The "about you" questions a survey may include, by stable key.
ABOUT_YOU: dict[str, tuple[Category, ...]] = {
    "age_band": AGE_BANDS,
    "sex": SEX,
    "gender_identity": GENDER_IDENTITY,
    "ethnicity": ETHNIC_GROUPS,
    "religion": RELIGION,
    "disability": DISABILITY,
    "sexual_orientation": SEXUAL_ORIENTATION,
}
# "ward" is also an "about you" question; its categories are the district's wards (from the
# database), so it is not listed here.


def by_code(dimension: str) -> dict[str, Category]:
    return {c.code: c for c in ABOUT_YOU[dimension]}
