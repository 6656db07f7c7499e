"""The public pages: each renders what a resident needs, in English, Urdu and Polish."""

import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from commonground.core.models import Area, Strategy, User
from commonground.core.templatetags.commonground import area_map, number, prose

pytestmark = pytest.mark.django_db


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


# -- home -------------------------------------------------------------------------------


def test_home_explains_the_programme_and_links_each_pillar(client, strategy):
    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert strategy.title in page
    assert "Our five year strategy" in page  # the summary
    for pillar in strategy.pillars.all():
        assert f'href="{pillar.get_absolute_url()}"' in page
        assert pillar.name in page
    # the headline figure, with its source, and nothing that is not a headline
    assert "66%" in page
    assert "West Yorkshire Police and Crime Commissioner survey" in page
    assert "Working-age BAME women in employment" not in page
    assert "New communities" in page
    assert '<html lang="en" dir="ltr"' in html_tag(response)


def test_home_without_a_strategy_still_renders(client, db):
    response = client.get("/")

    assert response.status_code == 200
    assert "No programme strategy has been published here yet." in response.content.decode()


def test_home_uses_a_handful_of_queries(client, strategy, django_assert_max_num_queries):
    # Five for the programme, one per app for what is open now (consultations, rounds).
    with django_assert_max_num_queries(7):
        client.get("/")


def test_layout_has_landmarks_skip_link_and_our_own_brand(client, strategy):
    page = client.get("/").content.decode()

    assert '<a href="#main-content" class="govuk-skip-link"' in page
    assert '<main class="govuk-main-wrapper' in page and 'id="main-content"' in page
    assert "<header" in page and "<footer" in page
    assert 'aria-label="Menu"' in page
    assert "Open Government Licence v3.0" in page
    assert "Ordnance Survey" in page
    assert "/static/build/commonground.css" in page
    assert "/static/commonground/favicon.svg" in page
    # Not the crown's identity: no GOV.UK crest, no GDS Transport, no GOV.UK assets.
    assert "govuk-crest" not in page and "govuk-header__logotype" not in page
    assert "GDS Transport" not in page
    assert "/assets/images/" not in page


# -- pillar -----------------------------------------------------------------------------


