"""The pluggable message sender: console by default, a setting swaps it, failures are receipts."""

from django.core import mail
from django.test import override_settings

from commonground.core import messaging


class BrokenSender:
    def send(self, message):
        raise ConnectionError("gateway down")


def test_console_sender_keeps_sms_and_mails_email():
    messaging.outbox.clear()  # e-mail goes to the test run's in-memory mailer
    sms = messaging.send(messaging.Message(channel="sms", to="07700900123", body="Hello"))
    email = messaging.send(
        messaging.Message(channel="email", to="a@example.org", subject="Hi", body="Hello")
    )
    assert sms.sent and email.sent
    assert [m.channel for m in messaging.outbox] == ["sms", "email"]
    assert mail.outbox[-1].to == ["a@example.org"]


def test_no_address_is_not_sent():
    receipt = messaging.send(messaging.Message(channel="sms", to="  ", body="Hello"))
    assert not receipt.sent and receipt.detail == "no address"


@override_settings(MESSAGE_SENDER="commonground.core.tests.test_messaging.BrokenSender")
def test_a_failing_gateway_gives_a_receipt_not_an_exception():
    receipt = messaging.send(messaging.Message(channel="sms", to="07700900123", body="Hello"))
    assert not receipt.sent and "gateway down" in receipt.detail
