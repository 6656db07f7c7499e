"""Voter identity, minimised: every identifier becomes an HMAC with the round's secret salt.

No raw identifier, postcode, name or date of birth is stored.  The postcode check keeps only
the outward code long enough to compare it with the round's list; the date of birth only long
enough to compute an age.  Once the vote closes the salt is blanked, so nobody can recompute a
token from an identifier.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AccessCode, EligibleVoter, Round, Verification

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a card
CODE_LENGTH = 12


class NotEligible(ValidationError):
    """The credentials given do not make someone a voter in this round."""


@dataclass(frozen=True)
class Voter:
    """A checked voter: the token their ballot is filed under, and how they were checked."""

    token: str
    method: str


def voter_token(round_: Round, kind: str, value: str) -> str:
    """HMAC-SHA256 of ``kind:value`` under the round's salt (hex)."""
    if not round_.voter_salt:
        raise NotEligible(_("This vote has closed."))
    message = f"{kind}:{value}".encode()
    return hmac.new(round_.voter_salt.encode(), message, hashlib.sha256).hexdigest()


def normalise_identifier(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


def normalise_postcode(value: str) -> str:
    """'bd1 1hy' → 'BD11HY'; raises if it is not shaped like a UK postcode."""
    compact = re.sub(r"\s+", "", value).upper()
    if not re.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}", compact):
        raise NotEligible(_("Enter a full postcode, like BD1 1HY."))
    return compact


def outward_code(postcode: str) -> str:
    return normalise_postcode(postcode)[:-3]


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def new_access_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(code: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", code.upper())


def by_access_code(round_: Round, code: str) -> Voter:
    """A voter holding a printed access code (the same code may change its ballot)."""
    _require_method(round_, Verification.ACCESS_CODE)
    token = voter_token(round_, "code", normalise_code(code))
    if not AccessCode.objects.filter(round=round_, token=token).exists():
        raise NotEligible(_("That access code is not valid for this vote. Check it and try again."))
    return Voter(token, Verification.ACCESS_CODE)


def by_voter_list(round_: Round, identifier: str) -> Voter:
    """A voter whose identifier (e.g. a poll-card number) is on the uploaded list."""
    _require_method(round_, Verification.VOTER_LIST)
    token = voter_token(round_, "list", normalise_identifier(identifier))
    if not EligibleVoter.objects.filter(round=round_, token=token).exists():
        raise NotEligible(_("We could not find that number on the list of voters."))
    return Voter(token, Verification.VOTER_LIST)


def by_postcode(
    round_: Round, postcode: str, born: date, name: str, today: date | None = None
) -> Voter:
    """A resident of the area (postcode district) old enough to vote.

    The token mixes postcode, date of birth and name so two residents of one postcode get
    two ballots, while one resident cannot vote twice by retyping.
    """
    _require_method(round_, Verification.POSTCODE)
    compact = normalise_postcode(postcode)
    prefixes = {p.replace(" ", "").upper() for p in round_.postcode_prefixes}
    if compact[:-3] not in prefixes:
        raise NotEligible(_("That postcode is outside the area of this vote."))
    today = today or timezone.localdate()
    if age_on(born, today) < round_.voter_min_age:
        raise NotEligible(
            _("You need to be %(age)s or older to vote in this round.")
            % {"age": round_.voter_min_age}
        )
    person = f"{compact}|{born.isoformat()}|{normalise_identifier(name).casefold()}"
    return Voter(voter_token(round_, "postcode", person), Verification.POSTCODE)


def _require_method(round_: Round, method: str) -> None:
    if method not in round_.verification:
        raise NotEligible(_("This vote does not use that way of checking voters."))
