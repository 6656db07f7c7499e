"""A stored linking year: schools chosen, pairs proposed, changed (with their cost), confirmed,
answered by each school; last year's pairs avoided; bad input refused and nothing changed."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from commonground.core.models import AuditEvent
from commonground.core.roles import Role
from commonground.schools import actions
from commonground.schools.models import (
    Answer,
    LinkingDay,
    LinkingYear,
    LinkPair,
    PairRule,
    RuleKind,
    SchoolContact,
)
from commonground.schools.planning import plan_year
from commonground.testing.people import make_user


@pytest.fixture
def year(few, officer):
    item = actions.create_year(actor=officer, year="2027/28", phase="primary", max_km=Decimal("5"))
    actions.set_participants(
        actor=officer, linking_year=item, rows=[(s, 1, "Year 4") for s in few[:12]]
    )
    actions.propose(actor=officer, linking_year=item)
    item.refresh_from_db()
    return item


def _pairs(item):
    return {frozenset((p.school_a_id, p.school_b_id)) for p in item.pairs.all()}


@pytest.mark.django_db
def test_proposal_is_stored_with_the_engine_total(year) -> None:
    pairs = list(year.pairs.all())
    schools = [s for p in pairs for s in (p.school_a_id, p.school_b_id)]
    assert len(pairs) >= 5 and len(set(schools)) == len(schools)  # each school in one pair
    assert year.total_difference == pytest.approx(sum(p.difference for p in pairs))
    assert year.cost == 0 and year.best_difference == year.total_difference
    assert all(p.km <= 5 and p.school_a.urn < p.school_b.urn for p in pairs)
    assert AuditEvent.objects.filter(action="schools.pairs_proposed").count() == 1


@pytest.mark.django_db
def test_forbidding_a_pair_reproposes_and_costs(year, officer) -> None:
    best = max(year.pairs.all(), key=lambda p: p.difference)
    plan = actions.add_rule(
        actor=officer, linking_year=year, a=best.school_a, b=best.school_b, kind=RuleKind.FORBID
    )
    year.refresh_from_db()
    assert frozenset((best.school_a_id, best.school_b_id)) not in _pairs(year)
    assert year.best_difference == pytest.approx(plan.best)
    assert year.cost == pytest.approx(plan.best - plan.total) and year.cost >= 0
    event = AuditEvent.objects.get(action="schools.pair_rule_added")
    assert event.data["kind"] == "forbid" and event.data["total"] == pytest.approx(plan.total)


@pytest.mark.django_db
def test_swap_forces_the_new_pairs_and_the_page_shows_the_cost(client, year, officer) -> None:
    first, second = list(year.pairs.order_by("-difference"))[:2]
    client.force_login(officer)
    response = client.post(
        reverse("schools:year_swap", args=[year.pk]), {"first": first.pk, "second": second.pk}
    )
    assert response.status_code == 302
    year.refresh_from_db()
    new = {
        frozenset((first.school_a_id, second.school_b_id)),
        frozenset((second.school_a_id, first.school_b_id)),
    }
    assert new <= _pairs(year)
    assert set(year.pairs.filter(forced=True).values_list("pk", flat=True))
    assert PairRule.objects.filter(linking_year=year, kind=RuleKind.FORCE).count() == 2
    html = client.get(year.get_absolute_url()).content.decode()
    assert year.cost > 0
    assert f"Your changes cost {year.cost:.2f} of total difference" in html


@pytest.mark.django_db
def test_confirm_creates_three_days_and_schools_answer(year, officer) -> None:
    actions.confirm_year(actor=officer, linking_year=year)
    assert LinkingDay.objects.filter(pair__linking_year=year).count() == 3 * year.pairs.count()
    pair = year.pairs.first()
    head = make_user("head", Role.RESIDENT)
    SchoolContact.objects.create(school=pair.school_a, user=head, role="contact")
    actions.answer_pair(actor=head, pair=pair, school=pair.school_a, accept=True)
    actions.answer_pair(
        actor=officer, pair=pair, school=pair.school_b, accept=False, reason="Ofsted week"
    )
    pair.refresh_from_db()
    assert (pair.answer_a, pair.answer_b, pair.status) == ("accepted", "declined", "declined")
    answers = AuditEvent.objects.filter(action="schools.pair_answered").order_by("pk")
    assert [e.data["on_behalf"] for e in answers] == [False, True]
    assert answers[1].reason == "Ofsted week"
    stranger = make_user("stranger", Role.RESIDENT)
    with pytest.raises(PermissionDenied):
        actions.answer_pair(actor=stranger, pair=pair, school=pair.school_a, accept=True)
    with pytest.raises(ValidationError):
        actions.add_rule(
            actor=officer,
            linking_year=year,
            a=pair.school_a,
            b=pair.school_b,
            kind=RuleKind.FORBID,
        )


@pytest.mark.django_db
def test_a_teacher_cannot_answer_for_the_school(year, officer) -> None:
    actions.confirm_year(actor=officer, linking_year=year)
    pair = year.pairs.first()
    teacher = make_user("teacher", Role.RESIDENT)
    SchoolContact.objects.create(school=pair.school_a, user=teacher, role="teacher")
    with pytest.raises(PermissionDenied):
        actions.answer_pair(actor=teacher, pair=pair, school=pair.school_a, accept=True)
    assert LinkPair.objects.get(pk=pair.pk).answer_a == Answer.PENDING


@pytest.mark.django_db
def test_next_year_avoids_last_years_pairs(year, officer) -> None:
    actions.confirm_year(actor=officer, linking_year=year)
    last = _pairs(year)
    following = actions.create_year(
        actor=officer, year="2028/29", phase="primary", max_km=Decimal("5")
    )
    rules = PairRule.objects.filter(linking_year=following, kind=RuleKind.LAST_YEAR)
    assert {frozenset((r.school_a_id, r.school_b_id)) for r in rules} == last
    actions.set_participants(
        actor=officer,
        linking_year=following,
        rows=[(p.school, 1, "") for p in year.participants.select_related("school")],
    )
    actions.propose(actor=officer, linking_year=following)
    following.refresh_from_db()
    assert not (_pairs(following) & last)
    assert following.cost == 0  # last year's pairs are the year's rule, not an officer change
    assert plan_year(following).total == pytest.approx(following.total_difference)


@pytest.mark.django_db
def test_bad_input_names_the_field_and_changes_nothing(client, few, officer) -> None:
    client.force_login(officer)
    url = reverse("schools:years")
    html = client.post(url, {"year": "2027/29", "phase": "primary", "max_km": "5"}).content
    assert "Write the school year as 2027/28." in html.decode()
    html = client.post(url, {"year": "2027/28", "phase": "primary", "max_km": "0"}).content
    assert "The distance must be more than 0 km." in html.decode()
    assert not LinkingYear.objects.exists()
    item = actions.create_year(actor=officer, year="2027/28", phase="primary", max_km=Decimal(5))
    response = client.post(
        reverse("schools:year_schools", args=[item.pk]), {"schools": f"{few[0].urn}, 1\n999999, 2"}
    )
    assert response.status_code == 400
    assert "Line 2: 999999 is not a District school of this phase." in response.content.decode()
    assert not item.participants.exists()


@pytest.mark.django_db
def test_residents_cannot_see_linking_years(client, year) -> None:
    client.force_login(make_user("resident", Role.RESIDENT))
    assert client.get(reverse("schools:years")).status_code == 403
    assert client.get(year.get_absolute_url()).status_code == 403
    assert client.post(reverse("schools:year_propose", args=[year.pk])).status_code == 403
