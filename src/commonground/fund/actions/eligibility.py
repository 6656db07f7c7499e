"""Binding postcode voters to one person, holding near-duplicates, and the officers' decisions.

Each function is one state change: it validates, locks, writes and audits in one transaction
(the audit events name no person, postcode or date of birth), except filing a held ballot,
which, like casting an ordinary one, writes no event whose time could identify the voter.

The postcode route proves nothing about a person, so these functions make one person's
retyping (another spelling, another birthday) land either on their own ballot or in a queue
an officer decides, rather than count as a second vote.  See the fund README, "What each way
of checking voters guarantees".

The vote's close must call :func:`ensure_ready_to_close` (no held ballot left undecided: a
held ballot is not a ``Ballot`` and would otherwise be silently dropped) and
:func:`forget_identities` (delete the hashes) in its transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..events import FundEvent
from ..models import (
    Ballot,
    IdentityReview,
    IdentitySignal,
    PostcodeGroup,
    PostcodeIdentity,
    ReviewStatus,
    Round,
    SignalKind,
    VoterLink,
)
from ..queries import pending_for, pending_reviews
from ..rules import ensure
from ..voters import (
    NotCounted,
    PostcodePerson,
    Voter,
)
from ._common import record


def _match_kinds(found: list[tuple[int, str, str]]) -> dict[int, set[str]]:
    """Which kinds of signal each earlier identity shares with this person: the same name
    (another date of birth) makes the one-letter-off match redundant."""
    by_identity: dict[int, set[str]] = {}
    for identity_id, kind, _key in found:
        by_identity.setdefault(identity_id, set()).add(kind)
    for kinds in by_identity.values():
        if SignalKind.SAME_NAME in kinds:
            kinds.discard(SignalKind.SIMILAR_NAME)
    return by_identity


def register_postcode_voter(*, round_: Round, person: PostcodePerson, device: str = "") -> bool:
    """Record a person who passed the postcode check; return whether their ballot is held.

    The same person again (same voter token) changes nothing.  A new person near an earlier
    voter at the same postcode gets a pending :class:`IdentityReview`.  Checks at one postcode
    are serialised on its :class:`PostcodeGroup` row, so twenty variants sent at once are
    found just as twenty sent one after another.  Raises :class:`NotEligible` for a person
    whose held ballot an officer rejected.
    """
    with transaction.atomic():
        group, _created = PostcodeGroup.objects.get_or_create(round=round_, key=person.group)
        group = PostcodeGroup.objects.select_for_update().get(pk=group.pk)
        existing = (
            PostcodeIdentity.objects.filter(round=round_, token=person.token)
            .select_related("review")
            .first()
        )
        if existing is not None:
            review = getattr(existing, "review", None)
            if review is None or review.status == ReviewStatus.COUNTED:
                return False
            if review.status == ReviewStatus.REJECTED:
                raise NotCounted(
                    _(
                        "Your vote could not be counted: a council officer found it too close "
                        "to another vote from your postcode. Contact the council if you think "
                        "this is wrong."
                    )
                )
            return True
        keys = [key for _kind, key in person.signals]
        found = list(
            IdentitySignal.objects.filter(
                round=round_, key__in=keys, identity__group=group
            ).values_list("identity_id", "kind", "key")
        )
        matches = _match_kinds(found)
        try:
            with transaction.atomic():
                identity = PostcodeIdentity.objects.create(
                    round=round_, group=group, token=person.token, device=device
                )
        except IntegrityError:  # the same person checked twice at once: one row wins
            return register_postcode_voter(round_=round_, person=person, device=device)
        IdentitySignal.objects.bulk_create(
            IdentitySignal(round=round_, identity=identity, kind=kind, key=key)
            for kind, key in dict.fromkeys(person.signals)
        )
        held = bool(matches)
        if held:
            devices = set(
                PostcodeIdentity.objects.filter(pk__in=matches).values_list("device", flat=True)
            )
            review = IdentityReview.objects.create(
                round=round_,
                identity=identity,
                district=person.district,
                kinds=sorted(set().union(*matches.values())),
                similar_count=len(matches),
                same_device=bool(device) and device in devices,
            )
            record(
                FundEvent.IDENTITY_REVIEW_OPENED,
                obj=round_,
                actor_label="postcode check",
                data={"review": review.pk, "kinds": review.kinds, "similar": len(matches)},
            )
        return held


def hold_ballot(*, round_: Round, voter: Voter, choices: Any, channel: str) -> bool | None:
    """Keep a held voter's ballot aside (or replace it there): ``None`` if the voter is not
    held (cast it as usual), else whether an earlier held ballot was replaced.

    Called by :func:`commonground.fund.actions.cast_ballot` inside its transaction, with the
    choices already checked.  A rejected voter may not cast again.
    """
    review = pending_for(round_, voter)
    if review is None:
        return None
    review = IdentityReview.objects.select_for_update().get(pk=review.pk)
    if review.status == ReviewStatus.REJECTED:
        raise ValidationError(
            _("Your vote could not be counted. Contact the council if you think this is wrong.")
        )
    if review.status == ReviewStatus.COUNTED:
        return None  # decided while this request was on its way: cast as usual
    if review.final:
        raise ValidationError(_("You said you had finished: your vote cannot be changed."))
    changed = review.choices is not None
    review.choices = choices
    review.channel = channel
    review.save(update_fields=["choices", "channel"])
    # No audit event, like an ordinary ballot: its time would tie the ballot to an access log.
    return changed


def finish_held(round_: Round, voter: Voter) -> bool | None:
    """ "I have finished" for a held voter: their held ballot can no longer change, and if an
    officer counts it, it is counted final.  ``None`` when the voter is not held."""
    review = pending_for(round_, voter)
    if review is None or review.status != ReviewStatus.PENDING:
        return None
    return bool(
        IdentityReview.objects.filter(pk=review.pk, final=False, choices__isnull=False).update(
            final=True
        )
    )


def decide_review(*, actor, review: IdentityReview, count: bool, reason: str) -> IdentityReview:
    """Count a held ballot (it becomes an ordinary, changeable ballot) or reject it (its
    choices are discarded and the person cannot vote again), with a reason.  Final."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Enter a reason for your decision."))
    with transaction.atomic():
        current = Round.objects.select_for_update().get(pk=review.round_id)
        ensure(actor, "fund.identity.review", current)
        locked = IdentityReview.objects.select_for_update().get(pk=review.pk)
        if locked.status != ReviewStatus.PENDING:
            raise ValidationError(_("This held ballot has already been decided."))
        if count and locked.choices is not None and locked.identity is not None:
            ballot = Ballot.objects.create(
                round=current, choices=locked.choices, channel=locked.channel
            )
            VoterLink.objects.create(
                round=current, token=locked.identity.token, ballot=ballot, final=locked.final
            )
        locked.status = ReviewStatus.COUNTED if count else ReviewStatus.REJECTED
        locked.choices = None
        locked.reason = reason
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "choices", "reason", "decided_by", "decided_at"])
        record(
            FundEvent.IDENTITY_REVIEW_DECIDED,
            actor=actor,
            obj=current,
            data={
                "review": locked.pk,
                "decision": "count" if count else "reject",
                "reason": reason,
            },
        )
    return locked


