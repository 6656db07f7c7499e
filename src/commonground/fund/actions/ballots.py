"""Casting, changing and finishing a ballot (no audit event: see ``cast_ballot``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from ..models import (
    AccessCode,
    Ballot,
    BallotActivity,
    BallotReceipt,
    Channel,
    Proposal,
    Round,
    VoterLink,
)
from ..queries import (
    clean_choices,
)
from ..rules import ensure, may
from ..voters import (
    Voter,
)
from . import eligibility
from ._common import share_lock


def cast_ballot(
    *,
    round_: Round,
    voter: Voter,
    choices: Any,
    channel: str = Channel.ONLINE,
    projects: Mapping[str, Proposal] | None = None,
):
    """File a voter's ballot, or replace it: one ballot per voter token, race-safe.

    Two requests from one voter at once: the unique (round, token) index lets one insert the
    link; the other waits on the index, gets IntegrityError, then locks the link row and
    replaces the ballot's choices.  Last write wins; there is never a second ballot.  A voter
    who said "I have finished" (:func:`finish_ballot`) can change nothing more.
    No audit event is written here: its exact time and shared transaction would tie the
    ballot to an access-log line.  A :class:`BallotReceipt` records the day and whether it was
    cast or changed; the close audits the counts per day.  ``projects`` (from
    :func:`ballot_projects`) saves re-reading the ballot when the caller has it: the projects on
    a ballot cannot change once voting is open (shortlisting belongs to the assessment phase).
    """
    with transaction.atomic():
        current = share_lock(round_)
        ensure(None, "fund.ballot.cast", current)  # anyone, while the vote is open
        cleaned = clean_choices(current, choices, projects)
        held = eligibility.hold_ballot(
            round_=current, voter=voter, choices=cleaned, channel=channel
        )
        if held is not None:  # near an earlier postcode voter: kept aside for an officer
            return held
        link = VoterLink.objects.select_for_update().filter(round=current, token=voter.token)
        link = link.first()
        changed = link is not None
        if link is None:
            try:
                with transaction.atomic():
                    ballot = Ballot.objects.create(round=current, choices=cleaned, channel=channel)
                    VoterLink.objects.create(round=current, token=voter.token, ballot=ballot)
            except IntegrityError:
                link = VoterLink.objects.select_for_update().get(round=current, token=voter.token)
                changed = True
        if link is not None:
            if link.final:
                raise ValidationError(FINISHED_MESSAGE)
            Ballot.objects.filter(pk=link.ballot_id).update(choices=cleaned)
        if voter.method == "access_code":
            AccessCode.objects.filter(round=current, token=voter.token, used=False).update(
                used=True
            )
        _receipt(current, BallotActivity.CHANGED if changed else BallotActivity.CAST)
    return changed


FINISHED_MESSAGE = _lazy(
    "You said you had finished, so your vote is recorded and cannot be changed."
)


def _receipt(round_: Round, kind: str) -> None:
    BallotReceipt.objects.create(round_id=round_.pk, day=timezone.localdate(), kind=kind)


def finish_ballot(*, round_: Round, voter: Voter) -> bool:
    """Say "I have finished": the voter's ballot can no longer be changed, from this device or
    any other (the link is marked final on the server, so a copied cookie changes nothing).
    Returns whether there was a ballot to finish."""
    with transaction.atomic():
        current = share_lock(round_)
        if not may(None, "fund.ballot.cast", current):
            return False
        held = eligibility.finish_held(current, voter)
        if held is not None:
            if held:
                _receipt(current, BallotActivity.FINISHED)
            return held
        updated = VoterLink.objects.filter(round=current, token=voter.token, final=False).update(
            final=True
        )
        if updated:
            _receipt(current, BallotActivity.FINISHED)
    return bool(updated)
