"""A stored linking year where schools offer several classes: each class linked to a different
school, forced pairs counted against a school's classes."""

from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commonground.schools import actions
from commonground.schools.models import RuleKind


@pytest.fixture
def year(few, officer):
    item = actions.create_year(actor=officer, year="2027/28", phase="primary", max_km=Decimal("5"))
    classes = {few[0].pk: 3, few[1].pk: 2}
    actions.set_participants(
        actor=officer,
        linking_year=item,
        rows=[(s, classes.get(s.pk, 1), "Year 4") for s in few[:12]],
    )
    actions.propose(actor=officer, linking_year=item)
    item.refresh_from_db()
    return item


def _links(item) -> Counter:
    return Counter(s for p in item.pairs.all() for s in (p.school_a_id, p.school_b_id))


@pytest.mark.django_db
def test_a_school_gets_a_partner_for_each_class(year, few) -> None:
    links = _links(year)
    assert links[few[0].pk] == 3 and links[few[1].pk] == 2
    assert all(n <= 1 for pk, n in links.items() if pk not in (few[0].pk, few[1].pk))
    pairs = [frozenset((p.school_a_id, p.school_b_id)) for p in year.pairs.all()]
    assert len(set(pairs)) == len(pairs)  # never the same two schools twice
    assert year.total_difference == pytest.approx(sum(p.difference for p in year.pairs.all()))


@pytest.mark.django_db
def test_more_classes_add_difference(year, few, officer) -> None:
    with_classes = year.total_difference
    actions.set_participants(
        actor=officer, linking_year=year, rows=[(s, 1, "Year 4") for s in few[:12]]
    )
    actions.propose(actor=officer, linking_year=year)
    year.refresh_from_db()
    assert with_classes > year.total_difference
    assert max(_links(year).values()) == 1


@pytest.mark.django_db
def test_forced_pairs_up_to_a_schools_classes(year, few, officer) -> None:
    others = [s for s in few[2:12]]
    for partner in others[:3]:
        actions.add_rule(actor=officer, linking_year=year, a=few[0], b=partner, kind=RuleKind.FORCE)
    year.refresh_from_db()
    forced = {frozenset((p.school_a_id, p.school_b_id)) for p in year.pairs.filter(forced=True)}
    assert forced == {frozenset((few[0].pk, s.pk)) for s in others[:3]}
    assert _links(year)[few[0].pk] == 3
    with pytest.raises(ValidationError, match="each of its classes"):
        actions.add_rule(
            actor=officer, linking_year=year, a=few[0], b=others[3], kind=RuleKind.FORCE
        )
    assert year.rules.filter(kind=RuleKind.FORCE).count() == 3
