"""Grants and delivery: awards with milestones, 360Giving JSON validated by the standard's own
schema, the CSV, progress reports and the public tracking page."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from commonground.fund import actions, giving360
from commonground.fund.models import Grant

from .conftest import voter


@pytest.fixture
def delivered(round_voting, people):
    for i, choices in enumerate([["1", "2"], ["1", "2"], ["3"], ["4", "2"]]):
        actions.cast_ballot(
            round_=round_voting, voter=voter(round_voting, f"v{i}"), choices=choices
        )
    round_ = actions.close_vote(actor=people["officer"], round_=round_voting)
    actions.compute_results(actor=round_.created_by, round_=round_)
    actions.award_grants(actor=people["officer"], round_=round_, conditions="Quarterly reports.")
    round_.refresh_from_db()
    return round_


def test_award_grants_moves_to_delivery_with_milestones(delivered):
    assert delivered.phase == "delivery"
    grants = list(Grant.objects.all())
    assert {g.proposal.code for g in grants} == set(delivered.results.get().selected)
    for g in grants:
        assert sum(m.payment for m in g.milestones.all()) == g.amount
        assert g.identifier.startswith("360G-")


def test_360giving_package_is_valid_against_the_standard_schema(delivered, people):
    grant = Grant.objects.first()
    actions.pay_milestone(actor=people["officer"], milestone=grant.milestones.first())
    data = giving360.package(giving360.grant_queryset(), "https://commonground.example/")
    assert giving360.validation_errors(data) == []
    record = next(g for g in data["grants"] if g["id"] == grant.identifier)
    assert record["recipientOrganization"][0]["id"] == "GB-CHC-1123456"
    assert record["beneficiaryLocation"][0]["geoCode"] == "E05001347"
    assert record["amountDisbursed"] == float(grant.milestones.first().payment) or int(
        grant.milestones.first().payment
    )
    # The validator really checks: break a required field and it complains.
    broken = {**data, "grants": [{k: v for k, v in data["grants"][0].items() if k != "title"}]}
    assert any("'title' is a required property" in e for e in giving360.validation_errors(broken))


def test_360giving_downloads(delivered, client):
    response = client.get("/fund/grants/360giving.json")
    assert response.status_code == 200
    assert giving360.validation_errors(response.json()) == []
    response = client.get("/fund/grants/360giving.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Identifier", "Title", "Description"]
    assert len(rows) == 1 + Grant.objects.count()
    if giving360.HAVE_OPENPYXL:
        assert client.get("/fund/grants/360giving.xlsx").content[:2] == b"PK"
    assert client.get("/fund/grants/360giving.exe").status_code == 404


def test_progress_reports_and_tracking_page(delivered, people, client):
    grant = Grant.objects.select_related("proposal").first()
    with pytest.raises(PermissionDenied):
        actions.report_progress(
            actor=people["partner2"], grant=grant, percent_complete=10, spend_to_date=Decimal(1)
        )
    milestone = grant.milestones.first()
    actions.report_progress(
        actor=people["partner"],
        grant=grant,
        percent_complete=40,
        spend_to_date=Decimal("4500"),
        story="Forty families came.",
        milestones={milestone.pk: 100},
    )
    milestone.refresh_from_db()
    assert milestone.percent_complete == 100
    page = client.get("/fund/tracking/").content.decode()
    assert grant.proposal.title in page and "40%" in page
    assert "City (Bradford)" in page  # rolled up by ward
    detail = client.get(grant.get_absolute_url()).content.decode()
    assert "Forty families came." in detail
