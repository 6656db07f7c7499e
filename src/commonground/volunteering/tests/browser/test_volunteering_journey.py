"""A resident reading Polish on a phone finds an opportunity near a postcode and signs up
with a light account; the organisation accepts her and confirms hours; her certificate
downloads. Then axe-core on the volunteering pages in English and Urdu."""

import pytest
from playwright.sync_api import expect

from commonground.core.models import User
from commonground.testing.accessibility import blocking_violations, describe
from commonground.volunteering import actions
from commonground.volunteering.models import HoursEntry, Signup
from commonground.volunteering.tests.conftest import new_opportunity, one_off

from .conftest import sign_in


def test_a_polish_resident_signs_up_and_gets_a_certificate(phone, cast):
    near = new_opportunity(cast, title="English conversation partner", places=3)
    one_off(cast, title="Myrtle Park clean-up")  # Bingley: further away
    page = phone.page
    page.goto("/pl/volunteering/")
    page.fill("#id_postcode", "BD1 1AA")
    page.select_option("#id_distance", "2")
    page.locator("main form button[type=submit]").click()
    results = page.locator("main ul.govuk-list h3 a")
    expect(results).to_have_count(1)
    expect(results.first).to_have_text(near.title)
    results.first.click()
    page.locator("main a.govuk-button").click()  # make an account to sign up
    page.fill("#id_name", "Zofia")
    page.fill("#id_email", "zofia@example.org")
    page.fill("#id_password", "spokojny wieczór w Bradford")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{phone.base_url}/pl{near.get_absolute_url()}")
    page.check("#id_confirms_age")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#signup-status")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    zofia = User.objects.get(username="zofia@example.org")
    signup = Signup.objects.get(user=zofia)
    assert signup.status == "pending"

    sign_in(phone, cast["coordinator"])
    page.goto(f"/volunteering/{near.slug}/volunteers/")
    page.locator("button[value=accepted]").click()
    page.fill(f"#hours-{signup.pk}", "3.5")
    page.fill(f"#thanks-{signup.pk}", "Dziękujemy, Zofia!")
    page.locator(f"form[action$='/sign-ups/{signup.pk}/hours/'] button").click()
    expect(page.locator(".govuk-notification-banner, .govuk-summary-card").first).to_be_visible()
    assert HoursEntry.objects.get(signup=signup).hours == 3.5

    sign_in(phone, zofia)
    page.goto("/pl/volunteering/mine/")
    expect(page.get_by_text("Dziękujemy, Zofia!")).to_be_visible()
    with page.expect_download() as download:
        page.locator("main a[download]").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(4) == b"%PDF"


@pytest.mark.parametrize("language", ["", "/ur"])
def test_volunteering_pages_have_no_serious_violations(visit, cast, language):
    opportunity = new_opportunity(cast)
    signup = actions.sign_up(actor=cast["alice"], opportunity=opportunity, confirms_age=True)
    actions.decide(actor=cast["coordinator"], signup=signup, status="accepted")
    pages = {
        "list": (None, "/volunteering/?postcode=BD1+1AA"),
        "opportunity": (None, opportunity.get_absolute_url()),
        "join": (None, "/volunteering/join/"),
        "mine": ("alice", "/volunteering/mine/"),
        "profile": ("alice", "/volunteering/mine/details/"),
        "volunteers": ("coordinator", f"/volunteering/{opportunity.slug}/volunteers/"),
        "post": ("coordinator", "/volunteering/new/"),
        "call-out form": ("coordinator", "/volunteering/call-outs/new/"),
        "figures": ("officer", "/volunteering/figures/"),
    }
    found = {}
    for name, (who, path) in pages.items():
        if who:
            sign_in(visit, cast[who])
        else:
            visit.context.clear_cookies()
        response = visit.page.goto(f"{language}{path}")
        assert response.status == 200, path
        found[name] = blocking_violations(visit.page)
    assert not any(found.values()), "\n".join(
        f"{name}: {describe(v)}" for name, v in found.items() if v
    )
