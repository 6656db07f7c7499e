"""Dates read "1 stycznia 2027" in Polish, not "1 Styczeń 2027": every format names the month
after a day with `E`, the form Django's locales give for that place (the genitive in
Polish), never `F` (the month on its own, the nominative).

The rendered pages are checked in `consult/tests/test_detail_dates_in_polish.py`; this finds
any template or module that formats a day with `F`, so a new page cannot bring it back.
"""

import re
from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format

# A format string (quoted) with a day (j or d) somewhere before a full month name (F).
_DAY_THEN_F = re.compile(r"""["'][^"'\n]*\b[jd]\b[^"'\n]*\bF\b[^"'\n]*["']""")
_FORMAT_USE = re.compile(r"""\|date:|date_format\(|\{% now """)


def _sources() -> list[Path]:
    root = Path(settings.PACKAGE_DIR)
    return [
        p
        for p in [*root.rglob("*.html"), *root.rglob("*.py"), *root.rglob("*.txt")]
        if "tests" not in p.parts
    ]


def test_no_date_format_puts_a_nominative_month_after_a_day():
    found = [
        f"{path.relative_to(settings.PACKAGE_DIR)}:{number}: {line.strip()[:120]}"
        for path in _sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _FORMAT_USE.search(line) and _DAY_THEN_F.search(line)
    ]
    assert not found, "use E (the month as it reads after a day), not F:\n" + "\n".join(found)


def test_the_format_we_use_gives_the_genitive_in_polish_and_the_same_in_english():
    day = date(2027, 1, 1)
    with translation.override("pl"):
        assert date_format(day, "j E Y") == "1 stycznia 2027"
    with translation.override("en"):
        assert date_format(day, "j E Y") == "1 January 2027"


def test_period_codes_read_as_words_in_polish_and_stay_codes_in_english():
    from commonground.core.templatetags.commonground import period

    with translation.override("pl"):
        assert period("2021-04").lower() == "kwiecień 2021"  # a month alone: the nominative
        assert period("2021-04-03") == "3 kwietnia 2021"
        assert period("2021") == "2021"
        # Needs the catalogues merged from var/i18n/rtl.json (msgctxt "period").
        assert period("2021-Q4") == "4 kw. 2021"
    with translation.override("en"):
        assert period("2021-Q4") == "2021-Q4"
