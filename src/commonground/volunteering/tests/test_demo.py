"""The demo: opportunities across several wards, volunteers with hours, a flood call-out with
answers in; running it twice adds nothing."""

import pytest

from commonground.core.models import Area, Organisation
from commonground.core.roles import Role
from commonground.testing.people import make_user
from commonground.volunteering import demo
from commonground.volunteering.models import (
    CallOut,
    CallOutRecipient,
    HoursEntry,
    Opportunity,
    Signup,
)


@pytest.mark.django_db(transaction=True)
def test_demo_is_idempotent_and_spans_wards(strategy):
    district = Area.objects.get(level="district")
    for n, name in enumerate(["Manningham", "City", "Bradford Moor", "Keighley Central"]):
        Area.objects.create(code=f"E0599990{n}", name=name, level="ward", parent=district)
    for slug, name in [
        ("people-can", "People Can"),
        ("minhaj-welfare-foundation", "Minhaj Welfare Foundation"),
    ]:
        Organisation.objects.create(slug=slug, name=name, kind="voluntary")
    make_user("resident", Role.RESIDENT)
    said = []
    demo.load_demo(said.append)
    counts = (
        Opportunity.objects.count(),
        Signup.objects.count(),
        HoursEntry.objects.count(),
        CallOut.objects.count(),
    )
    demo.load_demo(said.append)
    assert counts == (
        Opportunity.objects.count(),
        Signup.objects.count(),
        HoursEntry.objects.count(),
        CallOut.objects.count(),
    )
    assert Opportunity.objects.values("ward").distinct().count() >= 4
    languages = {code for o in Opportunity.objects.all() for code in o.languages}
    assert {"en", "ur", "pl"} <= languages
    assert CallOut.objects.count() == 1
    assert CallOutRecipient.objects.filter(answer="yes").exists()
    assert "volunteering" in said[0]
