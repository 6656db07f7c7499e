"""Text reminders on a 390 px phone, in Polish and in Urdu: from "My involvement" to one
booking's reminder, a landline refused beside the field, a new number confirmed in a banner,
then every text reminder stopped at once; nothing wider than the screen (the phone fixture
measures every page opened) and no serious or critical axe-core violation at any step."""

import pytest
from playwright.sync_api import expect

from commonground.involved import actions
from commonground.involved.models import Registration
from commonground.involved.tests.conftest import LONG_URDU_TITLE, new_event
from commonground.testing.accessibility import assert_accessible

from .conftest import sign_in


@pytest.mark.parametrize("language", ["pl", "ur"])
def test_change_then_stop_text_reminders_on_a_phone(phone, cast, language):
    alice = cast["alice"]
    walk = new_event(cast, title=LONG_URDU_TITLE, language="ur", capacity=5)
    cafe = new_event(cast, title="Conversation café", capacity=5)
    mine = actions.register(actor=alice, event=walk, sms_reminder=True, phone="07700 900123")
    actions.register(actor=alice, event=cafe, sms_reminder=True, phone="07700 900123")
    page = phone.page
    sign_in(phone, alice)

    page.goto(f"/{language}/involved/me/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ur" else "ltr")
    assert_accessible(page, "my involvement")
    page.locator(f"a[href='/{language}/involved/registrations/{mine.pk}/text-reminder/']").click()
    expect(page.get_by_test_id("reminder-number")).to_contain_text("+447700900123")
    assert_accessible(page, "text reminder")

    page.locator("#id_phone").fill("01274 432111")
    page.locator("button[name=do][value=change]").click()
    expect(page.locator("#id_phone-error")).to_be_visible()
    expect(page.locator(".govuk-error-summary a[href='#id_phone']")).to_be_visible()
    assert_accessible(page, "text reminder with an error")
    assert Registration.objects.get(pk=mine.pk).phone == "+447700900123"

    page.locator("#id_phone").fill("07700 900 999")
    page.locator("button[name=do][value=change]").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(page.get_by_test_id("reminder-number")).to_contain_text("+447700900999")
    assert_accessible(page, "text reminder changed")
    assert Registration.objects.get(pk=mine.pk).phone == "+447700900999"

    page.goto(f"/{language}/involved/me/text-reminders/")
    expect(page.get_by_test_id("text-reminders").locator(".govuk-summary-list__row")).to_have_count(
        2
    )
    assert_accessible(page, "all text reminders")
    page.locator("button[name=do][value=stop]").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(page.get_by_test_id("text-reminders")).to_have_count(0)
    assert_accessible(page, "text reminders stopped")
    assert set(Registration.objects.filter(user=alice).values_list("phone", "sms_reminder")) == {
        ("", False)
    }
    too_wide = phone.too_wide(languages=("pl",))  # the fixture measures English and Urdu
    assert not too_wide, "\n".join(too_wide)
