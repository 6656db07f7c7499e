"""Acting for an organisation needs a membership it (or an officer) confirmed (issue 10, #6).

The attack: a resident with no organisation applied as "West Yorkshire Police", was funded,
and the public page and the 360Giving data named the police.
"""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from commonground.core import memberships
from commonground.core.models import Area, Organisation
from commonground.core.roles import Role
from commonground.fund import actions, giving360
from commonground.fund.models import Grant, Proposal
from commonground.testing.people import make_user

from .conftest import PROJECTS, propose, voter


@pytest.fixture
def police(people) -> Organisation:
    return Organisation.objects.create(
        name="West Yorkshire Police", slug="west-yorkshire-police", kind="police"
    )


@pytest.fixture
def open_round(round_draft, people):
    return actions.open_round(actor=people["officer"], round_=round_draft)


def _csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def _form(round_, **extra) -> dict:
    pillar = round_.pillars.get(slug="getting-along")
    return {
        "title": "Safer Streets",
        "summary": "Walks with neighbours.",
        "description": "Weekly walks.",
        "language": "en",
        "applicant_kind": "constituted_group",
        "pillars": [pillar.pk],
        "budget-TOTAL_FORMS": "1",
        "budget-INITIAL_FORMS": "0",
        "budget-0-item": "Hi-vis vests",
        "budget-0-amount": "2000",
        "outputs-TOTAL_FORMS": "1",
        "outputs-INITIAL_FORMS": "0",
        "outputs-0-description": "",
        "outputs-0-target": "",
        "submit": "1",
        **extra,
    }


