"""My involvement, erasing my data and what's on near me, on a 390 px phone in English and
Urdu: nothing wider than the screen, and no serious or critical axe-core violation."""

import pytest

from commonground.involved import actions
from commonground.involved.tests.conftest import LONG_URDU_TITLE, new_event
from commonground.testing.accessibility import blocking_violations, describe
from commonground.testing.widths import measure

from .conftest import sign_in


@pytest.mark.parametrize("language", ["", "/ur"])
def test_my_pages_fit_a_phone_and_pass_axe(phone, cast, language):
    event = new_event(cast, title=LONG_URDU_TITLE, language="ur", postcode="BD8 8BB")
    actions.register(actor=cast["alice"], event=event)
    sign_in(phone, cast["alice"])
    paths = ["/involved/me/", "/involved/me/erase/", "/involved/near/?postcode=BD8+8BB&distance=5"]
    too_wide, violations = [], {}
    for path in paths:
        url = f"{language}{path}"
        found = measure(phone.page, url)
        if found is not None:
            too_wide.append(str(found))
        violations[url] = blocking_violations(phone.page)
    assert not too_wide, "\n".join(too_wide)
    assert not any(violations.values()), "\n".join(
        f"{url}: {describe(v)}" for url, v in violations.items() if v
    )
    assert LONG_URDU_TITLE in phone.page.content()  # the near page found the event
