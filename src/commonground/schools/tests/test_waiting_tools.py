"""The header's "Your school's links" follows the school contact rows through the
``schools.acts_for_a_school`` flag, so the header asks no query of its own."""

import pytest

from commonground.core.models import User
from commonground.core.roles import Role
from commonground.schools import actions
from commonground.schools.models import SchoolContact
from commonground.schools.waiting import tools
from commonground.testing.people import make_user


def _labels(user) -> list[str]:
    fresh = User.objects.get(pk=user.pk)
    return [str(tool.label) for tool in tools(fresh)]


@pytest.mark.django_db
def test_a_contact_sees_their_links_until_the_last_row_goes(few, officer) -> None:
    person = make_user("head", Role.PARTNER)
    assert _labels(person) == []
    first = actions.add_contact(actor=officer, school=few[0], user=person, role="teacher")
    actions.add_contact(actor=officer, school=few[1], user=person, role="contact")
    assert _labels(person) == ["Your school's links"]
    actions.remove_contact(actor=officer, contact=first)
    assert _labels(person) == ["Your school's links"]  # still acts for few[1]
    actions.remove_contact(actor=officer, contact=SchoolContact.objects.get(user=person))
    assert _labels(person) == []


@pytest.mark.django_db
def test_officers_keep_school_linking_and_a_row_made_directly_counts(few, officer) -> None:
    assert "School linking" in _labels(officer)
    person = make_user("teacher", Role.RESIDENT)
    SchoolContact.objects.create(school=few[2], user=person, role="teacher")
    assert _labels(person) == ["Your school's links"]
    assert User.objects.get(pk=person.pk).has_perm("schools.view_sessions")
