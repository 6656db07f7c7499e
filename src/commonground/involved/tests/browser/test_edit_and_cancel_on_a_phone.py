"""An organiser edits an event's time, then cancels it, on a 390 px phone in Urdu; a person
who booked then sees the cancellation, when and why, and no booking, on the event page. No
serious or critical axe-core violation at any step, nothing wider than the screen (the phone
fixture measures every page opened)."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from commonground.core.messaging import outbox
from commonground.involved import actions
from commonground.involved.models import Event
from commonground.involved.tests.conftest import LONG_URDU_TITLE, new_event
from commonground.testing.accessibility import assert_accessible

from .conftest import sign_in


def test_organiser_edits_then_cancels_and_a_registrant_sees_it_in_urdu(phone, cast):
    start = (timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    event = new_event(
        cast,
        title=LONG_URDU_TITLE,
        language="ur",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    alice = cast["alice"]
    alice.email, alice.preferred_language = "alice@example.org", "ur"
    alice.save(update_fields=["email", "preferred_language"])
    actions.register(actor=alice, event=event)
    outbox.clear()
    page = phone.page
    path = f"/ur/involved/events/{event.slug}/"

    sign_in(phone, cast["organiser"])
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator(f"a[href='{path}edit/']").click()
    assert_accessible(page, "edit the event")
    later = timezone.localtime(start) + timedelta(hours=1)
    page.locator("#id_starts_at").fill(later.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_ends_at").fill((later + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert page.url.endswith(path)
    assert Event.objects.get(pk=event.pk).starts_at == later
    assert [m.to for m in outbox] == ["alice@example.org"]
    assert_accessible(page, "event changed")

    page.locator(f"a[href='{path}cancel/']").click()
    expect(page.get_by_test_id("coming")).to_be_visible()
    assert_accessible(page, "cancel the event")
    page.locator("#id_reason").fill("لائبریری مرمت کے لیے بند ہے")
    page.locator("main form button.govuk-button--warning").click()
    expect(page.get_by_test_id("cancelled")).to_contain_text("لائبریری مرمت کے لیے بند ہے")
    expect(page.get_by_test_id("manage-event")).to_have_count(0)
    assert_accessible(page, "event cancelled, for the organiser")
    assert len(outbox) == 2

    sign_in(phone, alice)
    page.goto(path)
    expect(page.get_by_test_id("cancelled")).to_contain_text("لائبریری مرمت کے لیے بند ہے")
    expect(page.locator("img.cg-qr")).to_have_count(0)
    expect(page.locator(f"form[action='{path}register/']")).to_have_count(0)
    expect(page.get_by_test_id("manage-event")).to_have_count(0)
    assert_accessible(page, "event cancelled, for the person who booked")
