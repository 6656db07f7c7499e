"""Swapping partners when schools offer several classes (several links each): the officer's
other forced pairs always survive the swap, and a swap that cannot be made is refused with a
message naming the pair (or school), changing nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commonground.core.models import AuditEvent
from commonground.schools import actions
from commonground.schools.models import RuleKind


@pytest.fixture
def year(few, officer):
    """Twelve schools: the first offers three classes, the second two, the rest one."""
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


def _key(pair) -> frozenset:
    return frozenset((pair.school_a_id, pair.school_b_id))


def _forced_rules(item) -> set[frozenset]:
    return {
        frozenset((r.school_a_id, r.school_b_id)) for r in item.rules.filter(kind=RuleKind.FORCE)
    }


def _state(item) -> tuple:
    return (
        sorted((p.school_a_id, p.school_b_id, p.forced) for p in item.pairs.all()),
        sorted((r.school_a_id, r.school_b_id, r.kind) for r in item.rules.all()),
    )


def _force_one_link_of(item, school, officer):
    """Force one of ``school``'s proposed links and return that forced pair."""
    partner = next(
        p.school_b if p.school_a_id == school.pk else p.school_a
        for p in item.pairs.all()
        if school.pk in (p.school_a_id, p.school_b_id)
    )
    actions.add_rule(actor=officer, linking_year=item, a=school, b=partner, kind=RuleKind.FORCE)
    item.refresh_from_db()
    return item.pairs.get(forced=True)


@pytest.mark.django_db
def test_a_swap_keeps_the_other_forced_pairs_of_a_school_with_several_classes(
    year, few, officer
) -> None:
    kept = _force_one_link_of(year, few[0], officer)
    first = next(
        p for p in year.pairs.filter(forced=False) if few[0].pk in (p.school_a_id, p.school_b_id)
    )
    second = next(
        p
        for p in year.pairs.filter(forced=False)
        if not ({p.school_a_id, p.school_b_id} & {first.school_a_id, first.school_b_id})
    )
    actions.swap(actor=officer, first=first, second=second)
    year.refresh_from_db()
    new = {
        frozenset((first.school_a_id, second.school_b_id)),
        frozenset((second.school_a_id, first.school_b_id)),
    }
    assert _forced_rules(year) == {_key(kept)} | new
    assert {_key(p) for p in year.pairs.filter(forced=True)} == {_key(kept)} | new
    links = [s for p in year.pairs.all() for s in (p.school_a_id, p.school_b_id)]
    assert links.count(few[0].pk) == 3  # still a partner for each of its three classes
    event = AuditEvent.objects.get(action="schools.pairs_swapped")
    assert event.data["released"] == []


@pytest.mark.django_db
def test_swapping_a_forced_pair_releases_only_that_pair(year, few, officer) -> None:
    forced = _force_one_link_of(year, few[0], officer)
    other = next(
        p
        for p in year.pairs.filter(forced=False)
        if few[1].pk in (p.school_a_id, p.school_b_id)
        and not ({p.school_a_id, p.school_b_id} & {forced.school_a_id, forced.school_b_id})
    )
    actions.add_rule(
        actor=officer, linking_year=year, a=other.school_a, b=other.school_b, kind=RuleKind.FORCE
    )
    year.refresh_from_db()
    forced = year.pairs.get(school_a=forced.school_a, school_b=forced.school_b, forced=True)
    second = next(
        p
        for p in year.pairs.filter(forced=False)
        if not (
            {p.school_a_id, p.school_b_id}
            & {forced.school_a_id, forced.school_b_id, other.school_a_id, other.school_b_id}
        )
    )
    actions.swap(actor=officer, first=forced, second=second)
    year.refresh_from_db()
    new = {
        frozenset((forced.school_a_id, second.school_b_id)),
        frozenset((second.school_a_id, forced.school_b_id)),
    }
    assert _forced_rules(year) == {_key(other)} | new
    assert {_key(p) for p in year.pairs.filter(forced=True)} == {_key(other)} | new
    event = AuditEvent.objects.get(action="schools.pairs_swapped")
    assert event.data["released"] == [[forced.school_a.urn, forced.school_b.urn]]


@pytest.mark.django_db
def test_pairs_sharing_a_school_cannot_be_swapped(year, few) -> None:
    shared = [p for p in year.pairs.all() if few[0].pk in (p.school_a_id, p.school_b_id)]
    assert len(shared) == 3
    before = _state(year)
    with pytest.raises(ValidationError, match=few[0].name):
        actions.swap(actor=year.created_by, first=shared[0], second=shared[1])
    assert _state(year) == before
    assert not AuditEvent.objects.filter(action="schools.pairs_swapped").exists()


@pytest.mark.django_db
def test_a_swap_onto_a_pair_already_linked_is_refused_naming_it(year, few, officer) -> None:
    """The first school (three classes) and the twelfth (two classes, the highest URN, so
    always the second school of its pairs) are forced together; swapping one of the first
    school's other links with the twelfth school's other link would link them twice."""
    actions.set_participants(
        actor=officer,
        linking_year=year,
        rows=[(s, {0: 3, 11: 2}.get(i, 1), "Year 4") for i, s in enumerate(few[:12])],
    )
    actions.add_rule(actor=officer, linking_year=year, a=few[0], b=few[11], kind=RuleKind.FORCE)
    year.refresh_from_db()
    pairs = list(year.pairs.all())
    other = next(p for p in pairs if few[11].pk == p.school_b_id and few[0].pk not in _key(p))
    first = next(
        p
        for p in pairs
        if p.school_a_id == few[0].pk and not p.forced and other.school_a_id not in _key(p)
    )
    before = _state(year)
    with pytest.raises(ValidationError) as refused:
        actions.swap(actor=officer, first=first, second=other)
    message = " ".join(refused.value.messages)
    assert few[0].name in message and few[11].name in message and "already linked" in message
    assert _state(year) == before


@pytest.mark.django_db
def test_a_swap_onto_a_forbidden_pair_is_refused_naming_it(year, few, officer) -> None:
    single = {s for s, n in _links(year).items() if n == 1 and s not in (few[0].pk, few[1].pk)}
    first, second = [p for p in year.pairs.all() if _key(p) <= single][:2]
    actions.add_rule(
        actor=officer, linking_year=year, a=first.school_a, b=second.school_b, kind=RuleKind.FORBID
    )
    year.refresh_from_db()
    first = year.pairs.get(school_a=first.school_a, school_b=first.school_b)
    second = year.pairs.get(school_a=second.school_a, school_b=second.school_b)
    before = _state(year)
    with pytest.raises(ValidationError) as refused:
        actions.swap(actor=officer, first=first, second=second)
    message = " ".join(refused.value.messages)
    assert first.school_a.name in message and second.school_b.name in message
    assert "forbidden" in message.lower()
    assert _state(year) == before


def _links(item) -> dict[int, int]:
    from collections import Counter

    return Counter(s for p in item.pairs.all() for s in (p.school_a_id, p.school_b_id))
