"""Every readiness page fits a 390 px phone in Urdu and Polish (right to left, and Polish's
longer words), signed in as the person who uses it.

The tab lets no service worker register: the interview form and the scales register
readiness's worker, which would otherwise install, fetch its assets and keep pages in the
background while the test has moved on to the next page and the next person's session, and
would answer later navigations to those pages itself. This test measures what the server
sends; the offline tests beside it test the worker."""

import pytest
from django.test import Client

from commonground.testing import widths

pytestmark = pytest.mark.browser


def test_every_readiness_page_fits_a_phone_in_urdu_and_polish(
    phone_without_workers, people, every_page
):
    phone = phone_without_workers  # patient with slow pages: the first starts the whole site
    page = phone.page
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
    assert not phone.context.service_workers  # nothing ran on in the background
    assert not problems, "pages wider than a 390px phone:\n" + "\n".join(problems)
