"""Entering a session on a draft consultation: the officer is told before the form, not after.

A draft takes no evidence (its options may still change, and dots are counted against them).
The dashboard that links to the forms says so instead of the links, and the form page says
so instead of the form, so nobody types up a session only to have it refused.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from commonground.consult import actions
from commonground.consult.models import Activity, ConsultationStatus, Method
from commonground.consult.tests.conftest import new_consultation

NOTICE = 'data-testid="evidence-after-opening"'


@pytest.fixture
def draft(officer, strategy):
    return new_consultation(officer, strategy, slug="draft-one")


def test_the_dashboard_of_a_draft_says_evidence_comes_after_opening(client, officer, draft):
    client.force_login(officer)
    page = client.get(f"/conversations/{draft.slug}/manage/").content.decode()
    assert NOTICE in page
    assert "can be entered once the consultation is open" in page
    assert f"/conversations/{draft.slug}/activities/new/" not in page


def test_the_form_page_of_a_draft_says_so_instead_of_the_form(client, officer, draft):
    client.force_login(officer)
    page = client.get(f"/conversations/{draft.slug}/activities/new/board-table/")
    html = page.content.decode()
    assert page.status_code == 200
    assert NOTICE in html and "still a draft" in html
    assert 'name="title"' not in html and 'enctype="multipart/form-data"' not in html
    assert f'href="/conversations/{draft.slug}/manage/"' in html


def test_a_post_to_a_draft_saves_nothing_and_the_action_still_refuses(client, officer, draft):
    client.force_login(officer)
    page = client.post(
        f"/conversations/{draft.slug}/activities/new/board-table/",
        {"title": "Board table", "held_on_0": "8", "held_on_1": "3", "held_on_2": "2025"},
    )
    assert page.status_code == 200 and NOTICE in page.content.decode()
    assert not Activity.all_objects.filter(consultation=draft).exists()
    with pytest.raises(ValidationError, match="still a draft"):
        actions.record_activity(
            actor=officer, consultation=draft, method=Method.BOARD_TABLE, title="Board table"
        )


def test_once_open_the_dashboard_links_to_each_form_and_the_form_is_shown(client, officer, draft):
    actions.set_status(actor=officer, consultation=draft, status=ConsultationStatus.OPEN)
    client.force_login(officer)
    dashboard = client.get(f"/conversations/{draft.slug}/manage/").content.decode()
    assert NOTICE not in dashboard
    assert f"/conversations/{draft.slug}/activities/new/board-table/" in dashboard
    form = client.get(f"/conversations/{draft.slug}/activities/new/board-table/")
    assert NOTICE not in form.content.decode() and 'name="title"' in form.content.decode()
