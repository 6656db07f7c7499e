"""Every readiness page in Urdu and Polish shows no English interface words outside elements
marked English: each text is checked against the catalogues' msgids the way core's crawl
of the public pages does (core/tests/test_translated_pages.py), signed in as the people who
use these pages. Interview notes, roles and issues people typed are data, not judged."""

from __future__ import annotations

import pytest
from django.utils import translation

from commonground.core.tests.test_translated_pages import _interface_words, _VisibleText

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ur", "pl"])
def test_no_english_interface_words_on_the_readiness_pages(client, people, every_page, language):
    with translation.override(language):
        words = _interface_words(language)
    assert len(words) > 100  # the catalogues were read
    found = {}
    for who, path in every_page:
        client.force_login(people[who])
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, (who, path, response.status_code)
        body = response.content.decode()
        parser = _VisibleText()
        parser.feed(body)
        english = sorted({chunk for chunk in parser.chunks if chunk in words})
        if "Select an option" in body:  # Django's own empty choice, English only
            english.append("- Select an option -")
        if english:
            found[path] = english
    assert not found, "\n".join(f"{path}: {texts}" for path, texts in found.items())


def test_scores_are_written_the_polish_way_on_polish_pages(client, people, every_page):
    profiles = [(who, path) for who, path in every_page if path.endswith("/profile/")]
    client.force_login(people[profiles[0][0]])
    body = client.get(f"/pl{profiles[0][1]}").content.decode()
    chart = body.split('<svg class="cg-chart__svg"', 1)[1].split("</svg>", 1)[0]
    assert "5,00" in chart and "5.00" not in chart
    body = client.get(profiles[0][1]).content.decode()
    assert "5.00" in body.split('<svg class="cg-chart__svg"', 1)[1].split("</svg>", 1)[0]
