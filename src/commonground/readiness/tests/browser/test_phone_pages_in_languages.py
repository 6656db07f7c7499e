"""Every readiness page fits a 390 px phone in Urdu and Polish (right to left, and Polish's
longer words), signed in as the person who uses it."""

import pytest
from django.test import Client

from commonground.testing import widths

pytestmark = pytest.mark.browser


def test_every_readiness_page_fits_a_phone_in_urdu_and_polish(phone, people, every_page):
    page = phone.page
    page.set_default_navigation_timeout(120_000)  # the first page starts the whole site
    problems = []
    opened = 0
    for who, path in every_page:
        client = Client()
        client.force_login(people[who])
        phone.context.clear_cookies()
        phone.context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": phone.base_url,
                }
            ]
        )
        for language in ("ur", "pl"):
            found = widths.measure(page, f"{phone.base_url}{widths.in_language(path, language)}")
            opened += 1
            if found is not None:
                problems.append(str(found))
    assert opened == 2 * len(every_page)
    assert not problems, "pages wider than a 390px phone:\n" + "\n".join(problems)
