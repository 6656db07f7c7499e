"""Sending a call-out in batches: the same messages as one by one, each volunteer once, every
send stamped (delivered or not), and the progress the Background work page shows."""

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from commonground.core import messaging
from commonground.core.messaging import Receipt, outbox
from commonground.core.models import Area
from commonground.core.roles import Role
from commonground.testing.people import make_user
from commonground.volunteering import actions, delivery
from commonground.volunteering.models import CallOut, CallOutRecipient, VolunteerProfile
from commonground.volunteering.tasks import _subject

from .conftest import CITY

SITE = "http://testserver/"


def _volunteers(count: int) -> list:
    """`count` matching volunteers, by turns in English, Urdu and Polish, by SMS and e-mail."""
    users = []
    for k in range(count):
        user = make_user(f"helper{k}", Role.RESIDENT)
        user.preferred_language = ("en", "ur", "pl")[k % 3]
        user.save(update_fields=["preferred_language"])
        VolunteerProfile.objects.create(
            user=user,
            ward=Area.objects.get(code=CITY),
            skills=["lifting"],
            callouts=True,
            channel=("sms", "email")[k % 2],
            phone=f"+4477009001{k:02d}",
            email=f"helper{k}@example.org",
        )
        users.append(user)
    return users


def _send(people) -> CallOut:
    return actions.send_callout(
        actor=people["coordinator"],
        site_url=SITE,
        wards=[Area.objects.get(code=CITY)],
        organisation=people["organisation"],
        kind="flood",
        title="Flood in the city",
        message="Sandbags 50% full.",  # a per cent sign must survive the words' assembly
        skills=["lifting"],
        starts_at=timezone.now() + timedelta(days=1),
        venue="City Hall",
        needed=2,
    )


def _one_by_one(recipient: CallOutRecipient, token: str) -> tuple[str, str]:
    """The subject and body the one-at-a-time code made, for this recipient and token."""
    callout = recipient.callout
    with translation.override(recipient.user.preferred_language):
        link = SITE.rstrip("/") + reverse("volunteering:reply", args=[token])
        body = _(
            "Urgent: %(title)s. %(message)s %(when)s, %(venue)s. Can you help? Answer: %(link)s"
        ) % {
            "title": callout.title,
            "message": callout.message,
            "when": timezone.localtime(callout.starts_at).strftime("%d/%m %H:%M"),
            "venue": callout.venue,
            "link": link,
        }
        return _("Urgent call-out: %(title)s") % {"title": callout.title}, body


@pytest.mark.django_db(transaction=True)
def test_batched_messages_are_those_made_one_by_one(people, monkeypatch):
    monkeypatch.setattr(delivery, "BATCH_SIZE", 2)
    users = _volunteers(5)
    callout = _send(people)
    assert len(outbox) == 5
    assert {m.language for m in outbox} == {"en", "ur", "pl"}
    for message in outbox:
        token = message.body.rsplit("/reply/", 1)[1].rstrip("/")
        pk = signing.loads(token, salt=actions.REPLY_SALT, max_age=actions.REPLY_MAX_AGE)
        recipient = CallOutRecipient.objects.select_related("user", "callout").get(pk=pk)
        profile = recipient.user.volunteer_profile
        assert (message.subject, message.body) == _one_by_one(recipient, token)
        assert message.to == profile.address and message.channel == recipient.channel
        assert message.language == recipient.user.preferred_language
        assert message.reference == f"callout-{callout.pk}-{recipient.pk}"
        assert actions.recipient_for_token(token) == recipient
    assert {m.to for m in outbox} == {u.volunteer_profile.address for u in users}


@pytest.mark.django_db(transaction=True)
def test_each_volunteer_once_and_a_rerun_sends_only_the_unstamped(people, monkeypatch):
    monkeypatch.setattr(delivery, "BATCH_SIZE", 2)
    _volunteers(5)
    callout = _send(people)
    rows = CallOutRecipient.objects.filter(callout=callout)
    assert rows.filter(sent_at__isnull=False, delivered=True).count() == 5
    assert len({m.to for m in outbox}) == len(outbox) == 5
    callout.refresh_from_db()
    assert callout.first_sent_at <= callout.last_sent_at and callout.status == "sent"
    assert actions.deliver_callout(callout.pk, SITE) == 0  # a retry after it all went
    assert len(outbox) == 5
    # A worker that died mid-batch left two unstamped: its retry sends those two only.
    unstamped = list(rows.order_by("-pk").values_list("pk", flat=True)[:2])
    rows.filter(pk__in=unstamped).update(sent_at=None, delivered=False)
    outbox.clear()
    assert actions.deliver_callout(callout.pk, SITE) == 2
    assert sorted(int(m.reference.rsplit("-", 1)[1]) for m in outbox) == sorted(unstamped)
    assert rows.filter(sent_at__isnull=True).count() == 0


class RefusingSender:
    """A gateway that refuses one address, fails outright on one number, sends the rest."""

    def send(self, message):
        if message.to == "helper1@example.org":
            return Receipt(sent=False, channel=message.channel, detail="refused")
        if message.to == "+447700900102":
            raise ConnectionError("gateway down")
        outbox.append(message)
        return Receipt(sent=True, channel=message.channel, detail="test gateway")


@pytest.mark.django_db(transaction=True)
def test_a_refused_or_failed_send_is_stamped_as_not_delivered(people, settings):
    settings.MESSAGE_SENDER = f"{__name__}.RefusingSender"
    users = _volunteers(4)
    callout = _send(people)
    rows = dict(
        CallOutRecipient.objects.filter(callout=callout).values_list("user__username", "delivered")
    )
    assert rows == {users[0].username: True, users[1].username: False,
                    users[2].username: False, users[3].username: True}  # fmt: skip
    assert not CallOutRecipient.objects.filter(callout=callout, sent_at__isnull=True).exists()
    assert actions.headcount(callout)["sent"] == 4
    assert {m.to for m in outbox} == {"+447700900100", "helper3@example.org"}


@pytest.mark.django_db(transaction=True)
def test_a_batch_send_in_the_messaging_layer_gets_whole_batches(people, monkeypatch):
    """Where core.messaging offers send_many (one connection per batch), batches go to it."""
    batches: list[int] = []

    def send_many(messages):
        batches.append(len(messages))
        return [messaging.send(message) for message in messages]

    monkeypatch.setattr(messaging, "send_many", send_many, raising=False)
    monkeypatch.setattr(delivery, "BATCH_SIZE", 3)
    _volunteers(6)
    callout = _send(people)
    assert batches == [1, 3, 2]
    assert CallOutRecipient.objects.filter(callout=callout, delivered=True).count() == 6


@pytest.mark.django_db(transaction=True)
def test_the_background_work_page_shows_how_far_sending_has_got(people):
    _volunteers(4)
    callout = _send(people)
    assert _subject([callout.pk], {}).percent is None  # sent: no longer in progress
    CallOut.objects.filter(pk=callout.pk).update(status="queued")
    first = CallOutRecipient.objects.filter(callout=callout).order_by("pk")[:3]
    CallOutRecipient.objects.filter(pk__in=[r.pk for r in first]).update(sent_at=None)
    subject = _subject([callout.pk], {})
    assert subject.percent == 25 and subject.url == callout.get_absolute_url()
