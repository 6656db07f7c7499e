"""axe-core on the events pages in English and Urdu: the list, an event page with a place and
its QR code, the publishing form and the door page. A serious or critical violation fails."""

import pytest

from commonground.involved import actions
from commonground.involved.tests.conftest import LONG_URDU_TITLE, new_event
from commonground.testing.accessibility import blocking_violations, describe

from .conftest import sign_in


@pytest.mark.parametrize("language", ["", "/ur"])
def test_events_pages_have_no_serious_violations(visit, cast, language):
    event = new_event(cast, title=LONG_URDU_TITLE, language="ur")
    actions.register(actor=cast["alice"], event=event)
    pages = {
        "list": ("alice", "/involved/events/"),
        "event with a place": ("alice", event.get_absolute_url()),
        "publish": ("organiser", "/involved/events/new/"),
        "door": ("organiser", f"/involved/events/{event.slug}/door/"),
    }
    found = {}
    for name, (who, path) in pages.items():
        sign_in(visit, cast[who])
        response = visit.page.goto(f"{language}{path}")
        assert response.status == 200, path
        found[name] = blocking_violations(visit.page)
    assert not any(found.values()), "\n".join(
        f"{name}: {describe(v)}" for name, v in found.items() if v
    )
