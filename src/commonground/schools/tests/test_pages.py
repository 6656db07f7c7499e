"""Public pages: index with map and table, school page, segregation indices."""

import pytest
from django.urls import reverse

from commonground import segregation
from commonground.schools.models import SchoolCensus


@pytest.mark.django_db
def test_index_colours_by_chosen_group(client, loaded) -> None:
    response = client.get(reverse("schools:index"), {"group": "pakistani", "phase": "primary"})
    html = response.content.decode()
    assert html.count("cg-school-dot") == 156
    assert "Addingham Primary School" in html and 'id="schools-table"' in html
    assert '<option value="pakistani" selected>' in html
    assert "More White British" in html and "Less White British" in html


@pytest.mark.django_db
def test_school_page_shows_shares_and_neighbours(client, loaded) -> None:
    response = client.get(reverse("schools:school", args=["107286"]))
    html = response.content.decode()
    assert "Addingham Primary School" in html
    assert "94%" in html  # 174 White British of 186 classified
    assert "10 nearest schools" in html


@pytest.mark.django_db
def test_unknown_school_is_404(client, loaded) -> None:
    assert client.get(reverse("schools:school", args=["1"])).status_code == 404


@pytest.mark.django_db
def test_segregation_page_matches_package(client, loaded) -> None:
    response = client.get(reverse("schools:segregation"))
    html = response.content.decode()
    rows = [
        c for c in SchoolCensus.objects.filter(school__phase="secondary", school__in_district=True)
    ]
    fsm = segregation.dissimilarity(
        [c.free_school_meals for c in rows], [c.headcount for c in rows]
    )
    assert f"{fsm:.3f}" in html
    assert "Primary schools" in html and "Secondary schools" in html
