"""How figures read on pages: units, and changes in percentages as percentage points."""

from decimal import Decimal
from types import SimpleNamespace

from django.utils import translation

from commonground.measures.templatetags.measures import value

PERCENT = SimpleNamespace(unit="percent", decimal_places=1)
COUNT = SimpleNamespace(unit="count", decimal_places=0)


def test_a_percentage_reads_with_its_unit():
    assert value(Decimal("4.8"), PERCENT) == "4.8%"


def test_a_change_in_a_percentage_is_in_percentage_points():
    assert value(Decimal("-0.7"), PERCENT, True) == "−0.7 percentage points"
    assert value(Decimal("2"), PERCENT, True) == "+2.0 percentage points"


def test_a_change_in_a_count_keeps_its_unit():
    assert value(Decimal("-120"), COUNT, True) == "−120"


def test_percentage_points_are_translated():
    with translation.override("pl"):
        assert "pkt proc." in value(Decimal("-0.7"), PERCENT, True)
