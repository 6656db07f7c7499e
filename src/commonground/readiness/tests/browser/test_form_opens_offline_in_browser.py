"""An interviewer who opened the interview form once online can open it again with no
connection at all (a fresh tab, the service worker answers), read the guide and the rating
scales, write notes, and the notes arrive when the connection is back."""

import pytest
from playwright.sync_api import expect

from commonground.readiness.models import Assessment, Interview
from commonground.testing.browser_apps import lose_signal, page_knows, signal_back

from .test_offline_interview_in_browser import assessment, sign_in  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


def test_the_form_opens_offline_after_one_visit_and_the_notes_arrive(phone, assessment):  # noqa: F811
    item, interviewer = assessment
    page = phone.page
    # the first page starts the whole site; the context's timeout reaches the later tabs too
    phone.context.set_default_navigation_timeout(120_000)
    page.set_default_navigation_timeout(120_000)
    sign_in(phone, interviewer)
    form_url = f"/pl/readiness/{item.pk}/interviews/new/"
    page.goto(form_url)
    worker = page.locator("[data-readiness-sw]")
    expect(worker).to_have_attribute("data-sw-ready", "true", timeout=20_000)
    expect(worker).to_have_attribute("data-kept", "2")  # the form and the scales
    expect(page.locator("body")).to_contain_text("Women's participation in employment")

    # changed on the server after the visit: a page from the device's copy still says the old
    Assessment.objects.filter(pk=item.pk).update(issue="Renamed while the phone was away")
    context = page.context
    page.close()
    # no signal: the form's address (where it posts) and a page the worker does not keep are
    # refused even if a request the worker lets through escaped the browser's offline mode
    sync = (f"/readiness/{item.pk}/interviews/new/", f"/readiness/{item.pk}/")
    lose_signal(context, *sync)

    # a fresh tab, no connection: the form, its guide and the scales open from the device
    page = context.new_page()
    page.goto(f"{phone.base_url}{form_url}")
    expect(page.locator("h1")).to_have_text("Zapisz wywiad")
    expect(page.locator("body")).to_contain_text("Women's participation in employment")
    expect(page.locator("body")).not_to_contain_text("Renamed while the phone was away")
    expect(page.locator("main")).to_contain_text("How much of a concern is this here?")
    page_knows(page, online=False)  # fails if the page never learns it is offline
    scales = context.new_page()
    scales.goto(f"{phone.base_url}/pl/readiness/anchors/")
    expect(scales.locator("h1")).to_contain_text("Skale")
    scales.close()
    # a page the worker does not keep (notes, scores) is not there offline
    other = context.new_page()
    with pytest.raises(Exception, match=r"ERR_INTERNET_DISCONNECTED|ERR_FAILED"):
        other.goto(f"{phone.base_url}/pl/readiness/{item.pk}/")
    other.close()

    page.fill("#id_respondent_role", "community centre manager")
    page.fill("#id_held_on", "2026-01-20")
    page.select_option("#id_language", "pl")
    page.fill("#id_notes", "Kobiety mówią, że brakuje opieki nad dziećmi.")
    page.locator("form[data-offline-key] button[type=submit]").click()
    expect(page.locator("[data-offline-status]")).to_contain_text("offline")
    assert not Interview.objects.exists()

    with page.expect_navigation():
        signal_back(context, *sync)
    expect(page.locator("main")).to_contain_text("brakuje opieki")
    interview = Interview.objects.get()
    assert interview.notes == "Kobiety mówią, że brakuje opieki nad dziećmi."
    assert interview.respondent_role == "community centre manager"
    assert interview.language == "pl"
