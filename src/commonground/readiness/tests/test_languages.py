"""Scales and the interview guide in the scorer's or interviewer's language; the council's
anchors page, per language, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from commonground.core.models import AuditEvent
from commonground.readiness import catalogue
from commonground.readinessmodel import catalogue as shipped

pytestmark = pytest.mark.django_db


def test_the_scorer_sees_the_scales_in_their_language(client, people, interview):
    client.force_login(people["scorer_a"])
    with translation.override("ur"):
        url = reverse("readiness:score", args=[interview.pk])
    page = client.get(url).content.decode()
    assert shipped.scales("ur")["A"].anchors[3] in page
    assert 'lang="ur" dir="rtl"' in page
    # a scorer reading English pages may still choose the Polish scales
    url = reverse("readiness:score", args=[interview.pk])
    page = client.get(url, {"scales": "pl"}).content.decode()
    assert shipped.scales("pl")["F"].anchors[6] in page
    assert shipped.scales("en")["F"].anchors[6] not in page


def test_the_council_rewords_an_anchor_in_one_language_only(client, people, interview):
    client.force_login(people["officer"])
    url = reverse("readiness:anchor_edit", args=["C", "pl"])
    current = catalogue.anchors("pl")["C"]
    data = {f"a{n}": current[n] for n in range(1, 10)} | {"a4": "Liderzy zwołali spotkanie."}
    response = client.post(url, data)
    assert response.status_code == 302
    assert catalogue.anchors("pl")["C"][4] == "Liderzy zwołali spotkanie."
    assert catalogue.anchors("en")["C"][4] == shipped.scales("en")["C"].anchors[4]
    assert catalogue.anchors("ur")["C"][4] == shipped.scales("ur")["C"].anchors[4]
    events = AuditEvent.objects.filter(action="readiness.anchor_edited")
    assert events.count() == 1  # only the changed anchor
    assert events.get().data["language"] == "pl"
    page = client.get(reverse("readiness:anchors"), {"scales": "pl"}).content.decode()
    assert "Liderzy zwołali spotkanie." in page and "Council's wording" in page
    client.force_login(people["scorer_a"])
    with translation.override("pl"):
        score_url = reverse("readiness:score", args=[interview.pk])
    assert "Liderzy zwołali spotkanie." in client.get(score_url).content.decode()


def test_an_empty_anchor_is_refused_and_nothing_changes(client, people):
    client.force_login(people["officer"])
    current = catalogue.anchors("ur")["A"]
    data = {f"a{n}": current[n] for n in range(1, 10)} | {"a2": "  "}
    response = client.post(reverse("readiness:anchor_edit", args=["A", "ur"]), data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not AuditEvent.objects.filter(action="readiness.anchor_edited").exists()


def test_only_officers_edit_anchors(client, people):
    client.force_login(people["scorer_b"])  # a partner: may read, not edit
    assert client.get(reverse("readiness:anchors")).status_code == 200
    assert client.get(reverse("readiness:anchor_edit", args=["A", "en"])).status_code == 403
    client.force_login(people["officer"])
    assert client.get(reverse("readiness:anchor_edit", args=["Z", "en"])).status_code == 404
    assert client.get(reverse("readiness:anchor_edit", args=["A", "fr"])).status_code == 404


def test_a_new_assessment_starts_from_the_standard_guide_in_three_languages(client, people):
    client.force_login(people["officer"])
    page = client.get(reverse("readiness:assessment_new")).content.decode()
    for language in ("en", "ur", "pl"):
        assert shipped.guide(language)[0][1] in page


def test_the_interviewer_reads_the_guide_in_their_language(client, people, assessment):
    client.force_login(people["interviewer"])
    with translation.override("pl"):
        url = reverse("readiness:interview_new", args=[assessment.pk])
    page = client.get(url).content.decode()
    assert assessment.guide_pl in page
    page = client.get(url, {"guide": "ur"}).content.decode()
    assert assessment.guide_ur in page