def _csrf(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_the_form_offers_only_the_users_confirmed_organisations(open_round, people, police):
    client = _csrf_client(people["partner"])
    page = client.get(f"/fund/{open_round.slug}/propose/").content.decode()
    select = re.search(r'<select[^>]*name="organisation"[^>]*>.*?</select>', page, re.S).group(0)
    assert "Girlington Women&#x27;s Group" in select
    assert "West Yorkshire Police" not in select and "Keighley Voluntary Services" not in select
    assert "Applying as an individual or an unconstituted group" in select


def test_a_resident_posting_the_polices_id_is_refused(open_round, people, police):
    resident = people["resident"]
    client = _csrf_client(resident)
    url = f"/fund/{open_round.slug}/propose/"
    token = _csrf(client, url)
    response = client.post(
        url, _form(open_round, organisation=str(police.pk), csrfmiddlewaretoken=token)
    )
    assert response.status_code == 200  # the form again, with the error
    assert "Select a valid choice" in response.content.decode()
    assert not Proposal.objects.filter(organisation=police).exists()
    assert not Proposal.objects.exists()


def test_the_action_itself_refuses_an_organisation_without_confirmed_membership(
    open_round, people, police
):
    resident = people["resident"]
    with pytest.raises(PermissionDenied):
        actions.save_draft(
            actor=resident, round_=open_round, data={"title": "Idea", "organisation": police}
        )
    memberships.request_membership(actor=resident, organisation=police)
    with pytest.raises(PermissionDenied):  # asked, not yet confirmed
        actions.save_draft(
            actor=resident, round_=open_round, data={"title": "Idea", "organisation": police}
        )
    draft = actions.save_draft(
        actor=resident, round_=open_round, data={"title": "Idea", "organisation": None}
    )
    with pytest.raises(PermissionDenied):  # nor by editing a draft afterwards
        actions.save_draft(
            actor=resident, round_=open_round, proposal=draft, data={"organisation": police}
        )
    assert Proposal.objects.get().organisation is None


def test_an_individual_applies_without_naming_an_organisation(open_round, people, police):
    client = _csrf_client(people["resident"])
    url = f"/fund/{open_round.slug}/propose/"
    token = _csrf(client, url)
    form = _form(open_round, organisation="", csrfmiddlewaretoken=token)
    form["other_partners"] = "Manningham walking group"  # the round needs one partner
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = Proposal.objects.get()
    assert proposal.status == "submitted" and proposal.organisation is None


def test_a_member_confirmed_by_the_organisation_applies_in_its_name(open_round, people, police):
    officer, resident = people["officer"], people["resident"]
    sergeant = make_user("sergeant", Role.PARTNER)
    memberships.grant_membership(user=sergeant, organisation=police, admin=True, actor=officer)
    asked = memberships.request_membership(actor=resident, organisation=police)
    memberships.confirm_membership(actor=sergeant, membership=asked)
    client = _csrf_client(resident)
    url = f"/fund/{open_round.slug}/propose/"
    token = _csrf(client, url)
    response = client.post(
        url, _form(open_round, organisation=str(police.pk), csrfmiddlewaretoken=token)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = Proposal.objects.get()
    assert proposal.organisation == police and proposal.organisation_verified
    # The officer sees who submitted it for the organisation.
    officer_client = Client()
    officer_client.force_login(officer)
    page = officer_client.get(f"/fund/{open_round.slug}/assessment/{proposal.pk}/")
    text = page.content.decode()
    assert "resident" in text and "West Yorkshire Police" in text
    assert "Membership confirmed" in text


def test_a_pending_member_neither_sees_nor_edits_the_organisations_proposals(open_round, people):
    group = Organisation.objects.get(slug="girlington")
    proposal = actions.save_draft(actor=people["partner"], round_=open_round, data={"title": "X"})
    assert proposal.organisation == group
    newcomer = make_user("newcomer", Role.RESIDENT)
    memberships.request_membership(actor=newcomer, organisation=group)
    assert not proposal.is_proposer(newcomer)
    assert not Proposal.objects.for_proposer(newcomer).exists()
    with pytest.raises(PermissionDenied):
        actions.save_draft(
            actor=newcomer, round_=open_round, proposal=proposal, data={"title": "Mine now"}
        )


@pytest.fixture
def funded_impostor(round_draft, people, police):
    """The attack as it happened before memberships: a funded proposal naming the police,
    submitted by someone who never belonged to it (made as old data: a direct update)."""
    officer = people["officer"]
    round_ = actions.open_round(actor=officer, round_=round_draft)
    proposals = [propose(round_, people["partner"], *p) for p in PROJECTS]
    impostor = proposals[0]
    Proposal.objects.filter(pk=impostor.pk).update(
        organisation=police, submitted_by=people["resident"]
    )
    actions.open_assessment(actor=officer, round_=round_)
    for p in proposals:
        actions.record_assessment(
            actor=officer,
            proposal=p,
            kind="eligibility",
            outcome="pass",
            comment="",
            checklist={q: True for q in round_.eligibility_checklist},
        )
        actions.shortlist(actor=officer, proposal=p, include=True)
    round_ = actions.open_voting(actor=officer, round_=round_)
    for i in range(3):
        actions.cast_ballot(round_=round_, voter=voter(round_, f"v{i}"), choices=["1"])
    round_ = actions.close_vote(actor=officer, round_=round_)
    actions.compute_results(actor=round_.created_by, round_=round_)
    actions.award_grants(actor=officer, round_=round_, conditions="Quarterly reports.")
    impostor.refresh_from_db()
    assert impostor.status == "funded"
    return impostor


def test_open_data_and_public_pages_do_not_name_an_unconfirmed_organisation(
    funded_impostor, people
):
    grant = Grant.objects.get(proposal=funded_impostor)
    data = giving360.package(giving360.grant_queryset(), "https://commonground.example/")
    assert giving360.validation_errors(data) == []
    record = next(g for g in data["grants"] if g["id"] == grant.identifier)
    recipient = record["recipientOrganization"][0]
    assert "Police" not in recipient["name"] and "police" not in recipient["id"]
    assert "Police" not in Client().get("/fund/grants/360giving.csv").content.decode()
    round_ = funded_impostor.round
    project = Client().get(f"/fund/{round_.slug}/projects/{funded_impostor.code}/")
    assert project.status_code == 200
    assert "West Yorkshire Police" not in project.content.decode()
    assert "Individual or unconstituted group" in project.content.decode()
    grant_page = Client().get(grant.get_absolute_url()).content.decode()
    assert "West Yorkshire Police" not in grant_page
    # The grants of confirmed members still name their organisation.
    other = Grant.objects.exclude(proposal=funded_impostor).select_related("proposal").first()
    if other is not None:
        record = next(g for g in data["grants"] if g["id"] == other.identifier)
        assert record["recipientOrganization"][0]["id"] == "GB-CHC-1123456"


def test_officers_see_the_unconfirmed_organisation_flagged(funded_impostor, people):
    client = Client()
    client.force_login(people["officer"])
    round_ = funded_impostor.round
    queue = client.get(f"/fund/{round_.slug}/assessment/").content.decode()
    assert "Organisation not confirmed" in queue
    page = client.get(f"/fund/{round_.slug}/assessment/{funded_impostor.pk}/").content.decode()
    assert "West Yorkshire Police" in page and "Organisation not confirmed" in page
    assert "resident" in page


def test_an_officer_confirming_the_membership_lets_the_organisation_be_named(
    funded_impostor, people, police
):
    assert not funded_impostor.organisation_verified
    asked = memberships.request_membership(actor=people["resident"], organisation=police)
    memberships.confirm_membership(actor=people["officer"], membership=asked)
    funded_impostor = Proposal.objects.get(pk=funded_impostor.pk)
    assert funded_impostor.organisation_verified
    grant = Grant.objects.get(proposal=funded_impostor)
    record = giving360.grant_record(giving360.grant_queryset().get(pk=grant.pk))
    assert record["recipientOrganization"][0]["name"] == "West Yorkshire Police"


def test_a_membership_ended_after_submission_still_names_the_organisation(open_round, people):
    partner = people["partner"]
    proposal = propose(open_round, partner, *PROJECTS[0])
    membership = partner.memberships.get()
    memberships.end_membership(actor=partner, membership=membership)
    partner.refresh_from_db()
    assert partner.organisation is None
    proposal = Proposal.objects.with_organisation_check().get(pk=proposal.pk)
    assert proposal.organisation_verified
    assert not proposal.is_proposer(people["partner2"])


def test_submitting_a_draft_for_an_organisation_one_has_left_is_refused(open_round, people):
    partner = people["partner"]
    draft = actions.save_draft(
        actor=partner,
        round_=open_round,
        data={
            "title": "Cooking",
            "summary": "Meals.",
            "description": "Monthly.",
            "applicant_kind": "constituted_group",
            "pillars": [open_round.pillars.first()],
            "wards": [Area.objects.get(code="E05001347")],
        },
        budget_lines=[("Food", Decimal("3000"))],
    )
    memberships.end_membership(actor=partner, membership=partner.memberships.get())
    partner.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.submit_proposal(actor=partner, proposal=draft)


def test_merging_does_not_pass_an_unconfirmed_organisation_on_as_a_partner(
    open_round, people, police
):
    target = propose(open_round, people["partner"], *PROJECTS[0])
    claimed = propose(open_round, people["partner"], *PROJECTS[1])
    Proposal.objects.filter(pk=claimed.pk).update(
        organisation=police, submitted_by=people["resident"]
    )
    confirmed = propose(open_round, people["partner2"], *PROJECTS[2])
    actions.merge_proposals(
        actor=people["officer"], target=target, others=[claimed, confirmed], reason="Same idea."
    )
    partners = set(target.partners.values_list("slug", flat=True))
    assert partners == {"kvs"}
