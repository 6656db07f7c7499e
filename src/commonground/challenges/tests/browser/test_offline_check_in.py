"""A check-in made on a phone with no network is kept on the phone, then sent, once, when the
network comes back; the app's pages are clean for axe-core in English and Urdu."""

import pytest
from playwright.sync_api import expect

from commonground.challenges.models import CheckIn
from commonground.testing.accessibility import blocking_violations, describe
from commonground.testing.browser_apps import lose_signal, signal_back, worker_active

from .conftest import sign_in

SYNC = "/challenges/sync/"


def test_a_check_in_made_offline_is_sent_when_back_online(phone, cast):
    page = phone.page
    sign_in(phone, cast["alice"])
    page.goto(cast["visit"].get_absolute_url())
    # the service worker installs and keeps the app shell
    expect(page.locator("[data-cg-challenges]")).to_have_attribute("data-sw-ready", "true")
    assert worker_active(page), "the service worker never became active"

    lose_signal(phone.context, SYNC)
    page.get_by_label("The venue's code").fill(cast["mosque"].code)
    page.locator("form[data-offline-check-in] button").click()
    expect(page.locator("#cg-sync-status")).to_contain_text("Saved on this phone")
    expect(page.locator("#cg-queue [data-count]")).to_have_text("1")
    assert not CheckIn.objects.exists()
    # still offline, the app opens from the phone's copy and remembers what waits
    page.reload()
    expect(page.locator("#cg-queue [data-count]")).to_have_text("1")
    assert not CheckIn.objects.exists()

    signal_back(phone.context, SYNC)
    expect(page.locator("#cg-sync-status")).to_contain_text("has been sent", timeout=10_000)
    expect(page.locator("#cg-queue")).to_be_hidden()
    made = CheckIn.objects.get()
    assert made.user == cast["alice"] and made.venue == cast["mosque"]

    # a second sync of the same check-in (another tab, a lost answer) counts nothing twice
    client_id = str(made.client_id)
    answer = page.evaluate(
        """([url, id, code]) => fetch(url, {method: "POST", credentials: "same-origin",
            headers: {"Content-Type": "application/json", "X-CSRFToken":
              document.querySelector("input[name=csrfmiddlewaretoken]").value},
            body: JSON.stringify({client_id: id, challenge: "visit-a-mosque", code: code})})
            .then(r => r.status)""",
        ["/challenges/sync/", client_id, cast["mosque"].code],
    )
    assert answer == 200 and CheckIn.objects.count() == 1
    page.reload()
    expect(page.locator(".govuk-panel--confirmation")).to_be_visible()


@pytest.mark.parametrize("language", ["", "/ur"])
def test_the_app_pages_have_no_serious_violations(visit, cast, language):
    sign_in(visit, cast["alice"])
    found = {}
    for path in [
        "/challenges/",
        cast["visit"].get_absolute_url(),
        "/challenges/teams/",
        "/challenges/event/",
    ]:
        response = visit.page.goto(f"{language}{path}")
        assert response.status == 200, path
        found[path] = blocking_violations(visit.page)
    assert not any(found.values()), "\n".join(
        f"{name}: {describe(v)}" for name, v in found.items() if v
    )
