"""Personal data in residents' comments: find it, and mask it before a quote is published.

Runs on every saved comment, so it is plain regular expressions plus ``phonenumbers`` (no model):
a few hundred microseconds a comment.  Recall matters more than precision here: a masked word
too many costs a quote a little colour, a name too few is a breach.  What is masked:

* ``[email]`` e-mail addresses;
* ``[phone]`` telephone numbers, found by ``phonenumbers`` for region GB (so 07…, 01274…,
  +44…, +48…), at least nine digits, or six or more digits after a cue such as "call me on";
* ``[postcode]`` full UK postcodes ("BD8 7AB", "bd87ab").  An outward code alone ("BD8") names
  a district of thousands of households and is kept: it is evidence, not personal data;
* ``[address]`` a house or flat number with a street ("14 Oak Lane", "Flat 3, 22 Manor Row",
  "flat 2b").  A street without a house number ("buses on Bradford Road") is kept for the same
  reason as an outward postcode: officers need the place and it identifies no one;
* ``[name]`` people's names: after a cue ("my name is", "I'm", "called", "Mr/Mrs/Ms/Dr",
  "my son/wife/neighbour…") or, bare, when the word is a common first name in the District's
  communities (``data/first_names.txt``), extended over a following surname.  Titles stay
  ("Mrs [name]").  Organisations, places and festivals are not names: a short list of words
  that follow cues without being names ("I'm Polish", "called Bradford Council") is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import phonenumbers

__all__ = ["KINDS", "Span", "find_personal_data", "mask_personal_data"]

KINDS = ("email", "phone", "postcode", "address", "name")
_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}  # overlaps: the earlier kind wins


def _words(text: str) -> frozenset[str]:
    """A set of words written one after another, as word lists are easiest to read."""
    return frozenset(text.split())


@dataclass(frozen=True, order=True)
class Span:
    """A piece of personal data: ``text[start:end]`` is of ``kind`` (one of :data:`KINDS`)."""

    start: int
    end: int
    kind: str


# ----------------------------------------------------------------------------- patterns

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_POSTCODE = re.compile(
    r"\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)\s?[0-9][ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE
)
_STREET_TYPES = (
    "road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|place|pl|terrace|terr|crescent|cres|"
    "grove|way|court|ct|gardens|gdns|walk|row|mount|rise|view|square|sq|hill|fold|green|"
    "parade|mews|park|bank|croft|gate|vale|yard|walk|fields|heights|approach|wharf"
)
# A capitalised word of a street's name (letters, apostrophes, hyphens: "St John's", "Low-Moor").
_CAP = r"[^\W\d_a-z][\w'’-]*"
_ADDRESS = re.compile(
    rf"(?:\b(?i:flat|apartment|apt|unit)\s*\d+[a-zA-Z]?,?\s+)?"
    rf"\b\d{{1,4}}[a-zA-Z]?,?\s+(?:{_CAP}\s+){{1,3}}(?i:{_STREET_TYPES})\b"
    rf"|\b(?i:flat|apartment|apt)\s*\d+[a-zA-Z]?\b"
)
_PHONE_CUE = re.compile(
    r"(?i:\b(?:call|ring|phone|tel|telephone|mobile|mob|number|text|whatsapp|contact)\b"
    r"[^\d\n]{0,15})(\+?\d[\d \-]{4,14}\d)"
)

# Words that follow a name cue without being a name ("I'm Polish", "called Bradford Council").
_NOT_NAMES = _words(
    """
    I A An The This That These Those It We They He She You My Our Your His Her Their Its And
    But Or So If When Then There Here What Who Why How Not No Yes Please Thanks Thank
    English British Polish Pakistani Bangladeshi Indian Kashmiri Slovak Czech Roma Romanian
    Arab Arabic Kurdish Somali Eritrean Afghan Syrian Iranian Irish Scottish Welsh African
    Caribbean Black White Asian Muslim Christian Hindu Sikh Jewish Catholic Buddhist Urdu
    Punjabi Bengali Gujarati Pashto Mirpuri Bradford Bradfordian Keighley Shipley Bingley
    Ilkley Leeds Yorkshire Manningham Girlington Bowling Allerton Eccleshill Heaton Holme
    Council Centre Center School College Library Mosque Church Temple Gurdwara Road Street
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    June July August September October November December Eid Diwali Christmas Ramadan
    Vaisakhi Easter Mela Hanukkah NHS GP ESOL Covid Not Just Only Also Really Very Sorry
    Happy Glad Worried Afraid Sure Retired Disabled Unemployed Living New Old Here Mr Mrs Ms
    Miss Mx Dr Cllr Councillor Imam Father Rev Revd Sister Brother Aunty Sir Madam
    """
)
# First names that are also everyday words: masked only after a cue or before a surname.
AMBIGUOUS = _words(
    """
    Will May Hope Faith Joy Grace Rose Amber Mark Jack Bill Roman Milan Dean Rob Sunny
    Summer Iris Holly Ivy Pat Sue Noor Kiran Sana Dawn Robin Art
    """
)
_CUE_WORDS = (
    r"my name is|my name's|name is|names|i am|i'm|im|i’m|called|named|this is|ask for|"
    r"speak to|contact|"
    r"my (?:son|daughter|husband|wife|partner|brother|sister|mum|mother|dad|father|friend|"
    r"neighbour|neighbor|nan|gran|grandson|granddaughter|grandmother|grandfather|child|boy|"
    r"girl|cousin|uncle|aunt|auntie|nephew|niece|carer|landlord|teacher)(?:'s name is| is)?|"
    r"our (?:son|daughter|neighbour|teacher|imam|vicar|councillor|landlord)"
)
_TITLES = r"mr|mrs|ms|miss|mx|dr|cllr|councillor|imam|father|rev|revd|sister|brother|aunty"
_NAME_WORDS = rf"{_CAP}(?:\s+{_CAP}){{0,2}}"
_CUED = re.compile(rf"(?:\b(?i:{_CUE_WORDS})[,:]?\s+)({_NAME_WORDS})")
# After "my name is" a lowercase name is still a name ("hi my name is tomasz").
_NAMED = re.compile(r"\b(?i:my name is|my name's|my names|i am called|i'm called)\s+([^\W\d_]+)")
_NOT_LOWER_NAMES = _words(
    """
    a an the not from and i in on at is was very so just
    """
)
_TITLED = re.compile(rf"\b(?i:{_TITLES})\b\.?\s+({_NAME_WORDS})")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@cache
def first_names() -> frozenset[str]:
    """The list of common first names (``data/first_names.txt``), read once per process."""
    path = Path(__file__).with_name("data") / "first_names.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _name_part(word: str) -> bool:
    """Could ``word`` be part of a person's name (capitalised, not a known non-name)?"""
    return word[:1].isupper() and word not in _NOT_NAMES and not word.isupper()


