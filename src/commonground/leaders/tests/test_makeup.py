"""The cohort's make-up: the project's suppression rule, primary and by subtraction."""

import pytest
from django.urls import reverse

from commonground.leaders import actions
from commonground.leaders.makeup import breakdown
from commonground.measures.suppression import SYMBOL


def test_small_counts_and_their_complement_are_withheld():
    rows = {
        r.value: r
        for r in breakdown(
            {"yes": 2, "no": 17, "prefer_not_to_say": 5},
            ["yes", "no", "prefer_not_to_say"],
            {"yes": 31.0},
            5,
        )
    }
    assert rows["yes"].withheld  # 2 people: primary
    assert rows["prefer_not_to_say"].withheld  # the next smallest: else 24 − 17 − 5 gives 2
    assert rows["no"].count == 17 and rows["no"].percent == pytest.approx(70.8)
    assert rows["yes"].workforce == 31.0  # the workforce share is not about cohort members


def test_zero_is_shown_and_large_counts_are_not_touched():
    rows = breakdown({"a": 12, "b": 0, "c": 10}, ["a", "b", "c"], {}, 5)
    assert [r.count for r in rows] == [12, 0, 10]


def test_threshold_zero_turns_suppression_off():
    rows = breakdown({"a": 1, "b": 20}, ["a", "b"], {}, 0)
    assert [r.count for r in rows] == [1, 20]


@pytest.mark.django_db
def test_the_public_page_withholds_small_numbers(client, officer, closed_cohort):
    minority = list(closed_cohort.applications.filter(minority="yes").order_by("reference")[:3])
    others = list(closed_cohort.applications.filter(minority="no").order_by("reference")[:17])
    for application in minority + others:
        actions.decide(actor=officer, application=application, status="selected")
    actions.set_workforce(
        actor=officer, cohort=closed_cohort, dimension="minority", shares={"yes": 31.5}
    )
    html = client.get(reverse("leaders:makeup", args=[closed_cohort.slug])).content.decode()
    table = html.split('id="makeup-minority"')[1].split("</table>")[0]
    assert SYMBOL in table
    assert ">3<" not in table  # three people: withheld
    assert ">17<" not in table  # else 20 − 17 − 0 gives the three
    assert "31.5%" in table  # the workforce share is shown
    assert "20 participants" in html