def ensure_ready_to_close(round_: Round) -> None:
    """Refuse to close while a held ballot waits: closing would drop it without a word."""
    pending = pending_reviews(round_).count()
    if pending:
        raise ValidationError(
            ngettext(
                "%(count)s held ballot needs a decision before the vote can close.",
                "%(count)s held ballots need a decision before the vote can close.",
                pending,
            )
            % {"count": pending}
        )


def forget_identities(round_: Round) -> dict[str, int]:
    """Delete every postcode identity, its hashes and the decided reviews, at close.

    A review keeps the time a held ballot came in and, until decided, its choices: with a web
    server's access log that could tie an address to a ballot, so nothing of it survives the
    close except the counts returned here (for the close's audit event).  The decisions
    themselves stay in the audit trail, with their officer and reason.
    """
    reviews = IdentityReview.objects.filter(round=round_)
    tally = {
        "identities": PostcodeIdentity.objects.filter(round=round_).count(),
        "reviews_counted": reviews.filter(status=ReviewStatus.COUNTED).count(),
        "reviews_rejected": reviews.filter(status=ReviewStatus.REJECTED).count(),
    }
    reviews.delete()
    IdentitySignal.objects.filter(round=round_).delete()
    PostcodeIdentity.objects.filter(round=round_).delete()
    PostcodeGroup.objects.filter(round=round_).delete()
    return tally