def _trim_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The leading run of name-like words in ``text[start:end]``, or None if there is none."""
    words = list(_WORD.finditer(text, start, end))
    kept = []
    for word in words:
        if not _name_part(word.group()):
            break
        kept.append(word)
    if not kept:
        return None
    return kept[0].start(), kept[-1].end()


def _names(text: str) -> list[Span]:
    spans: list[Span] = []
    for pattern in (_CUED, _TITLED):
        for match in pattern.finditer(text):
            trimmed = _trim_name(text, match.start(1), match.end(1))
            if trimmed:
                spans.append(Span(*trimmed, "name"))
    for match in _NAMED.finditer(text):
        if match.group(1).lower() not in _NOT_LOWER_NAMES and not _name_part(match.group(1)):
            spans.append(Span(match.start(1), match.end(1), "name"))
    names = first_names()
    words = list(_WORD.finditer(text))
    for i, word in enumerate(words):
        token = word.group().rstrip("'’s") if word.group().endswith(("'s", "’s")) else None
        value = token or word.group()
        if value not in names:
            continue
        before = words[i - 1].group() if i else ""
        if before in {"St", "Saint"}:  # St Mary's is a church, not Mary
            continue
        follower = words[i + 1] if i + 1 < len(words) else None
        has_surname = (
            follower is not None
            and not token
            and text[word.end() : follower.start()].strip() == ""
            and _name_part(follower.group())
        )
        if value in AMBIGUOUS and not has_surname:
            continue
        end = follower.end() if has_surname else word.start() + len(value)
        spans.append(Span(word.start(), end, "name"))
    return spans


def _phones(text: str) -> list[Span]:
    spans = []
    if sum(ch.isdigit() for ch in text) < 6:  # nearly every comment: no number to look at
        return spans
    matcher = phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        if sum(ch.isdigit() for ch in match.raw_string) >= 9:
            spans.append(Span(match.start, match.end, "phone"))
    for match in _PHONE_CUE.finditer(text):
        if sum(ch.isdigit() for ch in match.group(1)) >= 6:
            spans.append(Span(match.start(1), match.end(1), "phone"))
    return spans


def find_personal_data(text: str) -> list[Span]:
    """Every piece of personal data in ``text``, in order, without overlaps.

    Where two findings overlap, e-mail beats phone beats postcode beats address beats name
    (an e-mail address contains a name; a phone number is not a house number).
    """
    found = [Span(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]
    found += _phones(text)
    found += [Span(m.start(), m.end(), "postcode") for m in _POSTCODE.finditer(text)]
    found += [Span(m.start(), m.end(), "address") for m in _ADDRESS.finditer(text)]
    found += _names(text)
    kept: list[Span] = []
    for span in sorted(found, key=lambda s: (_PRIORITY[s.kind], s.start, -s.end)):
        if all(span.end <= other.start or span.start >= other.end for other in kept):
            kept.append(span)
    return sorted(kept)


def mask_personal_data(text: str) -> str:
    """``text`` with each piece of personal data replaced by ``[kind]``, e.g. "[phone]"."""
    pieces, last = [], 0
    for span in find_personal_data(text):
        pieces += [text[last : span.start], f"[{span.kind}]"]
        last = span.end
    pieces.append(text[last:])
    return "".join(pieces)


# ----------------------------------------------------------------------------- evaluation


def labelled_path() -> Path:
    """The hand-labelled sentences (``data/pii_labelled.jsonl``) the masking is measured on."""
    return Path(__file__).with_name("data") / "pii_labelled.jsonl"


def evaluate(path: Path | None = None) -> dict[str, float]:
    """Span precision and recall of :func:`find_personal_data` on a labelled JSON Lines file.

    Each line is ``{"text": …, "pii": [[kind, substring], …]}``.  A labelled span counts as
    found when every non-space character of it is masked (by a span of any kind: masked is
    masked); a found span is correct when it overlaps a labelled one.  Returns ``precision``,
    ``recall``, ``found``, ``labelled``, ``false_positives`` and ``missed``.
    """
    import json

    labelled = found = correct = caught = 0
    for line in (path or labelled_path()).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        text = item["text"]
        gold, cursor = [], 0
        for _kind, substring in item["pii"]:
            start = text.index(substring, cursor)
            gold.append((start, start + len(substring)))
            cursor = start + len(substring)
        spans = find_personal_data(text)
        masked = set()
        for span in spans:
            masked.update(range(span.start, span.end))
        labelled += len(gold)
        caught += sum(
            all(i in masked for i in range(s, e) if not text[i].isspace()) for s, e in gold
        )
        found += len(spans)
        correct += sum(any(s.start < e and s.end > b for b, e in gold) for s in spans)
    return {
        "precision": correct / found if found else 1.0,
        "recall": caught / labelled if labelled else 1.0,
        "found": found,
        "labelled": labelled,
        "false_positives": found - correct,
        "missed": labelled - caught,
    }