def test_pillar_page_shows_objectives_outcome_and_baseline(client, strategy):
    response = client.get(reverse("core:pillar", args=["getting-on"]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page and "Getting On" in page
    assert "The outcome we are working towards" in page
    assert "More people will have improved their quality of life" in page
    assert "Objectives" in page
    assert page.count("<li>Improve opportunities") + page.count("labour market enabling") >= 1
    assert "Create clear pathways and referral routes" in page
    # baseline figures table, formatted, with caption and sources
    assert '<caption class="govuk-table__caption' in page
    assert "Baseline figures for Getting On" in page
    assert "nearly 24,000" in page
    assert "38%" in page
    assert "ONS Census 2011" in page
    assert "Labour market disadvantage" in page
    assert 'rel="next"' in page and "Getting Along" in page


def test_pillar_page_queries_do_not_grow_with_content(
    client, strategy, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        client.get(reverse("core:pillar", args=["getting-on"]))


def test_unknown_pillar_is_a_404_with_our_page(client, strategy):
    response = client.get(reverse("core:pillar", args=["no-such-pillar"]))

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_about_page_shows_focus_communities_and_principles(client, strategy):
    page = client.get(reverse("core:about")).content.decode()

    assert "Communities the programme focuses on" in page
    assert "Young people" in page and "Identity and belonging" in page
    assert "Guiding principles" in page and "Telling our story well" in page
    assert "mailto:stronger.communities@example.org" in page
    assert "Bradford Stronger Communities Partnership" in page


def test_strategy_page_by_slug_and_a_past_strategy_says_so(client, strategy):
    current = client.get(strategy.get_absolute_url()).content.decode()
    assert strategy.title in current and "no longer the current one" not in current
    Strategy.objects.filter(pk=strategy.pk).update(is_current=False)

    page = client.get(strategy.get_absolute_url()).content.decode()

    assert "This strategy is no longer the current one." in page
    assert client.get(reverse("core:strategy", args=["nope"])).status_code == 404


# -- areas ------------------------------------------------------------------------------


def test_ward_index_lists_the_district_wards_with_a_map(client, strategy):
    response = client.get(reverse("core:area_index"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Wards in Bradford" in page
    assert "Bradford has 5 electoral wards." in page
    for name in ("Baildon", "Bingley", "City (Bradford)", "Keighley West", "Tong"):
        assert name in page
    assert "15,915" in page
    assert '<svg class="cg-map__svg" role="img"' in page
    assert "htmx.min.js" in page


def test_ward_filter_returns_only_the_list_to_htmx(client, strategy):
    url = reverse("core:area_index")

    plain = client.get(url, {"q": "bing"}).content.decode()
    fragment = client.get(url, {"q": "bing"}, headers={"HX-Request": "true"}).content.decode()

    assert "Bingley" in plain and "<html" in plain
    assert "<html" not in fragment and "<svg" not in fragment
    assert "Bingley" in fragment and "Baildon" not in fragment
    assert "1 ward matches “bing”" in fragment
    assert 'hx-swap-oob="innerHTML"' in fragment
    assert "HX-Request" in client.get(url)["Vary"]
    restore = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    assert "<html" in client.get(url, {"q": "bing"}, headers=restore).content.decode()


def test_ward_page_shows_population_map_and_what_lies_inside(client, bradford, partner):
    response = client.get(reverse("core:area", args=["E05001347"]))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">City (Bradford)</h1>' in page
    assert "Ward in Bradford" in page
    assert "23,529" in page
    assert "E05001347" in page
    assert 'role="img"' in page and "<title" in page and "<figcaption" in page
    assert "square kilometres" in page  # the map's text alternative
    assert "Bradford Council for Mosques" in page  # works here

    baildon = client.get(reverse("core:area", args=["E05001341"])).content.decode()
    assert "Bradford 001A" in baildon  # its LSOA


def test_ward_page_uses_a_handful_of_queries(client, bradford, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(reverse("core:area", args=["E05001341"]))


def test_district_page_maps_its_wards(client, bradford):
    page = client.get(reverse("core:area", args=["E08000032"])).content.decode()

    assert "Map of the wards of Bradford" in page
    assert "Baildon" in page


def test_unknown_area_is_a_404(client, bradford):
    assert client.get(reverse("core:area", args=["E05999999"])).status_code == 404


def test_organisation_pages(client, partner):
    index = client.get(reverse("core:organisation_index")).content.decode()
    detail = client.get(partner.get_absolute_url()).content.decode()

    assert "Bradford Council for Mosques" in index
    assert "Faith group" in detail and "City (Bradford)" in detail
    assert client.get(reverse("core:organisation", args=["nope"])).status_code == 404


# -- languages --------------------------------------------------------------------------


def test_urdu_pages_are_right_to_left_and_in_urdu(client, strategy):
    response = client.get("/ur/")

    assert response.status_code == 200
    assert '<html lang="ur" dir="rtl"' in html_tag(response)
    page = response.content.decode()
    assert "مرکزی مواد پر جائیں" in page  # skip link
    assert "پروگرام کے بارے میں" in page  # "About the programme"
    # Strategy content stays English, says so, and is marked as English for screen readers.
    assert "یہ مواد انگریزی میں دستیاب ہے۔" in page
    # The fixture's strategy gives no Urdu title: it shows in English, marked as English.
    title = f'<h1 class="govuk-heading-xl"><span lang="en" dir="ltr">{strategy.title}</span></h1>'
    assert title in page


def test_polish_pages_are_in_polish_with_polish_numbers(client, strategy):
    home = client.get("/pl/")
    ward = client.get("/pl/areas/E05001341/").content.decode()

    assert '<html lang="pl" dir="ltr"' in html_tag(home)
    page = home.content.decode()
    assert "Strona główna" in page and "O programie" in page
    assert "Ta treść jest dostępna w języku angielskim." in page
    assert "15\xa0915" in ward  # Polish groups thousands with a non-breaking space
    assert "Okręg w obszarze Bradford" in ward


def test_english_pages_have_no_content_language_note(client, strategy):
    page = client.get("/").content.decode()

    assert "This content is available in English." not in page
    # <html> and "English" in the switcher (hreflang="en" in the head is not a language mark)
    assert len(re.findall(r'(?<!href)lang="en"', page)) == 2


def test_language_switcher_links_to_the_same_page_in_each_language(client, strategy):
    page = client.get("/ur/pillars/getting-on/?tab=figures").content.decode()
    switcher = page[page.index('aria-label="زبان"') :]  # the Language navigation, in Urdu

    assert 'href="/pillars/getting-on/?tab=figures" hreflang="en"' in switcher
    assert 'href="/pl/pillars/getting-on/?tab=figures" hreflang="pl"' in switcher
    assert "<form" not in switcher.split("</nav>")[0]  # links, not a form
    for path in ("/pillars/getting-on/", "/pl/pillars/getting-on/"):
        assert client.get(path).status_code == 200


def test_the_switcher_names_each_language_in_itself(client, db):
    page = client.get("/pl/").content.decode()

    assert 'lang="en" dir="ltr" data-language="en">English</a>' in page
    assert 'lang="ur" dir="rtl" data-language="ur">اردو</a>' in page
    assert 'aria-current="true" lang="pl" dir="ltr">Polski</span>' in page


def test_model_choices_are_translated(db):
    with translation.override("ur"):
        assert str(Area._meta.get_field("level").choices[2][1]) == "وارڈ"
    with translation.override("pl"):
        assert str(User._meta.verbose_name) == "użytkownik"


# -- sign in and errors -----------------------------------------------------------------


def test_sign_in_page(client, db):
    response = client.get(reverse("login"))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Sign in</h1>' in page
    assert 'autocomplete="username"' in page and 'autocomplete="current-password"' in page
    assert 'data-module="govuk-password-input"' in page


def test_sign_in_with_a_wrong_password_shows_an_error_summary(client, db):
    User.objects.create_user("officer", password="correct horse battery")

    response = client.post(reverse("login"), {"username": "officer", "password": "wrong"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in" in page
    assert "There is a problem" in page
    assert "Enter a correct username and password." in page


def test_sign_in_with_empty_fields_names_each(client, db):
    page = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()

    assert '<a href="#id_username">Enter your username</a>' in page
    assert '<a href="#id_password">Enter your password</a>' in page


def test_signing_in_lands_on_your_tasks_signed_in(client, strategy):
    User.objects.create_user("officer", password="correct horse battery", first_name="Asha")

    response = client.post(
        reverse("login"), {"username": "officer", "password": "correct horse battery"}, follow=True
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/tasks/"
    assert "Sign out" in page
    assert '<h1 class="govuk-heading-xl">Your tasks</h1>' in page and "Asha" in page
    assert "You are signed in as Asha" in client.get("/").content.decode()


def test_error_pages_render(rf, db):
    assert "Sorry, there is a problem with the service" in render_to_string("500.html")
    request = rf.get("/")
    assert "You cannot see this page" in render_to_string("403.html", request=request)


# -- template helpers -------------------------------------------------------------------


def test_numbers_follow_the_language():
    with translation.override("en"):
        assert number(546403) == "546,403"
        assert number(Decimal("62.6000")) == "62.6"
        assert number(Decimal("24000.0000")) == "24,000"
    with translation.override("pl"):
        assert number(Decimal("1234.5")) == "1\xa0234,5"
    with translation.override("ur"):
        assert number(546403) == "546,403"
    assert number(None) == ""


def test_prose_makes_paragraphs_and_lists_and_escapes():
    html = prose("First <b>para</b>.\n- one\n- two\nLast.")

    assert html == (
        '<p class="govuk-body">First &lt;b&gt;para&lt;/b&gt;.</p>'
        '<ul class="govuk-list govuk-list--bullet"><li>one</li><li>two</li></ul>'
        '<p class="govuk-body">Last.</p>'
    )


def test_area_map_draws_the_boundary_with_a_text_alternative(bradford):
    baildon = Area.objects.select_related("parent").get(code="E05001341")
    neighbours = Area.objects.filter(parent=baildon.parent).exclude(pk=baildon.pk)

    svg = area_map(baildon, neighbours)

    assert svg.startswith('<figure class="cg-map">')
    assert 'role="img"' in svg and "Map of Baildon" in svg
    assert svg.count('class="cg-map__context"') == neighbours.count()
    assert "Baildon covers about" in svg and "It lies in the" in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing fetched
    assert area_map(Area(name="Nowhere")) == ""
