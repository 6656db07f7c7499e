"""Who may see a consultation is decided in one place (consult/rules.py) and every way in
agrees: the rule, the queryset every list uses, the consultation page, its survey, its
report and the API. Tried for every role on a consultation in every state."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone

from commonground.consult import actions, rules
from commonground.consult.models import Consultation, ConsultationStatus
from commonground.consult.tests.conftest import new_consultation

STATES = ("draft", "open", "closed", "reported")
ROLES = ("anonymous", "resident", "researcher", "board", "officer")


@pytest.fixture
def consultations(officer, strategy) -> dict[str, Consultation]:
    made = {}
    for state in STATES:
        consultation = new_consultation(officer, strategy, slug=f"c-{state}")
        if state != "draft":
            actions.set_status(
                actor=officer, consultation=consultation, status=ConsultationStatus.OPEN
            )
        if state in ("closed", "reported"):
            actions.set_status(
                actor=officer, consultation=consultation, status=ConsultationStatus.CLOSED
            )
        if state == "reported":
            actions.publish_report(actor=officer, consultation=consultation)
        made[state] = Consultation.objects.get(pk=consultation.pk)
    return made


def _user(people, role):
    return AnonymousUser() if role == "anonymous" else people[role]


def _client(people, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(people[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_the_rule_and_the_queryset_agree_for_every_role_and_state(people, consultations, role):
    user = _user(people, role)
    visible = set(Consultation.objects.visible_to(user).values_list("slug", flat=True))
    for state, consultation in consultations.items():
        allowed = rules.allowed(user, "consult.view_consultation", consultation)
        assert allowed == (consultation.slug in visible), (role, state)
        # Drafts are officers' only; everything else is public.
        assert allowed == (state != "draft" or role == "officer"), (role, state)


@pytest.mark.parametrize("role", ROLES)
def test_the_pages_and_the_api_follow_the_rule(people, consultations, role):
    user = _user(people, role)
    client = _client(people, role)
    listed = client.get("/conversations/").content.decode()
    api_list = {c["slug"] for c in client.get("/api/consult/consultations").json()}
    for state, consultation in consultations.items():
        may_see = rules.allowed(user, "consult.view_consultation", consultation)
        page = client.get(f"/conversations/{consultation.slug}/")
        assert page.status_code == (200 if may_see else 404), (role, state)
        api = client.get(f"/api/consult/consultations/{consultation.slug}")
        assert api.status_code == (200 if may_see else 404), (role, state)
        assert (consultation.slug in api_list) == may_see, (role, state)
        survey = client.get(f"/conversations/{consultation.slug}/survey/")
        assert (survey.status_code == 404) == (not may_see), (role, state)
        # The public index lists what has left draft, whoever asks.
        assert (f"/conversations/{consultation.slug}/" in listed) == (state != "draft")

        may_read = rules.allowed(user, "consult.view_report", consultation)
        assert may_read == (state == "reported" or role == "officer"), (role, state)
        report = client.get(f"/conversations/{consultation.slug}/report/")
        assert report.status_code == (200 if may_read else 404), (role, state)
        themes = client.get(f"/api/consult/consultations/{consultation.slug}/themes")
        assert themes.status_code == (200 if may_read and may_see else 404), (role, state)


def test_a_researcher_changes_only_the_sessions_they_entered_while_it_is_open(
    people, consultations
):
    from commonground.consult.tests.conftest import board_table

    researcher, officer = people["researcher"], people["officer"]
    open_one = consultations["open"]
    theirs = board_table(researcher, open_one)
    someone_elses = board_table(officer, open_one, title="Officer's table")

    assert rules.allowed(researcher, "consult.change_activity", theirs)
    assert not rules.allowed(researcher, "consult.change_activity", someone_elses)
    assert rules.allowed(officer, "consult.change_activity", theirs)
    assert theirs.may_be_changed_by(researcher)  # the model asks the same rule

    Consultation.objects.filter(pk=open_one.pk).update(closes_at=timezone.now())
    theirs.consultation.refresh_from_db()
    assert not rules.allowed(researcher, "consult.change_activity", theirs)
    assert rules.allowed(officer, "consult.change_activity", theirs)


def test_an_undeclared_permission_is_a_programming_error(people):
    with pytest.raises(KeyError, match="undeclared"):
        rules.allowed(people["officer"], "consult.do_anything")
