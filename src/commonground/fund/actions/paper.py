"""Paper ballots keyed by two officers, and decisions on those that disagree."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import keystore
from ..events import FundEvent
from ..models import (
    Ballot,
    Channel,
    PaperBallot,
    PaperBallotEntry,
    PaperEntryStatus,
    Round,
)
from ..queries import (
    clean_choices,
)
from ..rules import ensure
from ..voters import (
    voter_token,
)
from ._common import record, share_lock


def normalise_paper_ref(paper_ref: str) -> str:
    return paper_ref.strip().upper()


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _lock_paper(round_: Round, paper_ref: str, *, create: bool = True) -> PaperBallot:
    """The paper's row, created if need be, then locked: two officers keying the same paper at
    once take turns here, so the second always sees the first's entry.  (Locking the entries
    alone locked nothing while there were none yet.)"""
    digest = voter_token(round_, "paper", paper_ref)
    if create:
        PaperBallot.objects.get_or_create(
            round=round_,
            ref_hash=digest,
            defaults={"ref_sealed": keystore.seal(round_.round_secrets, paper_ref)},
        )
    paper = PaperBallot.objects.select_for_update().filter(round=round_, ref_hash=digest).first()
    if paper is None:
        raise ValidationError(
            _("No ballot paper numbered %(paper)s has been keyed.") % {"paper": paper_ref}
        )
    paper.round = round_
    return paper


def key_paper_ballot(*, actor, round_: Round, paper_ref: str, choices: Any) -> PaperBallotEntry:
    """Key in a paper ballot.  It counts only when two different officers have keyed the same
    paper with the same choices; a mismatch is flagged and the paper must be keyed again (or
    decided by an officer, :func:`decide_paper`).

    The audit event names the officer and the outcome, not the paper: the paper's number
    beside the ballot this transaction writes would outlive the close in the audit trail."""
    paper_ref = normalise_paper_ref(paper_ref)
    if not paper_ref:
        raise ValidationError(_("Enter the number printed on the ballot paper."))
    with transaction.atomic():
        current = share_lock(round_)
        ensure(actor, "fund.ballot.key_paper", current)
        cleaned = clean_choices(current, choices)
        paper = _lock_paper(current, paper_ref)
        entries = list(paper.entries.order_by("created_at", "pk"))
        if paper.status in (PaperEntryStatus.MATCHED, PaperEntryStatus.COUNTED_BY_DECISION):
            raise ValidationError(_("This ballot paper has already been counted."))
        if paper.status == PaperEntryStatus.SET_ASIDE:
            raise ValidationError(_("An officer set this ballot paper aside: it is not counted."))
        if any(e.entered_by_id == actor.pk for e in entries):
            raise ValidationError(
                _("You have keyed this paper already: a different officer must key it again.")
            )
        match = next((e for e in entries if _same(e.choices, cleaned)), None)
        if match is not None:
            status = PaperEntryStatus.MATCHED
            Ballot.objects.create(round=current, choices=cleaned, channel=Channel.PAPER)
            PaperBallotEntry.objects.filter(pk=match.pk).update(status=status)
        else:
            status = PaperEntryStatus.MISMATCH if entries else PaperEntryStatus.PENDING
        entry = PaperBallotEntry.objects.create(
            round=current, paper=paper, choices=cleaned, entered_by=actor, status=status
        )
        paper.status = status
        paper.save(update_fields=["status"])
        record(FundEvent.PAPER_BALLOT_KEYED, actor=actor, obj=current, data={"status": status})
    return entry


def decide_paper(
    *, actor, round_: Round, paper_ref: str, reason: str, entry_id: int | None = None
) -> PaperBallot:
    """An officer's decision on a paper that is waiting or in conflict: count it as one
    officer keyed it (``entry_id``), or set it aside (``None``).  A reason is required and
    audited; the paper's number is not (see :func:`key_paper_ballot`)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for the decision on this paper."))
    paper_ref = normalise_paper_ref(paper_ref)
    with transaction.atomic():
        current = share_lock(round_)
        ensure(actor, "fund.ballot.key_paper", current)
        paper = _lock_paper(current, paper_ref, create=False)
        if not paper.needs_decision:
            raise ValidationError(_("This ballot paper needs no decision."))
        if entry_id is not None:
            entry = paper.entries.filter(pk=entry_id).first()
            if entry is None:
                raise ValidationError(_("Choose one of the entries keyed for this paper."))
            Ballot.objects.create(round=current, choices=entry.choices, channel=Channel.PAPER)
            paper.status = PaperEntryStatus.COUNTED_BY_DECISION
        else:
            paper.status = PaperEntryStatus.SET_ASIDE
        paper.save(update_fields=["status"])
        record(
            FundEvent.PAPER_BALLOT_DECIDED,
            actor=actor,
            obj=current,
            reason=reason,
            data={"decision": paper.status},
        )
    return paper
