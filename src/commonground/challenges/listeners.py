"""Challenges listening to the other apps: an arrival at an event's door counts for the
event challenges it matches (``involved.signals.checked_in``). Connected in ``apps.py``."""

from __future__ import annotations

from django.dispatch import receiver

from commonground.involved.signals import checked_in

from . import actions


@receiver(checked_in, dispatch_uid="challenges.count_event_arrival")
def count_event_arrival(sender, *, registration, actor, when, **kwargs) -> None:
    """Count the person checked in at the door for the event challenges their event matches;
    their own savepoints keep a failure here from undoing the door check-in."""
    actions.check_in_at_event(
        actor=actor, user=registration.user, event=registration.event, via="door", when=when
    )
