"""Closing the vote: severing every link between voters and ballots."""

from __future__ import annotations

import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from .. import keystore
from ..events import FundEvent
from ..models import (
    AccessCode,
    Ballot,
    BallotReceipt,
    EligibleVoter,
    FailedCheck,
    PaperBallot,
    PaperBallotEntry,
    PaperEntryStatus,
    Round,
    VoterLink,
)
from ..phases import PhaseKind
from ..queries import (
    papers_needing_a_decision,
)
from ..rules import ensure
from . import eligibility
from ._common import lock_round, move_to, record


def _rewrite_ballots(round_: Round) -> int:
    """Write the round's ballots again, shuffled, with new ids, and delete the old rows.

    Old rows carry the order they were cast in (their place in the table, their transaction
    ids) and the ids voter links pointed at; the new rows, all written by the close in an
    order nobody can reconstruct, carry neither."""
    rows = list(Ballot.objects.filter(round=round_).values_list("channel", "choices", "position"))
    random.SystemRandom().shuffle(rows)
    Ballot.objects.filter(round=round_).delete()
    Ballot.objects.bulk_create(
        (
            Ballot(round=round_, channel=channel, choices=choices, position=position)
            for channel, choices, position in rows
        ),
        batch_size=5000,
    )
    return len(rows)


def _destroy_key(key_id) -> None:
    """Destroy the closed round's key file, and any left behind by a close that died."""
    keystore.destroy(key_id)
    held = Round.objects.exclude(key_id=None).values_list("key_id", flat=True)
    keystore.prune({str(k) for k in held})


def close_vote(*, actor, round_: Round) -> Round:
    """Close the vote and sever every link between voters and ballots.

    Refuses while a paper ballot waits for a second officer or its entries disagree, unless an
    officer has decided it (:func:`decide_paper`).  Then, in one transaction: deletes the voter
    links, the hashed voter list, the access codes, the counts of failed checks and the paper
    entries (kept as anonymous tallies in the audit event), turns the day-by-day ballot
    receipts into counts, rewrites the ballots (:func:`_rewrite_ballots`) and forgets the
    round's key; after it commits, destroys the key file (so no token can be recomputed from
    a code, a voter number or a paper number) and queues the count.
    """
    from ..tasks import compute_results_task

    with transaction.atomic():
        locked = lock_round(round_)
        ensure(actor, "fund.vote.close", locked)
        eligibility.ensure_ready_to_close(locked)
        waiting = papers_needing_a_decision(locked)
        if waiting:
            raise ValidationError(
                _(
                    "These ballot papers are waiting for a second officer or their entries do "
                    "not match: %(papers)s. Key each again, or record a decision with a reason "
                    "on the paper ballots page, then close the vote."
                )
                % {"papers": ", ".join(p.ref for p in waiting)}
            )
        links = VoterLink.objects.filter(round=locked).delete()[0]
        held = eligibility.forget_identities(locked)
        EligibleVoter.objects.filter(round=locked).delete()
        AccessCode.objects.filter(round=locked).delete()
        FailedCheck.objects.filter(round=locked).delete()
        by_status = dict(
            PaperBallot.objects.filter(round=locked)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        papers = {
            "counted": by_status.get(PaperEntryStatus.MATCHED, 0),
            "counted_by_decision": by_status.get(PaperEntryStatus.COUNTED_BY_DECISION, 0),
            "set_aside": by_status.get(PaperEntryStatus.SET_ASIDE, 0),
        }
        PaperBallotEntry.objects.filter(round=locked).delete()
        PaperBallot.objects.filter(round=locked).delete()
        by_day: dict[str, dict[str, int]] = {}
        receipts = BallotReceipt.objects.filter(round=locked)
        for day, kind, n in (
            receipts.values_list("day", "kind").annotate(n=Count("pk")).order_by("day", "kind")
        ):
            by_day.setdefault(day.isoformat(), {})[kind] = n
        receipts.delete()
        ballots = _rewrite_ballots(locked)
        key_id = locked.key_id
        locked.key_id = None
        locked.save(update_fields=["key_id"])
        move_to(locked, PhaseKind.RESULTS)
        record(
            FundEvent.VOTE_CLOSED,
            actor=actor,
            obj=locked,
            data={
                "ballots": ballots,
                "links_severed": links,
                "papers": papers,
                "held_ballots": held,
                "ballots_by_day": by_day,
            },
        )
        pk = locked.pk
        transaction.on_commit(lambda: _destroy_key(key_id))
        actor_id = actor.pk
        transaction.on_commit(lambda: compute_results_task.enqueue(pk, actor_id=actor_id))
    return locked
