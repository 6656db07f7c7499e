"""Re-pairing after a decline: the freed partners are paired again with each other and with
schools that still have a class free; standing pairs kept; the cost shown; audited."""

from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from commonground.core.models import AuditEvent
from commonground.core.roles import Role
from commonground.schools import actions
from commonground.schools.models import Answer, LinkingDay, LinkPair
from commonground.schools.planning import plan_repair
from commonground.testing.people import make_user


def _decline(officer, pair, school) -> None:
    actions.answer_pair(actor=officer, pair=pair, school=school, accept=False, reason="no cover")


@pytest.mark.django_db
def test_two_declines_free_two_partners_who_are_paired_again(confirmed, officer) -> None:
    first, second = list(confirmed.pairs.order_by("-difference"))[:2]
    standing = set(
        confirmed.pairs.exclude(pk__in=[first.pk, second.pk]).values_list("pk", flat=True)
    )
    _decline(officer, first, first.school_a)
    _decline(officer, second, second.school_a)
    paired = {s for p in confirmed.pairs.all() for s in (p.school_a_id, p.school_b_id)}
    unpaired = set(confirmed.participants.values_list("school_id", flat=True)) - paired
    plan = plan_repair(confirmed)
    freed = {first.school_b_id, second.school_b_id}
    assert {s.pk for s in plan.freed} == freed
    actions.repair(actor=officer, linking_year=confirmed)
    new = list(confirmed.pairs.exclude(pk__in=standing | {first.pk, second.pk}))
    used = Counter(s for p in new for s in (p.school_a_id, p.school_b_id))
    # only freed partners and schools never paired take part, each once (one class each)
    assert new and set(used) <= freed | unpaired and max(used.values()) == 1
    assert set(used) & freed
    assert {frozenset((p.school_a_id, p.school_b_id)) for p in new} == {
        frozenset((a.pk, b.pk)) for a, b, _d, _km in plan.links
    }
    assert all(p.answer_a == p.answer_b == Answer.PENDING for p in new)
    assert LinkingDay.objects.filter(pair__in=new).count() == 3 * len(new)
    # standing pairs untouched, decliners not linked again
    assert set(confirmed.pairs.filter(pk__in=standing).values_list("pk", flat=True)) == standing
    links = Counter(
        s
        for p in confirmed.pairs.all()
        if p.status != Answer.DECLINED
        for s in (p.school_a_id, p.school_b_id)
    )
    assert links[first.school_a_id] == links[second.school_a_id] == 0
    event = AuditEvent.objects.get(action="schools.pairs_repaired")
    assert event.data["new"] == [[new[0].school_a.urn, new[0].school_b.urn]]
    assert event.data["total"] == pytest.approx(plan.total)
    assert event.data["cost"] == pytest.approx(max(0.0, plan.best - plan.total))
    assert plan.total == pytest.approx(
        sum(p.difference for p in confirmed.pairs.all() if p.status != Answer.DECLINED)
    )


@pytest.mark.django_db
def test_a_single_freed_partner_joins_an_unpaired_school(confirmed, officer, few) -> None:
    pair = confirmed.pairs.order_by("-difference").first()
    paired = {s for p in confirmed.pairs.all() for s in (p.school_a_id, p.school_b_id)}
    unpaired = [s for s in few[:12] if s.pk not in paired]
    _decline(officer, pair, pair.school_a)
    plan = plan_repair(confirmed)
    assert [s.pk for s in plan.freed] == [pair.school_b_id]
    assert plan.best >= plan.total - 1e-12 and plan.cost >= 0
    for a, b, difference, km in plan.links:
        assert km <= 5 and difference > 0
        assert {a.pk, b.pk} <= {pair.school_b_id} | {s.pk for s in unpaired}
    assert len(plan.links) == (1 if unpaired and plan.links else 0)


@pytest.mark.django_db
def test_the_page_shows_the_new_pairs_and_their_cost(client, confirmed, officer) -> None:
    first, second = list(confirmed.pairs.order_by("-difference"))[:2]
    _decline(officer, first, first.school_b)
    _decline(officer, second, second.school_b)
    client.force_login(officer)
    page = client.get(confirmed.get_absolute_url()).content.decode()
    assert 'id="repair-cost"' in page and first.school_a.name in page
    assert "Keeping the standing pairs costs" in page
    before = LinkPair.objects.count()
    response = client.post(reverse("schools:year_repair", args=[confirmed.pk]))
    assert response.status_code == 302
    assert LinkPair.objects.count() == before + 1
    again = client.post(reverse("schools:year_repair", args=[confirmed.pk]))
    assert again.status_code == 400  # nobody waits now


@pytest.mark.django_db
def test_nothing_to_repair_and_others_are_refused(confirmed, officer) -> None:
    with pytest.raises(ValidationError, match="No school is waiting"):
        actions.repair(actor=officer, linking_year=confirmed)
    pair = confirmed.pairs.first()
    _decline(officer, pair, pair.school_a)
    partner = make_user("partner", Role.PARTNER)
    with pytest.raises(PermissionDenied):
        actions.repair(actor=partner, linking_year=confirmed)
    assert not AuditEvent.objects.filter(action="schools.pairs_repaired").exists()
