"""Short messages to a person by e-mail or SMS, through a sender chosen by settings.

Call-outs to volunteers, a referral's status, an event reminder: several apps tell people
things, and a council plugs in its own SMS gateway (GOV.UK Notify, Twilio …) without any app
knowing which. Apps build a :class:`Message` and call :func:`send`; the sender is the class
named by the ``MESSAGE_SENDER`` setting (default :class:`ConsoleSender`, which writes each
message to the log and keeps it in :data:`outbox`, so the demo and the tests need no gateway).

Messages are not stored here: the calling app records what it sent (and to whom) in its own
audited action, keeping personal data where its retention rules apply.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from django.conf import settings
from django.core.mail import EmailMessage, mailers, send_mail
from django.utils.module_loading import import_string

Channel = Literal["email", "sms"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """One message to one address: an e-mail address or a phone number, by ``channel``."""

    channel: Channel
    to: str
    body: str
    subject: str = ""
    language: str = "en"
    reference: str = ""  # the calling app's own reference, echoed in logs (never personal data)


@dataclass
class Receipt:
    """What the sender says happened to a message."""

    sent: bool
    channel: Channel
    detail: str = ""
    extra: dict = field(default_factory=dict)


class Sender(Protocol):
    """Anything that can deliver a :class:`Message`."""

    def send(self, message: Message) -> Receipt: ...


outbox: list[Message] = []
"""Every message the console sender 'sent' in this process (tests read and clear it)."""


class ConsoleSender:
    """E-mail through Django's mail backend; SMS written to the log and kept in :data:`outbox`.

    The default: nothing leaves the machine unless the e-mail backend is a real one.
    """

    def send(self, message: Message) -> Receipt:
        outbox.append(message)
        if message.channel == "email":
            # A mail server's failure reaches send()'s except below, as a receipt.
            delivered = send_mail(
                message.subject or message.body[:60], message.body, None, [message.to]
            )
            return Receipt(sent=bool(delivered), channel="email")
        logger.info(
            "SMS %s (%s chars) ref=%s", message.language, len(message.body), message.reference
        )
        return Receipt(sent=True, channel="sms", detail="console")

    def send_many(self, messages: Sequence[Message]) -> list[Receipt]:
        """:meth:`send` for each, through one mail connection: a call-out's thousands of
        e-mails make one SMTP login (or one file), not one each."""
        receipts: list[Receipt] = []
        with mailers.default as connection:
            for message in messages:
                if message.channel != "email":
                    receipts.append(_send_one(self, message))
                    continue
                outbox.append(message)
                email = EmailMessage(
                    message.subject or message.body[:60], message.body, None, [message.to]
                )
                try:
                    delivered = connection.send_messages([email])
                except Exception as error:  # one refused address must not stop the rest
                    receipts.append(_failed(message, error))
                else:
                    receipts.append(Receipt(sent=bool(delivered), channel="email"))
        return receipts


def sender() -> Sender:
    """The sender named by ``settings.MESSAGE_SENDER`` (a dotted path to a class)."""
    path = getattr(settings, "MESSAGE_SENDER", "commonground.core.messaging.ConsoleSender")
    return import_string(path)()


def _failed(message: Message, error: Exception) -> Receipt:
    logger.warning("message not sent ref=%s: %s", message.reference, error)
    return Receipt(sent=False, channel=message.channel, detail=str(error)[:200])


def _send_one(chosen: Sender, message: Message) -> Receipt:
    if not message.to.strip():
        return Receipt(sent=False, channel=message.channel, detail="no address")
    try:
        return chosen.send(message)
    except Exception as error:  # a gateway's failure must not undo the caller's work
        return _failed(message, error)


def send(message: Message) -> Receipt:
    """Send one message through the configured sender; a failure is a receipt, not an exception."""
    return _send_one(sender(), message)


def send_many(messages: Sequence[Message]) -> list[Receipt]:
    """:func:`send` for each message, one receipt each in order, for a batch (a call-out).

    A sender with a ``send_many(messages) -> list[Receipt]`` of its own is given the
    addressed messages at once (one connection for the lot); any other sends them one by one.
    """
    chosen = sender()
    batch = getattr(chosen, "send_many", None)
    if batch is None:
        return [_send_one(chosen, message) for message in messages]
    addressed = [message for message in messages if message.to.strip()]
    try:
        results = iter(batch(addressed))
    except Exception as error:  # the whole batch failed (a mail server that is down)
        results = iter([_failed(message, error) for message in addressed])
    return [
        next(results)
        if message.to.strip()
        else Receipt(sent=False, channel=message.channel, detail="no address")
        for message in messages
    ]
