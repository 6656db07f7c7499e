"""Call-outs: who they reach, the messages (through the pluggable sender), signed replies,
and the headcount."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commonground.core.messaging import outbox
from commonground.core.models import Area
from commonground.core.roles import Role
from commonground.testing.people import make_user
from commonground.volunteering import actions
from commonground.volunteering.models import CallOut, CallOutRecipient, VolunteerProfile

from .conftest import BINGLEY, CITY


def _volunteer(name, ward_code, skills=(), days=(), channel="sms", callouts=True):
    user = make_user(name, Role.RESIDENT)
    VolunteerProfile.objects.create(
        user=user,
        ward=Area.objects.get(code=ward_code),
        skills=list(skills),
        days=list(days),
        callouts=callouts,
        channel=channel,
        phone="+447700900123",
        email=f"{name}@example.org",
    )
    return user


def _send(people, **overrides):
    start = timezone.now() + timedelta(days=1)
    fields = {
        "organisation": people["organisation"],
        "kind": "flood",
        "title": "Flood in the city",
        "message": "Sandbags needed.",
        "starts_at": start,
        "venue": "City Hall",
        "needed": 2,
        "skills": ["lifting"],
        "wards": [Area.objects.get(code=CITY)],
        "site_url": "http://testserver/",
    }
    fields.update(overrides)
    return actions.send_callout(actor=people["coordinator"], **fields)


@pytest.mark.django_db(transaction=True)
def test_a_callout_reaches_only_matching_volunteers(people):
    lifter = _volunteer("lifter", CITY, ["lifting"])
    _volunteer("cook", CITY, ["cooking"])
    _volunteer("elsewhere", BINGLEY, ["lifting"])
    _volunteer("not-asked", CITY, ["lifting"], callouts=False)
    by_email = _volunteer("mailer", CITY, ["lifting", "driving"], channel="email")
    callout = _send(people)
    recipients = set(callout.recipients.values_list("user__username", flat=True))
    assert recipients == {lifter.username, by_email.username}
    assert {m.channel for m in outbox} == {"sms", "email"}
    assert all("/volunteering/reply/" in m.body for m in outbox)
    assert callout.recipients.filter(sent_at__isnull=False).count() == 2
    callout.refresh_from_db()
    assert callout.status == "sent" and callout.first_sent_at and callout.last_sent_at


@pytest.mark.django_db(transaction=True)
def test_a_reply_link_shows_then_records_the_answer(client, people):
    _volunteer("lifter", CITY, ["lifting"])
    callout = _send(people)
    recipient = CallOutRecipient.objects.get(callout=callout)
    link = outbox[0].body.split("http://testserver")[-1]
    page = client.get(link)  # a link preview must not answer
    assert page.status_code == 200
    recipient.refresh_from_db()
    assert recipient.answer == ""
    client.post(link, {"answer": "yes"})
    recipient.refresh_from_db()
    assert recipient.answer == "yes"
    assert actions.headcount(callout)["yes"] == 1
    assert client.get(link[:-3] + "xyz/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_headcount_page_and_its_live_part(client, people):
    _volunteer("lifter", CITY, ["lifting"])
    callout = _send(people)
    client.force_login(people["coordinator"])
    page = client.get(callout.get_absolute_url())
    assert 'hx-trigger="every 3s"' in page.content.decode()
    part = client.get(f"/volunteering/call-outs/{callout.pk}/headcount/")
    assert part.status_code == 200 and "<html" not in part.content.decode()
    client.force_login(people["stranger"])
    assert client.get(callout.get_absolute_url()).status_code == 403
    client.force_login(people["coordinator"])
    client.post(f"/volunteering/call-outs/{callout.pk}/close/")
    recipient = CallOutRecipient.objects.get(callout=callout)
    with pytest.raises(ValidationError):
        actions.answer_callout(recipient=recipient, answer="yes")


@pytest.mark.django_db
def test_a_callout_in_the_past_is_refused(people):
    with pytest.raises(ValidationError) as error:
        _send(people, starts_at=timezone.now() - timedelta(hours=1))
    assert "starts_at" in error.value.message_dict
    assert not CallOut.objects.exists()


@pytest.mark.django_db
def test_call_outs_need_an_address_on_the_channel(people):
    with pytest.raises(ValidationError) as error:
        actions.save_profile(actor=people["alice"], callouts=True, channel="sms", phone="")
    assert "phone" in error.value.message_dict
    assert not VolunteerProfile.objects.exists()
