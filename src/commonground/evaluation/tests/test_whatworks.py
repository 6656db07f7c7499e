"""What works fed back into the Innovation Fund: published, decided interventions on the
proposal's themes, on the proposal form and the assessors' page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from commonground.core.models import Objective, Pillar
from commonground.core.tests.conftest import make_bradford, make_strategy
from commonground.fund import actions as fund_actions
from commonground.fund.tests.conftest import new_round, propose
from commonground.testing.people import make_user

from .. import actions, whatworks
from ..forms import DecisionForm
from ..models import Choice, Intervention, Kind, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(db):
    return make_strategy(make_bradford())


def _decided(officer, title, *, pillar=None, objective=None, choice=Choice.SCALE_UP, publish=True):
    item = Intervention.objects.create(
        title=title,
        kind=Kind.PILOT,
        owner="Council",
        start_date=dt.date(2022, 1, 1),
        pillar=pillar,
        objective=objective,
        status=Status.PUBLISHED if publish else Status.DRAFT,
    )
    form = DecisionForm({"choice": choice, "reasons": f"Reasons for {title}."}, intervention=item)
    assert form.is_valid(), form.errors
    actions.record_decision(actor=officer, form=form)
    return item


def test_relevant_puts_the_same_objective_first_and_leaves_out_drafts(strategy):
    from commonground.core.roles import Role

    officer = make_user("officer-ww", Role.OFFICER)
    getting_on = Pillar.objects.get(slug="getting-on")
    other = Pillar.objects.exclude(pk=getting_on.pk).first()
    objective = Objective.objects.filter(pillar=getting_on).first()
    _decided(officer, "Same pillar", pillar=getting_on)
    _decided(officer, "Same objective", pillar=getting_on, objective=objective, choice=Choice.STOP)
    _decided(officer, "Other theme", pillar=other)
    _decided(officer, "Draft one", pillar=getting_on, publish=False)
    Intervention.objects.create(  # published but never decided: not yet evidence
        title="Undecided",
        kind=Kind.PILOT,
        owner="Council",
        start_date=dt.date(2022, 1, 1),
        pillar=getting_on,
        status=Status.PUBLISHED,
    )
    lessons = whatworks.relevant(pillars=[getting_on.pk], objectives=[objective.pk])
    assert [lesson.intervention.title for lesson in lessons] == ["Same objective", "Same pillar"]
    assert lessons[0].decision.choice == Choice.STOP
    assert lessons[0].matches_objective and lessons[1].matches_pillar
    everything = whatworks.relevant()
    assert {lesson.intervention.title for lesson in everything} == {
        "Same pillar",
        "Same objective",
        "Other theme",
    }
    assert len(whatworks.relevant(limit=1)) == 1


def test_proposers_and_assessors_see_what_worked_on_their_themes(client, strategy):
    from commonground.core.models import Organisation
    from commonground.core.roles import Role

    officer = make_user("officer-fund", Role.OFFICER)
    group = Organisation.objects.create(name="Girlington Group", slug="girl", kind="voluntary")
    partner = make_user("partner-fund", Role.PARTNER, group)
    getting_on = Pillar.objects.get(slug="getting-on")
    _decided(officer, "English conversation clubs", pillar=getting_on)
    _decided(officer, "Unrelated football league", pillar=Pillar.objects.get(slug="feeling-safe"))
    round_ = new_round(officer, strategy)
    fund_actions.open_round(actor=officer, round_=round_)
    proposal = propose(round_, partner, "English in the Park", "Classes.", 8000, "getting-on")

    client.force_login(partner)
    page = client.get(reverse("fund:proposal_new", args=[round_.slug])).content.decode()
    assert "What works" in page and "English conversation clubs" in page
    assert "Reasons for English conversation clubs." in page
    assert "Scale up" in page

    client.force_login(officer)
    page = client.get(reverse("fund:assess", args=[round_.slug, proposal.pk])).content.decode()
    assert "English conversation clubs" in page
    assert "Unrelated football league" not in page  # the proposal's own theme only
