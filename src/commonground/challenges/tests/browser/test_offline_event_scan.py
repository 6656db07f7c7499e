"""An event's QR code scanned on a phone with no signal: the app (installed while online)
opens its kept event page, the visit is kept on the phone, and when the signal is back it
is sent and counted once for the event's challenges; a code the server does not know is
refused then, and the phone forgets it."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from commonground.challenges.models import CheckIn
from commonground.challenges.tests.conftest import new_challenge
from commonground.involved import actions as involved
from commonground.testing.browser_apps import lose_signal, signal_back, worker_active

from .conftest import sign_in

SYNC = "/challenges/sync/"
SCANS = "/challenges/event/*/"
"""The addresses an event's QR code opens: with no signal they do not reach the server."""


def _event_on_now(cast):
    start = timezone.now().replace(microsecond=0) - timedelta(minutes=30)
    return involved.publish_event(
        actor=cast["officer"],
        now=start - timedelta(days=1),
        kind="faith_walk",
        title="Faith walk",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue="Manningham Library",
        ward=cast["city"],
    )


def test_an_event_scanned_offline_is_counted_once_back_online(phone, cast):
    walk = new_challenge(
        cast, title_en="Go on a faith walk", kind="event_new_ward", check_in="event", venues=[]
    )
    event = _event_on_now(cast)
    page = phone.page
    page.set_default_navigation_timeout(60_000)  # a loaded CI machine, the first visit
    sign_in(phone, cast["alice"])
    page.goto("/challenges/")
    # the service worker installs and keeps the app shell, the kept event page with it
    expect(page.locator("[data-cg-challenges]")).to_have_attribute("data-sw-ready", "true")
    assert worker_active(page), "the service worker never became active"

    lose_signal(phone.context, SYNC, SCANS)
    scanned = f"/challenges/event/{event.door_code}/"
    page.goto(scanned)  # the phone's camera opens the QR code's address
    expect(page.get_by_role("heading", name="Check in at an event")).to_be_visible()
    expect(page.locator("[data-event-code]")).to_have_text(event.door_code)
    page.get_by_role("button", name="Count my visit").click()
    expect(page.locator("#cg-sync-status")).to_contain_text("kept on this phone")
    expect(page.locator("#cg-queue [data-count]")).to_have_text("1")
    # scanned again before the signal is back, it is kept once
    page.goto(scanned)
    page.get_by_role("button", name="Count my visit").click()
    expect(page.locator("#cg-sync-status")).to_contain_text("kept on this phone")
    expect(page.locator("#cg-queue [data-count]")).to_have_text("1")
    assert not CheckIn.objects.exists()

    signal_back(phone.context, SYNC, SCANS)
    expect(page.locator("#cg-sync-status")).to_contain_text("has been sent", timeout=20_000)
    expect(page.locator("#cg-sync-status")).to_contain_text("Checked in: 20 points.")
    expect(page.locator("#cg-queue")).to_be_hidden()
    made = CheckIn.objects.get()
    assert (made.user, made.challenge, made.event) == (cast["alice"], walk, event)
    assert made.done_at >= event.starts_at
    # it counts for the challenge: the app says so
    page.goto(walk.get_absolute_url())
    expect(page.locator(".govuk-panel--confirmation")).to_be_visible()
    page.goto("/challenges/")
    expect(page.locator("[data-points]")).to_have_text("20")

    # a code no event has is kept too, and refused when the server answers
    lose_signal(phone.context, SYNC, SCANS)
    page.goto("/challenges/event/NOT-AN-EVENT/")
    page.get_by_role("button", name="Count my visit").click()
    expect(page.locator("#cg-queue [data-count]")).to_have_text("1")
    signal_back(phone.context, SYNC, SCANS)
    expect(page.locator("#cg-sync-status")).to_contain_text(
        "No event has this code", timeout=20_000
    )
    expect(page.locator("#cg-queue")).to_be_hidden()
    assert CheckIn.objects.count() == 1
