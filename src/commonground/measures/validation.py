"""Checking uploaded rows of figures: pure Python, no Django, so it is fast and testable alone.

`validate_rows` checks every row against the indicators and areas it is given and returns
either clean rows ready to save or every problem found, each naming its row, its column and
what is wrong, in words a partner's data officer can act on. An upload is accepted whole or
rejected whole, so all problems are collected, not just the first.
"""

import calendar
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from commonground.numbers import AmbiguousNumber, parse_number

COLUMNS = ("indicator", "area_code", "period", "breakdown", "value", "numerator", "denominator")
OPTIONAL_COLUMNS = ("breakdown", "value", "numerator", "denominator", "note")
REQUIRED_COLUMNS = ("indicator", "area_code", "period")
KNOWN_COLUMNS = (*COLUMNS, "note")

MAX_PROBLEMS = 1000  # the report keeps this many; the count is always exact

LEVEL_NAMES = {
    "country": "country",
    "district": "district",
    "ward": "ward",
    "msoa": "MSOA",
    "lsoa": "LSOA",
}


@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period: its code as stored and shown, and the dates it covers."""

    code: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class IndicatorRule:
    """What an indicator accepts, as plain data (built from the model by the caller)."""

    slug: str
    unit: str
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    area_levels: frozenset[str] = frozenset()
    breakdowns: Mapping[str, frozenset[str]] = field(default_factory=dict)
    scale: Decimal | None = None
    allowed: bool = True
    owner_name: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    row: int
    column: str
    message: str
    value: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class CleanRow:
    row: int
    indicator: str
    area_code: str
    period: Period
    breakdown: str
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    note: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.indicator, self.area_code, self.period.code, self.breakdown)


@dataclass(slots=True)
class Result:
    rows: list[CleanRow]
    problems: list[Problem]
    problem_count: int
    total: int

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


# -- periods ----------------------------------------------------------------------------

_YEAR = re.compile(r"^(\d{4})$", re.ASCII)
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE | re.ASCII)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
_FINANCIAL = re.compile(r"^(\d{4})/(\d{2})$", re.ASCII)

PERIOD_HELP = (
    "write a year (2021), a quarter (2021-Q3), a month (2021-03), a day (2021-03-21) "
    "or a financial year (2021/22)"
)


def parse_period(text: str) -> Period:
    """ "2021" → the calendar year; "2021-Q3", "2021-03", "2021-03-21", "2021/22" likewise.

    Raises ValueError with a message for the report. A financial year runs April to March,
    as the council's and police's do; it is only ever written "2021/22", because "2011-12"
    would be ambiguous with December 2011.
    """
    text = (text or "").strip()
    try:
        if m := _YEAR.match(text):
            year = int(m[1])
            return Period(text, date(year, 1, 1), date(year, 12, 31))
        if m := _QUARTER.match(text):
            year, quarter = int(m[1]), int(m[2])
            first = 3 * quarter - 2
            last = first + 2
            return Period(
                f"{year}-Q{quarter}",
                date(year, first, 1),
                date(year, last, calendar.monthrange(year, last)[1]),
            )
        if m := _MONTH.match(text):
            year, month = int(m[1]), int(m[2])
            return Period(
                text, date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
            )
        if m := _DAY.match(text):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return Period(text, day, day)
        if m := _FINANCIAL.match(text):
            year = int(m[1])
            if int(m[2]) != (year + 1) % 100:
                raise ValueError(f"financial year {text!r} must end the year after it starts")
            return Period(text, date(year, 4, 1), date(year + 1, 3, 31))
    except ValueError as error:
        if "financial year" in str(error):
            raise
        raise ValueError(f"{text!r} is not a real date") from None
    if not text:
        raise ValueError(f"period is empty: {PERIOD_HELP}")
    raise ValueError(f"{text!r} is not a period: {PERIOD_HELP}")


def period_for(day: date, precision: str) -> Period:
    """The period a date stands for at a precision: (2017-12-31, "year") → 2017."""
    if precision == "year":
        return parse_period(f"{day.year}")
    if precision == "month":
        return parse_period(f"{day.year}-{day.month:02d}")
    return parse_period(day.isoformat())


# -- breakdowns -------------------------------------------------------------------------

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def parse_breakdown(text: str) -> str:
    """ "sex=female; age_band=16-24" → "age_band=16-24;sex=female" (sorted, so one spelling).

    Raises ValueError for a malformed pair or a dimension given twice.
    """
    text = (text or "").strip()
    if not text:
        return ""
    pairs: dict[str, str] = {}
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        name, sep, value = part.partition("=")
        name, value = name.strip().lower(), value.strip()
        if not sep or not name or not value:
            raise ValueError(f"{part!r} is not dimension=value, e.g. sex=female")
        if not _NAME.match(name):
            raise ValueError(f"{name!r} is not a dimension name (lower case, e.g. age_band)")
        if name in pairs:
            raise ValueError(f"dimension {name!r} is given twice")
        pairs[name] = value
    return ";".join(f"{name}={pairs[name]}" for name in sorted(pairs))


# -- numbers ----------------------------------------------------------------------------


# Every number goes through the project's strict reader (`commonground.numbers`): "5,5",
# "1_0", "1e-400" and a NUL are refused with a reason, never read as 55, 10 or 0.
# Observations store 24 digits, 10 of them after the point (measures.models.Observation):
# a number that does not fit would be rounded or refused by the database, so it is refused
# here with a row error instead.
STORED_DECIMALS = 10
STORED_INTEGER_DIGITS = 14


def stored_number(text: str | None) -> Decimal | None:
    """The number a cell holds, if it can be stored exactly; ValueError saying why not."""
    number = parse_number(text)
    if number is None:
        return None
    if abs(number) >= Decimal(10) ** STORED_INTEGER_DIGITS:
        raise AmbiguousNumber(
            f"{str(text).strip()!r} is too large: at most {STORED_INTEGER_DIGITS} digits "
            "before the decimal point"
        )
    exponent = number.as_tuple().exponent
    places = Decimal(1).scaleb(-STORED_DECIMALS)
    if (
        isinstance(exponent, int)
        and -exponent > STORED_DECIMALS
        and number != number.quantize(places)
    ):
        raise AmbiguousNumber(
            f"{str(text).strip()!r} has more than {STORED_DECIMALS} decimal places: "
            f"round it to {STORED_DECIMALS} or fewer"
        )
    return number


def _fmt(number: Decimal | None) -> str:
    if number is None:
        return ""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# -- rows -------------------------------------------------------------------------------


class _Collector:
    def __init__(self, limit: int):
        self.problems: list[Problem] = []
        self.count = 0
        self.limit = limit

    def add(self, row: int, column: str, message: str, value: str = "") -> None:
        self.count += 1
        if len(self.problems) < self.limit:
            self.problems.append(Problem(row, column, message, value))


def check_header(header: list[str]) -> tuple[dict[str, int], list[Problem]]:
    """Column name → index; problems name missing, unknown and repeated columns (row 1)."""
    names = [(h or "").strip().lower() for h in header]
    problems = []
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        if not name:
            continue
        if name in index:
            problems.append(Problem(1, name, f"column {name!r} appears twice"))
        elif name not in KNOWN_COLUMNS:
            problems.append(
                Problem(
                    1,
                    name,
                    f"unknown column {name!r}; the columns are {', '.join(KNOWN_COLUMNS)}",
                )
            )
        index.setdefault(name, i)
    for name in REQUIRED_COLUMNS:
        if name not in index:
            problems.append(Problem(1, name, f"the column {name!r} is missing"))
    if "value" not in index and not {"numerator", "denominator"} <= index.keys():
        problems.append(
            Problem(1, "value", "give a 'value' column, or 'numerator' and 'denominator' columns")
        )
    return index, problems


def validate_rows(
    header: list[str],
    rows: Iterable[tuple[int, "list[str] | Problem"]],
    *,
    indicators: Mapping[str, IndicatorRule],
    areas: Mapping[str, str],
    progress: Callable[[int], None] | None = None,
    progress_every: int = 5000,
    max_problems: int = MAX_PROBLEMS,
) -> Result:
    """Check every row; return clean rows, or all problems (each with row and column).

    `rows` yields (row number as the partner sees it, cells), or (row number, Problem) for a
    row the reader could not read safely; `areas` maps ONS code →
    level; `progress(n)` is called every `progress_every` rows with the count so far.
    """
    index, header_problems = check_header(header)
    out = _Collector(max_problems)
    for problem in header_problems:
        out.add(problem.row, problem.column, problem.message, problem.value)
    if header_problems:
        return Result([], out.problems, out.count, 0)

    def cell_getter(name: str) -> Callable[[list[str]], str]:
        position = index.get(name)
        if position is None:
            return lambda cells: ""
        return lambda cells: (cells[position] if position < len(cells) else "") or ""

    get = {name: cell_getter(name) for name in KNOWN_COLUMNS}
    clean: list[CleanRow] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    periods: dict[str, Period | str] = {}  # cache: most files repeat a few periods
    breakdown_cache: dict[str, str | ValueError] = {}
    total = 0
    for row_number, cells in rows:
        total += 1
        if progress is not None and total % progress_every == 0:
            progress(total)
        if isinstance(cells, Problem):  # the reader found the row damaged (tabular.py)
            out.add(cells.row, cells.column, cells.message, cells.value)
            continue
        before = out.count
        slug = get["indicator"](cells).strip()
        rule = None
        if not slug:
            out.add(row_number, "indicator", "the indicator code is empty")
        else:
            rule = indicators.get(slug)
            if rule is None:
                out.add(row_number, "indicator", f"no indicator has the code {slug!r}", slug)
            elif not rule.allowed:
                owner = f" (its figures come from {rule.owner_name})" if rule.owner_name else ""
                out.add(
                    row_number,
                    "indicator",
                    f"your organisation may not upload figures for {slug!r}{owner}",
                    slug,
                )
                rule = None

        code = get["area_code"](cells).strip().upper()
        level = areas.get(code)
        if not code:
            out.add(row_number, "area_code", "the area code is empty")
        elif level is None:
            out.add(row_number, "area_code", f"no area has the code {code!r}", code)
        elif rule is not None and rule.area_levels and level not in rule.area_levels:
            wanted = " or ".join(LEVEL_NAMES.get(x, x) for x in sorted(rule.area_levels))
            out.add(
                row_number,
                "area_code",
                f"{code} is a {LEVEL_NAMES.get(level, level)}; {slug!r} is reported by {wanted}",
                code,
            )

        period_text = get["period"](cells).strip()
        period = periods.get(period_text)
        if period is None:
            try:
                period = parse_period(period_text)
            except ValueError as error:
                period = str(error)
            periods[period_text] = period
        if isinstance(period, str):
            out.add(row_number, "period", period, period_text)
            period = None

        breakdown_text = get["breakdown"](cells)
        breakdown = breakdown_cache.get(breakdown_text)
        if breakdown is None:
            try:
                breakdown = parse_breakdown(breakdown_text)
            except ValueError as error:
                breakdown = error
            breakdown_cache[breakdown_text] = breakdown
        if isinstance(breakdown, ValueError):
            out.add(row_number, "breakdown", str(breakdown), breakdown_text)
            breakdown = None
        elif breakdown and rule is not None:
            for pair in breakdown.split(";"):
                name, _sep, value = pair.partition("=")
                allowed = rule.breakdowns.get(name)
                if allowed is None:
                    dims = ", ".join(sorted(rule.breakdowns)) or "none"
                    out.add(
                        row_number,
                        "breakdown",
                        f"{slug!r} is not broken down by {name!r} (it is by: {dims})",
                        breakdown_text,
                    )
                elif allowed and value not in allowed:
                    out.add(
                        row_number,
                        "breakdown",
                        f"{value!r} is not a {name} for {slug!r}; "
                        f"use one of {', '.join(sorted(allowed))}",
                        breakdown_text,
                    )

        numbers: dict[str, Decimal | None] = {}
        bad_number = False
        for name in ("value", "numerator", "denominator"):
            text = get[name](cells)
            try:
                numbers[name] = stored_number(text)
            except ValueError as error:
                out.add(row_number, name, str(error), text.strip())
                numbers[name] = None
                bad_number = True
        value, numerator, denominator = (
            numbers["value"],
            numbers["numerator"],
            numbers["denominator"],
        )
        if not bad_number:
            if (numerator is None) != (denominator is None):
                missing = "denominator" if denominator is None else "numerator"
                out.add(row_number, missing, f"a {missing} is needed with the other one")
            elif numerator is not None and denominator is not None:
                if numerator < 0:
                    out.add(row_number, "numerator", "the numerator is negative", _fmt(numerator))
                if denominator <= 0:
                    out.add(
                        row_number,
                        "denominator",
                        "the denominator must be more than 0",
                        _fmt(denominator),
                    )
                elif numerator > denominator:
                    out.add(
                        row_number,
                        "numerator",
                        f"the numerator {_fmt(numerator)} is greater than the denominator "
                        f"{_fmt(denominator)}",
                        _fmt(numerator),
                    )
                elif rule is not None and rule.scale is not None:
                    computed = numerator / denominator * rule.scale
                    if value is None:
                        value = computed
                    elif abs(value - computed) > rule.scale * Decimal("0.005"):
                        out.add(
                            row_number,
                            "value",
                            f"the value {_fmt(value)} does not match numerator / denominator "
                            f"({_fmt(round(computed, 3))})",
                            _fmt(value),
                        )
            if value is None and (numerator is None) == (denominator is None):
                if numerator is not None and rule is not None and rule.scale is None:
                    out.add(
                        row_number,
                        "value",
                        f"the value is empty, and {slug!r} is not a share to work out from "
                        "numerator and denominator",
                    )
                elif numerator is None:
                    out.add(
                        row_number,
                        "value",
                        "the value is empty (give a value, or a numerator and denominator)",
                    )
            if value is not None and rule is not None:
                low, high = rule.min_value, rule.max_value
                if (low is not None and value < low) or (high is not None and value > high):
                    bounds = (
                        f"from {_fmt(low)} to {_fmt(high)}"
                        if low is not None and high is not None
                        else f"at least {_fmt(low)}"
                        if low is not None
                        else f"at most {_fmt(high)}"
                    )
                    out.add(
                        row_number,
                        "value",
                        f"the value {_fmt(value)} is out of range: {slug!r} is {bounds}",
                        _fmt(value),
                    )

        if out.count > before:
            continue
        key = (slug, code, period.code, breakdown)
        if key in seen:
            out.add(
                row_number,
                "period",
                f"row {seen[key]} already gives this indicator, area, period and breakdown",
                period.code,
            )
            continue
        seen[key] = row_number
        if out.count:
            continue  # once anything is wrong the upload is rejected: stop building rows
        clean.append(
            CleanRow(
                row=row_number,
                indicator=slug,
                area_code=code,
                period=period,
                breakdown=breakdown,
                value=value,
                numerator=numerator,
                denominator=denominator,
                note=get["note"](cells).strip(),
            )
        )
    if progress is not None:
        progress(total)
    if out.count:
        clean = []
    elif total == 0:
        out.add(2, "", "the file has no rows of figures under its header")
    return Result(clean, out.problems, out.count, total)
