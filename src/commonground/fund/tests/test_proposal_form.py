"""The proposal form keeps work: a submission refused for its cost saves one draft, says the
limit and the total, and the corrected submission updates that draft (not a second one)."""

from __future__ import annotations

import re

from django.test import Client

from commonground.fund import actions
from commonground.fund.models import Proposal


def _form(round_, amount: str) -> dict:
    pillar = round_.pillars.get(slug="getting-along")
    return {
        "title": "Cooking Together",
        "summary": "Shared meals.",
        "description": "Monthly meals for new and settled neighbours.",
        "language": "en",
        "applicant_kind": "constituted_group",
        "pillars": [pillar.pk],
        "budget-TOTAL_FORMS": "2",
        "budget-INITIAL_FORMS": "0",
        "budget-0-item": "Food",
        "budget-0-amount": amount,
        "budget-1-item": "Venue",
        "budget-1-amount": "5000",
        "outputs-TOTAL_FORMS": "1",
        "outputs-INITIAL_FORMS": "0",
        "outputs-0-description": "Meals shared",
        "outputs-0-target": "400",
        "submit": "1",
    }


def test_an_over_limit_submission_saves_once_and_names_the_limit(round_draft, people):
    round_ = actions.open_round(actor=people["officer"], round_=round_draft)
    client = Client()
    client.force_login(people["partner"])
    form = _form(round_, "25500")
    form["organisation"] = people["partner"].organisation_id

    response = client.post(f"/fund/{round_.slug}/propose/", form)

    assert response.status_code == 200
    page = response.content.decode()
    assert "The budget adds up to £30,500: this round&#x27;s largest grant is £25,000." in page
    draft = Proposal.objects.get()
    assert draft.status == "draft"
    edit_url = f"/fund/{round_.slug}/proposals/{draft.pk}/edit/"
    assert re.search(rf'<form method="post"[^>]* action="{re.escape(edit_url)}"', page)
    assert "Your draft has been saved" in page

    form["budget-0-amount"] = "15000"
    response = client.post(edit_url, form)

    assert response.status_code == 302
    assert Proposal.objects.count() == 1
    draft.refresh_from_db()
    assert draft.status == "submitted" and str(draft.cost) == "20000.00"
