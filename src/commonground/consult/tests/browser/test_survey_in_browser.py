"""The survey in a real browser: a resident on a phone, in Urdu, starts, gets an error,
fixes it, saves, comes back on another device with the link (its code never sent in a URL),
finishes and sends; and axe finds no serious problem on any public survey page, in English
or Urdu."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commonground.consult.models import Comment, ConsultationStatus, SurveyResponse
from commonground.consult.tests.survey_fixtures import (
    SurveyWorld,
    build_survey,
    make_consultation,
    make_user,
)
from commonground.core.roles import Role
from commonground.core.tests.conftest import make_bradford, make_strategy
from commonground.testing.accessibility import assert_accessible
from commonground.testing.browser import Visit

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db) -> SurveyWorld:
    make_strategy(make_bradford())
    officer = make_user("survey-officer", Role.OFFICER)
    return build_survey(officer, make_consultation(officer))


def continue_(page) -> None:
    page.locator('button[name="action"][value="continue"]').click()


def test_a_resident_answers_in_urdu_on_a_phone_saves_resumes_and_sends(
    browser, live_server, phone, world
):
    page = phone.page
    base = f"/ur/conversations/{world.consultation.slug}/survey/"
    page.goto(base)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("بریڈفورڈ ڈسٹرکٹ میں اپنائیت")
    expect(page.get_by_text("ہم کوئی نام شائع نہیں کرتے۔")).to_be_visible()  # consent text

    page.locator("#id_consent").check()
    page.locator("button.govuk-button--start").click()
    page.wait_for_url(f"**{base}page/1/")
    expect(page.get_by_text("آپ کے لیے سب سے اہم کیا ہے؟")).to_be_visible()

    # Rank one option with the no-JavaScript ranking control; forget the required scale.
    page.get_by_label("روزگار").select_option("1")
    continue_(page)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert page.title().startswith("خرابی:")  # "Error:" in Urdu, before the page's title
    link = summary.locator(f'a[href="#id_q{world.belonging.pk}-0"]')
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_label("روزگار")).to_have_value("1")  # what was chosen is still there
    page.locator(f"#id_q{world.belonging.pk}-1").check()  # agree
    continue_(page)
    # The error summary's link may have left "#id_…" on the URL (when it is followed before
    # GOV.UK Frontend's script takes over the click); browsers keep a fragment across the
    # redirect to the next page, so accept one.
    page.wait_for_url(re.compile(rf"{re.escape(base)}page/2/(#.*)?$"))

    # Save and come back later, on another device.
    page.locator('button[name="action"][value="save"]').click()
    resume = page.locator("#resume-link")
    expect(resume).to_be_visible()
    link = resume.get_attribute("href")
    assert "/ur/" in link and link.split("#")[0].endswith("/survey/resume/")
    token = link.split("#")[1]  # after "#": browsers never send it to the server
    code = page.locator("#resume-code").inner_text()
    assert code.replace("-", "") == token  # shown grouped, to write down or type
    assert token not in str(list(SurveyResponse.objects.values()))

    later = Visit(
        browser,
        live_server.url,
        viewport={"width": 375, "height": 812},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    sent = []  # (path and query, Referer) of every request the new device makes
    later.page.on(
        "request",
        lambda request: sent.append(
            (
                urlsplit(request.url)._replace(fragment="").geturl(),
                request.headers.get("referer", ""),
            )
        ),
    )
    try:
        page = later.page
        page.goto(link)  # the script posts the code from the fragment, then we go on
        page.wait_for_url(f"**{base}page/2/")
        assert "#" not in page.url  # the code was dropped from the address bar too
        assert any(url.endswith(f"{base}resume/") for url, _referer in sent)
        for url, referer in sent:
            assert token not in url and token not in referer
        page.locator(f"#id_q{world.volunteered.pk}-0").check()  # yes
        continue_(page)
        page.wait_for_url(f"**{base}page/3/")  # asked because of the answer "yes"
        page.locator(f"#id_q{world.volunteering.pk}").fill("مسجد کے فوڈ بینک میں مدد کی")
        page.locator(f"#id_q{world.hours.pk}").fill("۸")
        continue_(page)
        page.wait_for_url(f"**{base}page/4/")
        page.locator(f"#id_q{world.idea.pk}").fill("نوجوانوں کے لیے شام کو کھیلوں کے کلب")
        page.locator(f"#id_q{world.moved.pk}-day").fill("5")
        page.locator(f"#id_q{world.moved.pk}-month").fill("3")
        page.locator(f"#id_q{world.moved.pk}-year").fill("2019")
        page.locator(f"#id_q{world.postcode.pk}").fill("bd8 7hy")
        continue_(page)
        page.wait_for_url(f"**{base}page/5/")
        page.locator(f"#id_q{world.age.pk}-2").check()
        page.locator(f"#id_q{world.ward.pk}").select_option("E05001365")
        continue_(page)
        page.wait_for_url(f"**{base}check/")
        rows = page.locator(".govuk-summary-list__row")
        expect(rows.first).to_be_visible()
        expect(page.get_by_text("1. روزگار")).to_be_visible()
        expect(page.get_by_text("BD8 7HY")).to_be_visible()
        expect(page.get_by_text("نوجوانوں کے لیے شام کو کھیلوں کے کلب")).to_be_visible()
        page.locator("form button.govuk-button").last.click()
        page.wait_for_url(f"**{base}sent/")
        expect(page.locator(".govuk-panel--confirmation")).to_be_visible()
        assert not later.outside
    finally:
        later.close()

    response = SurveyResponse.objects.get()
    assert response.submitted_at is not None and response.language == "ur"
    assert response.answer_values()[world.hours.pk] == 8
    assert response.about_you == {"age_band": "25_34", "ward": "E05001365"}
    assert Comment.objects.filter(response=response, language="ur").count() == 2


@pytest.mark.parametrize("language", ["", "/ur"])
def test_public_survey_pages_have_no_serious_accessibility_problems(visit, world, language):
    page = visit.page
    base = f"{language}/conversations/{world.consultation.slug}/survey/"
    page.goto(base)
    assert_accessible(page, "start")

    page.locator("#id_consent").check()
    page.locator("button.govuk-button--start").click()
    page.wait_for_url(f"**{base}page/1/")
    continue_(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "question page with errors")

    page.locator(f"#id_q{world.ranking.pk}-0").select_option("1")
    page.locator(f"#id_q{world.belonging.pk}-0").check()
    continue_(page)
    page.wait_for_url(f"**{base}page/2/")
    page.locator(f"#id_q{world.volunteered.pk}-1").check()
    continue_(page)
    page.wait_for_url(f"**{base}page/4/")
    page.locator(f"#id_q{world.moved.pk}-day").fill("40")
    continue_(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "date and postcode page with errors")
    page.locator(f"#id_q{world.moved.pk}-day").fill("")
    continue_(page)
    page.wait_for_url(f"**{base}page/5/")
    assert_accessible(page, "about you")
    continue_(page)
    page.wait_for_url(f"**{base}check/")
    assert_accessible(page, "check your answers")
    page.locator("form button.govuk-button").last.click()
    page.wait_for_url(f"**{base}sent/")
    assert_accessible(page, "confirmation")

    world.consultation.status = ConsultationStatus.CLOSED
    world.consultation.closes_at = timezone.now() - timedelta(minutes=1)
    world.consultation.save()
    page.goto(base)
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page, "closed")


def test_the_save_page_and_the_resume_form_are_accessible(visit, world):
    page = visit.page
    base = f"/ur/conversations/{world.consultation.slug}/survey/"
    page.goto(base)
    page.locator("#id_consent").check()
    page.locator("button.govuk-button--start").click()
    page.wait_for_url(f"**{base}page/1/")
    page.locator('button[name="action"][value="save"]').click()
    expect(page.locator("#resume-link")).to_be_visible()
    assert_accessible(page, "saved")

    page.goto(f"{base}resume/")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page, "resume form")
    page.locator("#id_code").fill("NOT0-A0RE-AL00-CODE")
    page.locator("#resume-form button").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "wrong resume code")
