"""The goal and strategies of each stage in the page's language (strategies page and
profile); the council rewords a stage in one language only, audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from commonground.core.models import AuditEvent
from commonground.readiness import actions, catalogue
from commonground.readinessmodel import catalogue as shipped

from .conftest import score_both

pytestmark = pytest.mark.django_db


def _url(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(f"readiness:{name}", args=args)


@pytest.mark.parametrize("language", ["ur", "pl"])
def test_the_strategies_page_is_in_the_page_language(client, people, language):
    client.force_login(people["scorer_b"])
    page = client.get(_url(language, "strategies")).content.decode()
    local = shipped.strategies(language)
    english = shipped.strategies("en")
    for stage in range(1, 10):
        assert escape(local[stage].goal) in page
        assert escape(local[stage].strategies[-1]) in page
        assert escape(english[stage].goal) not in page
    direction = "rtl" if language == "ur" else "ltr"
    assert f'lang="{language}" dir="{direction}"' in page
    assert 'lang="en"' not in page.split("<main", 1)[1].split("</main>", 1)[0].replace(
        '<a class="govuk-link" lang="en"', ""
    )


def test_another_language_can_be_chosen(client, people):
    client.force_login(people["scorer_b"])
    page = client.get(reverse("readiness:strategies"), {"strategies": "ur"}).content.decode()
    assert escape(shipped.strategies("ur")[4].goal) in page
    assert escape(shipped.strategies("en")[4].goal) not in page


def test_the_profile_shows_the_strategies_in_the_page_language(
    client, people, assessment, interview
):
    score_both(people, interview)
    actions.agree_consensus(
        actor=people["scorer_a"], interview=interview, scores=dict.fromkeys("ABCDEF", Decimal(4))
    )
    client.force_login(people["officer"])
    page = client.get(_url("pl", "profile", assessment.pk)).content.decode()
    assert escape(shipped.strategies("pl")[4].goal) in page
    assert escape(shipped.strategies("pl")[4].strategies[0]) in page
    assert escape(shipped.strategies("en")[4].goal) not in page
    page = client.get(_url("ur", "profile", assessment.pk)).content.decode()
    assert escape(shipped.strategies("ur")[4].goal) in page
    assert 'lang="ur" dir="rtl"' in page


def test_the_council_rewords_a_stage_in_one_language_only(client, people):
    client.force_login(people["officer"])
    response = client.post(
        reverse("readiness:strategy_edit", args=[5, "pl"]),
        {"goal": "Zebrać dane z Manningham.", "strategies": "Jedno\nDrugie"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?strategies=pl")
    assert catalogue.strategies("pl")[5].goal == "Zebrać dane z Manningham."
    assert catalogue.strategies("pl")[5].strategies == ("Jedno", "Drugie")
    assert catalogue.strategies("en")[5].goal == shipped.strategies("en")[5].goal
    assert catalogue.strategies("ur")[5].goal == shipped.strategies("ur")[5].goal
    event = AuditEvent.objects.get(action="readiness.strategy_edited")
    assert event.data["language"] == "pl" and event.data["stage"] == 5
    page = client.get(_url("pl", "strategies")).content.decode()
    assert "Zebrać dane z Manningham." in page


def test_the_edit_form_starts_from_the_wording_in_its_language(client, people):
    client.force_login(people["officer"])
    page = client.get(reverse("readiness:strategy_edit", args=[2, "ur"])).content.decode()
    assert escape(shipped.strategies("ur")[2].goal) in page
    assert 'lang="ur" dir="rtl"' in page
    assert client.get(reverse("readiness:strategy_edit", args=[2, "fr"])).status_code == 404
    assert client.get(reverse("readiness:strategy_edit", args=[10, "en"])).status_code == 404


def test_an_unknown_language_is_refused_by_the_action(people):
    with pytest.raises(ValidationError):
        actions.edit_strategy(
            actor=people["officer"], stage=3, goal="g", strategies="s", language="fr"
        )
    assert not AuditEvent.objects.filter(action="readiness.strategy_edited").exists()
