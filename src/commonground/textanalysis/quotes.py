"""Quotes compared for sameness: light enough for a web request (no scikit-learn).

Pages that list a theme's quotes import this, not :mod:`.themes`, whose clustering imports
take seconds on a cold process.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence


def normalise_quote(text: str) -> str:
    """A quote as compared for sameness: Unicode-normalised (NFKC), case-folded, punctuation
    and spacing dropped, so "Childcare while I help out." and "childcare while i help out"
    are one quote."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", folded))


def distinct_quotes(order: Sequence[int], texts: Sequence[str], k: int) -> list[int]:
    """The first `k` of `order` (indices into `texts`, best first) whose texts differ once
    normalised: a theme's quotes never repeat one sentence said, or typed, several times."""
    seen: set[str] = set()
    chosen: list[int] = []
    for index in order:
        key = normalise_quote(texts[index])
        if key in seen:
            continue
        seen.add(key)
        chosen.append(index)
        if len(chosen) == k:
            break
    return chosen
