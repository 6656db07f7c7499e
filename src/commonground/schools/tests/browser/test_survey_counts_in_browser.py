"""The pupils' survey through Conversations, in a browser: on a phone the officer opens the
year's surveys from the linking year page (choosing the consultation that hosts them); a
teacher on a 390 px phone, in Urdu, finds their classes' counts in their tasks and enters them
on the consult page, the survey worded in Urdu (a wrong box is named and nothing typed is
lost); the year's results page shows the counts.  axe-core finds no serious violation on any
page."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from commonground.consult.models import Consultation, CountGroup
from commonground.core.roles import Role
from commonground.schools.models import SchoolContact
from commonground.schools.survey import STATEMENTS
from commonground.schools.survey_consult import group_key
from commonground.testing.accessibility import blocking_violations, describe
from commonground.testing.people import make_user

from .conftest import sign_in


def test_officer_opens_the_surveys_and_a_teacher_enters_counts_in_urdu(
    phone, transactional_db, confirmed, officer
) -> None:
    now = timezone.now()
    host = Consultation.objects.create(
        title="School linking 2027/28",
        slug="school-linking-2027-28",
        purpose="What pupils think before and after a year of linking.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=300),
        created_by=officer,
    )
    page = phone.page
    found = {}

    sign_in(phone, officer)
    page.goto(f"{confirmed.get_absolute_url()}#survey")
    page.locator("#id_consultation").select_option(str(host.pk))
    page.locator("#open-survey").click()
    expect(page.locator("#survey-in-conversations")).to_be_visible()
    found["year"] = blocking_violations(page)
    confirmed.refresh_from_db()
    assert confirmed.in_conversations

    pair = confirmed.pairs.select_related("school_a", "school_b").order_by("pk").first()
    teacher = make_user("teacher", Role.RESIDENT)
    SchoolContact.objects.create(school=pair.school_a, user=teacher, role="teacher")
    sign_in(phone, teacher)
    before = CountGroup.objects.get(
        survey=confirmed.survey_before, key=group_key(pair, pair.school_a)
    )
    # their tasks list both of their classes' counts, each with the day the survey closes
    page.goto("/ur/tasks/")
    to_enter = page.locator(f'a[href$="/survey/counts/{before.pk}/"]')
    expect(to_enter).to_have_count(1)
    expect(page.locator("main")).to_contain_text(confirmed.survey_before.title_in("ur"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    found["tasks"] = blocking_violations(page)
    page.goto(f"/ur{pair.get_absolute_url()}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    links = page.locator("#count-groups a")
    expect(links).to_have_count(2)  # their own school, before and after
    found["pair"] = blocking_violations(page)
    links.first.click()
    expect(page).to_have_url(
        f"{phone.base_url}/ur/conversations/{host.slug}/survey/counts/{before.pk}/"
    )
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # the survey's title in Urdu, whoever built it
    expect(page.locator(".govuk-caption-l")).to_have_text(confirmed.survey_before.title_in("ur"))
    assert confirmed.survey_before.title_in("ur") != confirmed.survey_before.title
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    found["counts"] = blocking_violations(page)

    questions = confirmed.survey_before.questions_in_order()
    assert len(questions) == len(STATEMENTS)
    for q in questions:
        page.locator(f"#id_q{q.pk}-agree").fill("12")
        page.locator(f"#id_q{q.pk}-unsure").fill("5")
        page.locator(f"#id_q{q.pk}-disagree").fill("3")
    first = questions[0].pk
    page.locator(f"#id_q{first}-unsure").fill("پانچ")  # not a number
    page.locator("#save-counts").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page.locator(f"#id_q{first}-unsure-error")).to_be_visible()
    expect(page.locator(f"#id_q{first}-agree")).to_have_value("12")  # nothing lost
    found["error"] = blocking_violations(page)
    page.locator(f"#id_q{first}-unsure").fill("٥")  # Urdu keyboard digit five
    page.locator("#save-counts").click()
    expect(page.locator(f"#group-{before.pk}")).to_be_visible()
    found["list"] = blocking_violations(page)
    before.refresh_from_db()
    assert before.entered_by == teacher
    assert before.counts()[first] == {"agree": 12, "unsure": 5, "disagree": 3}

    after = CountGroup.objects.get(
        survey=confirmed.survey_after, key=group_key(pair, pair.school_a)
    )
    page.goto(f"/ur{pair.get_absolute_url()}")
    expect(page.locator("#count-groups .govuk-tag--green")).to_have_count(1)
    page.locator("#count-groups a").nth(1).click()
    expect(page).to_have_url(
        f"{phone.base_url}/ur/conversations/{host.slug}/survey/counts/{after.pk}/"
    )
    for q in confirmed.survey_after.questions_in_order():
        page.locator(f"#id_q{q.pk}-agree").fill("16")
        page.locator(f"#id_q{q.pk}-unsure").fill("3")
        page.locator(f"#id_q{q.pk}-disagree").fill("1")
    page.locator("#save-counts").click()
    expect(page.locator(f"#group-{after.pk} .govuk-tag--green")).to_be_visible()

    sign_in(phone, officer)
    page.goto(f"/schools/linking/years/{confirmed.pk}/results/")
    # 12 of 20 children said yes before, 16 of 20 after
    expect(page.locator("#overall")).to_contain_text("60%")
    expect(page.locator("#overall")).to_contain_text("80%")
    expect(page.locator("#pairs-results")).to_contain_text(pair.school_a.name)
    found["results"] = blocking_violations(page)
    page.goto(confirmed.get_absolute_url())
    expect(page.locator("#survey-in-conversations")).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"1 of {2 * confirmed.pairs.count()}")
    assert not any(found.values()), "\n".join(
        f"{name}: {describe(v)}" for name, v in found.items() if v
    )
