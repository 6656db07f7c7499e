"""The survey's field checks on their own: postcodes, rankings, dates and numbers typed in
any script, as a resident would type them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commonground.consult.forms_survey.resident import (
    GovukDateField,
    LocalDecimalField,
    RankingField,
    normalise_postcode,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("bd1 1hy", "BD1 1HY"),
        ("BD11HY", "BD1 1HY"),
        (" bd21  4qe ", "BD21 4QE"),
        ("LS6 2AB", "LS6 2AB"),
        ("sw1a 1aa", "SW1A 1AA"),
        ("W1A 0AX", "W1A 0AX"),
        ("bd۸ ۷hy", "BD8 7HY"),  # Urdu digits
        ("BD1", None),
        ("12345", None),
        ("BD1 1HYY", None),
        ("QD1 1HY", None),  # no UK postcode starts with Q
    ],
)
def test_postcodes_are_normalised_or_refused(typed, stored):
    assert normalise_postcode(typed) == stored


def test_a_ranking_becomes_option_values_best_first():
    field = RankingField(values=["a", "b", "c", "d"], max_ranked=3, required=True)

    assert field.clean({"a": "2", "b": "", "c": "1", "d": "3"}) == ["c", "a", "d"]
    assert field.clean({"a": "۱"}) == ["a"]  # an Urdu "1"
    with pytest.raises(ValidationError, match="Rank at least one option"):
        field.clean({"a": "", "b": ""})
    with pytest.raises(ValidationError, match="Start at rank 1"):
        field.clean({"a": "1", "b": "3"})


def test_a_date_is_three_boxes_each_needed():
    field = GovukDateField(required=False)

    assert field.clean(("5", "3", "2019")) == date(2019, 3, 5)
    assert field.clean(("", "", "")) is None
    with pytest.raises(ValidationError, match="must include a day"):
        field.clean(("", "3", "2019"))
    with pytest.raises(ValidationError, match="Enter a real date"):
        field.clean(("30", "2", "2019"))
    with pytest.raises(ValidationError, match="Enter a real date"):
        field.clean(("1", "2", "19"))


def test_a_number_may_be_typed_in_eastern_arabic_digits_and_must_be_in_range():
    field = LocalDecimalField(low=Decimal(0), high=Decimal(200), required=False)

    assert field.clean("۱۲") == Decimal(12)
    assert field.clean("1,5") == Decimal("1.5")  # a decimal comma, as in Polish
    with pytest.raises(ValidationError, match="between 0 and 200"):
        field.clean("201")
    with pytest.raises(ValidationError, match="between 0 and 200"):
        field.clean("1,200")  # a thousands separator: 1200
    with pytest.raises(ValidationError, match="Enter a number, like 3"):
        field.clean("a dozen")
