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


def test_a_batch_gives_one_receipt_each_in_order():
    """``send_many`` (a call-out's batches) keeps order, skips the unaddressed, mails each once."""
    messaging.outbox.clear()
    mail.outbox.clear()
    batch = [
        messaging.Message(channel="email", to="a@example.org", subject="A", body="one"),
        messaging.Message(channel="sms", to=" ", body="nobody"),
        messaging.Message(channel="sms", to="07700900123", body="two"),
        messaging.Message(channel="email", to="b@example.org", subject="B", body="three"),
    ]
    receipts = messaging.send_many(batch)
    assert [(r.sent, r.channel) for r in receipts] == [
        (True, "email"),
        (False, "sms"),
        (True, "sms"),
        (True, "email"),
    ]
    assert receipts[1].detail == "no address"
    assert [m.to for m in mail.outbox] == [["a@example.org"], ["b@example.org"]]


@override_settings(MESSAGE_SENDER="commonground.core.tests.test_messaging.BrokenSender")
def test_a_batch_through_a_failing_gateway_gives_receipts():
    receipts = messaging.send_many(
        [messaging.Message(channel="sms", to="07700900123", body="Hello")] * 2
    )
    assert [r.sent for r in receipts] == [False, False]
    assert all("gateway down" in r.detail for r in receipts)
