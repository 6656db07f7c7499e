"""Who may vote: the hashed voter list and printed access codes."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..events import FundEvent
from ..models import (
    AccessCode,
    EligibleVoter,
    Round,
)
from ..rules import ensure
from ..voters import (
    new_access_code,
    normalise_code,
    normalise_identifier,
    voter_token,
)
from ._common import lock_round, record


def upload_voter_list(*, actor, round_: Round, identifiers: Iterable[str]) -> int:
    """Store an eligible-voter list as HMAC tokens only; returns how many new voters."""
    with transaction.atomic():
        locked = lock_round(round_)
        ensure(actor, "fund.voters.upload", locked)
        locked.ensure_key()
        tokens = {
            voter_token(locked, "list", normalise_identifier(i)) for i in identifiers if i.strip()
        }
        before = EligibleVoter.objects.filter(round=locked).count()
        EligibleVoter.objects.bulk_create(
            (EligibleVoter(round=locked, token=t) for t in tokens),
            ignore_conflicts=True,
            batch_size=5000,
        )
        added = EligibleVoter.objects.filter(round=locked).count() - before
        record(FundEvent.VOTER_LIST_UPLOADED, actor=actor, obj=locked, data={"added": added})
    return added


def issue_access_codes(
    *, actor, round_: Round, count: int, batch: str = "", output: str = "csv"
) -> list[str]:
    """Make ``count`` single-use access codes to print; only their hashes are kept.

    The readable codes exist only in the return value, so the caller prints them (cards, PDF
    or CSV, named by ``output`` in the audit event) in the same request; nobody can print a
    batch twice, and a lost sheet is replaced by a new batch, not a reprint.
    """
    if not 0 < count <= 100_000:
        raise ValidationError(_("Ask for between 1 and 100,000 codes."))
    with transaction.atomic():
        locked = lock_round(round_)
        ensure(actor, "fund.access_codes.issue", locked)
        locked.ensure_key()
        codes = []
        seen: set[str] = set()
        while len(codes) < count:
            code = new_access_code()
            token = voter_token(locked, "code", normalise_code(code))
            if token in seen:
                continue
            seen.add(token)
            codes.append(code)
        AccessCode.objects.bulk_create(
            (AccessCode(round=locked, token=t, batch=batch) for t in seen), batch_size=5000
        )
        record(
            FundEvent.ACCESS_CODES_ISSUED,
            actor=actor,
            obj=locked,
            data={"count": count, "batch": batch, "output": output},
        )
    return codes
