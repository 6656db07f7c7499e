"""Taking attendance at the door with no signal: the page and the event's codes stay on the
phone, two arrivals are counted there and queued, and both reach the server, once, when the
phone is back online."""

from playwright.sync_api import expect

from commonground.involved import actions
from commonground.involved.models import Registration
from commonground.involved.tests.conftest import new_event
from commonground.testing.browser_apps import lose_signal, signal_back

from .conftest import sign_in


def test_two_arrivals_offline_are_sent_when_back_online(phone, cast):
    event = new_event(cast, capacity=5)
    codes = [actions.register(actor=cast[name], event=event).code for name in ("alice", "bob")]
    actions.register(actor=cast["carol"], event=event)
    page = phone.page
    page.set_default_navigation_timeout(60_000)  # a loaded CI machine, the first visit
    sign_in(phone, cast["organiser"])
    door = f"/involved/events/{event.slug}/door/"
    page.goto(door)
    # the service worker keeps the page and the list of codes
    expect(page.locator("[data-cg-door]")).to_have_attribute(
        "data-offline-ready", "true", timeout=20_000
    )

    sync = f"/involved/events/{event.slug}/door/sync/"
    lose_signal(phone.context, sync)
    page.reload()  # opens from the phone's copy
    expect(page.locator("[data-count=arrived]")).to_have_text("0")
    field = page.get_by_label("Code on the registration")
    for code in codes:
        field.fill(code)
        page.locator("form[data-door-check-in] button").click()
        expect(page.locator("#cg-door-status")).to_contain_text("Checked in on this phone")
    expect(page.locator("#cg-door-queue [data-queued]")).to_have_text("2")
    expect(page.locator("[data-count=arrived]")).to_have_text("2")
    # the same code again is refused on the phone, and queued once
    field.fill(codes[0])
    page.locator("form[data-door-check-in] button").click()
    expect(page.locator("#cg-door-status")).to_contain_text("already been used")
    expect(page.locator("#cg-door-queue [data-queued]")).to_have_text("2")
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()

    signal_back(phone.context, sync)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#cg-door-status")).to_contain_text("have been sent: 2", timeout=20_000)
    expect(page.locator("#cg-door-queue")).to_be_hidden()
    arrived = Registration.objects.filter(checked_in_at__isnull=False)
    assert sorted(arrived.values_list("code", flat=True)) == sorted(codes)
    assert all(r.checked_in_by_id == cast["organiser"].pk for r in arrived)
    page.goto(door)
    expect(page.locator("[data-count=arrived]")).to_have_text("2")
    expect(page.locator("[data-count=confirmed]")).to_have_text("3")
