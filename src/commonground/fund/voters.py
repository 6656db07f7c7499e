"""Voter identity, minimised: every identifier becomes an HMAC with the round's secret salt.

No raw identifier, postcode, name or date of birth is stored.  The postcode check keeps only
the outward code long enough to compare it with the round's list; the date of birth only long
enough to compute an age; and binds the person by keyed hashes of postcode + date of birth +
normalised name (:func:`normalise_name`) and of coarser forms that find near-duplicates
(:func:`postcode_person`, :mod:`.actions.eligibility`).  Once the vote closes the salt is
blanked, so nobody can recompute a token from an identifier.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
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


class NotOldEnough(NotEligible):
    """Too young to vote: not a guess at anything secret, so it is not counted as a failed
    check (a child trying on the family phone must not pause the parents)."""


class NotCounted(NotEligible):
    """An officer rejected this person's held ballot: not a guess either, just the answer."""


@dataclass(frozen=True)
class Voter:
    """A checked voter: the token their ballot is filed under, and how they were checked.

    ``held`` is true when a postcode check came out near an earlier voter at the same
    postcode: the ballot is kept aside until an officer counts or rejects it.
    """

    token: str
    method: str
    held: bool = False


def voter_token(round_: Round, kind: str, value: str) -> str:
    """HMAC-SHA256 of ``kind:value`` under the round's salt (hex)."""
    if not round_.voter_salt:
        raise NotEligible(_("This vote has closed."))
    message = f"{kind}:{value}".encode()
    return hmac.new(round_.voter_salt.encode(), message, hashlib.sha256).hexdigest()


def normalise_identifier(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


# Letters that Unicode does not decompose into a base letter + accent, and Arabic-script
# letters that differ only by keyboard (Arabic vs Urdu/Persian layouts).
_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "þ": "th",
        "ħ": "h",
        "ı": "i",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "ه": "ہ",
        "ة": "ہ",
        "ۃ": "ہ",
    }
)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/]+")
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "rev", "revd", "fr"}
    | {"pan", "pani"}  # Polish
)
"""Titles dropped from names (English and Polish).  Suffixes such as "Jr" are kept: they tell
a father from his son."""


def name_parts(name: str) -> list[str]:
    """A name's parts, folded: compatibility forms (NFKC/NFKD), accents and vowel marks
    stripped (Łódź → lodz), case folded, punctuation and apostrophes removed, hyphens and
    spaces as separators, titles dropped, sorted so that order does not matter."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).translate(_FOLD))
    text = text.casefold().translate(_FOLD)
    parts = []
    for chunk in _SEPARATORS.split(text):
        kept = "".join(c for c in chunk if unicodedata.category(c)[0] in "LN" and c.isalnum())
        if kept:
            parts.append(unicodedata.normalize("NFC", kept))
    untitled = [p for p in parts if p not in HONORIFICS]
    return sorted(untitled or parts)


def normalise_name(name: str) -> str:
    """One spelling per name: 'Ms Ána  KOWALSKA.' and 'Kowalska, Ana' → 'ana kowalska'."""
    return " ".join(name_parts(name))


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


@dataclass(frozen=True)
class PostcodePerson:
    """What the postcode route knows of a person, as keyed hashes under the round's salt.

    ``token`` is one per postcode + date of birth + normalised name (the voter token);
    ``group`` is the postcode; ``signals`` are ``(kind, key)`` pairs for coarser forms that a
    near-duplicate at the same postcode would share.
    """

    token: str
    group: str
    district: str
    signals: tuple[tuple[str, str], ...]


SPELLING_SPAN = 40
"""Only the first 40 letters of a name are used for one-letter-off matching (long enough for
any real name, and it bounds the number of hashes kept per voter)."""


def _one_letter_off(compact: str) -> set[str]:
    """The name and every form of it with one letter deleted: two names within one edit
    (a letter added, dropped, changed or two swapped) always share one of these, so a match
    can be found between hashes without keeping the names."""
    compact = compact[:SPELLING_SPAN]
    return {compact} | {compact[:i] + compact[i + 1 :] for i in range(len(compact))}


def postcode_person(
    round_: Round, postcode: str, born: date, name: str, today: date | None = None
) -> PostcodePerson:
    """Check a resident of the area (postcode district) old enough to vote, and describe them
    for binding (see :mod:`commonground.fund.actions.eligibility`).  Raises
    :class:`NotEligible` (:class:`NotOldEnough` for age)."""
    _require_method(round_, Verification.POSTCODE)
    compact = normalise_postcode(postcode)
    prefixes = {p.replace(" ", "").upper() for p in round_.postcode_prefixes}
    if compact[:-3] not in prefixes:
        raise NotEligible(_("That postcode is outside the area of this vote."))
    today = today or timezone.localdate()
    if age_on(born, today) < round_.voter_min_age:
        raise NotOldEnough(
            _("You need to be %(age)s or older to vote in this round.")
            % {"age": round_.voter_min_age}
        )
    parts = name_parts(name)
    if not parts:
        raise NotEligible(_("Enter your full name."))
    normal = " ".join(parts)
    born_iso = born.isoformat()
    initials = "".join(sorted(p[0] for p in parts))
    signals = [("same_name", voter_token(round_, "near-name", f"{compact}|{normal}"))]
    signals += [
        ("similar_name", voter_token(round_, "near-spelling", f"{compact}|{variant}"))
        for variant in sorted(_one_letter_off("".join(parts)))
        if variant
    ]
    signals += [
        ("initials", voter_token(round_, "near-initials", f"{compact}|{born_iso}|{initials}|{p}"))
        for p in sorted(set(parts))
        if len(p) > 1
    ]
    return PostcodePerson(
        token=voter_token(round_, "postcode", f"{compact}|{born_iso}|{normal}"),
        group=voter_token(round_, "postcode-group", compact),
        district=compact[:-3],
        signals=tuple(signals),
    )


def by_postcode(
    round_: Round,
    postcode: str,
    born: date,
    name: str,
    today: date | None = None,
    *,
    device: str = "",
) -> Voter:
    """A resident of the area (postcode district) old enough to vote, bound to one person.

    The token mixes postcode, date of birth and normalised name, so two residents of one
    postcode get two ballots while one resident retyping (dots, spaces, accents, order,
    titles) gets the same one.  A check near an earlier voter at that postcode (same name
    with another date of birth, a name one letter off, same initials and a shared name) is
    recorded and its ballot held for review (``Voter.held``).  ``device`` is the device
    cookie's id, if any, so the review can say whether both checks came from one device.
    """
    from .actions.eligibility import register_postcode_voter

    person = postcode_person(round_, postcode, born, name, today)
    device_key = voter_token(round_, "device", device) if device else ""
    held = register_postcode_voter(round_=round_, person=person, device=device_key)
    return Voter(person.token, Verification.POSTCODE, held=held)


def person_key(postcode: str, name: str) -> str:
    """What stays fixed while someone guesses at the postcode route (for the failed-check
    limit): the postcode as typed, compacted, and the normalised name.  Not the date of birth,
    which is what a guesser would vary."""
    compact = re.sub(r"\s+", "", postcode).upper()
    return f"{compact}|{normalise_name(name)}"


def _require_method(round_: Round, method: str) -> None:
    if method not in round_.verification:
        raise NotEligible(_("This vote does not use that way of checking voters."))
