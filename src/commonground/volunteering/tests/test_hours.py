"""The organisation's side: accept, decline, wait-list, confirm hours; the volunteer's record,
milestones, thank-yous and PDF certificate."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commonground.volunteering import actions
from commonground.volunteering.models import HoursEntry


def _signup(people, opportunity, who="alice"):
    return actions.sign_up(actor=people[who], opportunity=opportunity, confirms_age=True)


@pytest.mark.django_db
def test_accepting_never_goes_past_the_places(people, opportunity):
    signups = [_signup(people, opportunity, who) for who in ("alice", "bob", "carol")]
    for signup in signups[:2]:
        actions.decide(actor=people["coordinator"], signup=signup, status="accepted")
    with pytest.raises(ValidationError) as error:
        actions.decide(actor=people["coordinator"], signup=signups[2], status="accepted")
    assert "wait list" in error.value.messages[0]
    waiting = actions.decide(actor=people["coordinator"], signup=signups[2], status="waitlisted")
    assert waiting.status == "waitlisted"


@pytest.mark.django_db
def test_hours_need_an_accepted_volunteer_a_past_day_and_once_a_day(people, opportunity):
    signup = _signup(people, opportunity)
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        actions.confirm_hours(
            actor=people["coordinator"], signup=signup, day=today, hours=Decimal(2)
        )
    signup = actions.decide(actor=people["coordinator"], signup=signup, status="accepted")
    with pytest.raises(ValidationError) as error:
        actions.confirm_hours(
            actor=people["coordinator"],
            signup=signup,
            day=today + timedelta(days=1),
            hours=Decimal(2),
        )
    assert "date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.confirm_hours(
            actor=people["coordinator"], signup=signup, day=today, hours=Decimal(25)
        )
    assert "hours" in error.value.message_dict
    actions.confirm_hours(actor=people["coordinator"], signup=signup, day=today, hours=Decimal(3))
    with pytest.raises(ValidationError):
        actions.confirm_hours(
            actor=people["coordinator"], signup=signup, day=today, hours=Decimal(1)
        )
    assert HoursEntry.objects.count() == 1


@pytest.mark.django_db
def test_the_volunteer_sees_milestones_thanks_and_gets_a_certificate(client, people, opportunity):
    signup = actions.decide(
        actor=people["coordinator"], signup=_signup(people, opportunity), status="accepted"
    )
    client.force_login(people["coordinator"])
    for week in range(4):
        day = timezone.localdate() - timedelta(days=7 * week)
        client.post(
            f"/volunteering/sign-ups/{signup.pk}/hours/",
            {"date": day.isoformat(), "hours": "3", "thank_you": "Thank you, Alice!"},
        )
    assert actions.total_hours(people["alice"]) == Decimal(12)
    client.force_login(people["alice"])
    page = client.get("/ur/volunteering/mine/")
    html = page.content.decode()
    assert page.context["milestones"].reached == (10,)
    assert "Thank you, Alice!" in html
    pdf = client.get("/pl/volunteering/mine/certificate.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_no_certificate_without_hours(client, people):
    client.force_login(people["alice"])
    page = client.get("/volunteering/mine/certificate.pdf")
    assert page.status_code == 302


@pytest.mark.django_db
def test_a_bad_hours_form_names_the_field(client, people, opportunity):
    signup = actions.decide(
        actor=people["coordinator"], signup=_signup(people, opportunity), status="accepted"
    )
    client.force_login(people["coordinator"])
    page = client.post(
        f"/volunteering/sign-ups/{signup.pk}/hours/",
        {"date": timezone.localdate().isoformat(), "hours": "-1"},
        follow=True,
    )
    assert "Hours:" in page.content.decode()
    assert not HoursEntry.objects.exists()
