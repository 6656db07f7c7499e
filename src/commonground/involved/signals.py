"""What Getting Involved tells other apps, without knowing who listens.

``checked_in`` is sent when a registration is checked in at an event's door, inside the
transaction that records the arrival: a listener that counts the visit (the mixing
challenges do) commits with it, or not at all. Listeners are called with ``send_robust`` and
should work in their own savepoint, so a failing listener is logged and never stops a person
being let in at the door.
"""

from __future__ import annotations

import logging

from django.dispatch import Signal

log = logging.getLogger(__name__)

checked_in = Signal()
"""Sent with ``registration`` (its ``event`` and ``user`` loaded), ``actor`` (who checked them
in) and ``when``."""


def announce_check_in(registration, *, actor, when) -> None:
    """Tell the listeners a registration was checked in; log (never raise) their failures."""
    for receiver, result in checked_in.send_robust(
        sender=type(registration), registration=registration, actor=actor, when=when
    ):
        if isinstance(result, Exception):
            log.error(
                "a listener to involved.checked_in failed: %r",
                receiver,
                exc_info=(type(result), result, result.__traceback__),
            )
