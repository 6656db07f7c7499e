"""Fuzzing partner uploads: hundreds of damaged CSV and XLSX files through the CLI and the API.

The files start as the upload templates the app hands partners (`opendata.template_csv` and
`template_xlsx`), filled with real Census 2021 ward figures from shared/data/uk, and are then
damaged by a seeded mutator: cut mid-row, NUL bytes, stray quotes, non-UTF-8 bytes, numbers
written `5,5`, `1_0`, `1e-400` or too large, rows duplicated or dropped, headers renamed or
dropped, overlong cells, flipped bytes, and XLSX zip bombs built here.

For every mutant the outcome must be one of two, never a traceback, a 500, a hang or an upload
left half done:
- accepted, and then the current figure of every row equals what a *strict* reading of the file
  says (Python's csv module in strict mode or openpyxl, and `commonground.numbers`): no silent
  change of meaning; or
- rejected, with problems naming a row (and a column where there is one), nothing saved.
"""

from __future__ import annotations

import csv
import io
import random
import re
import signal
import zipfile
from contextlib import contextmanager
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from commonground.measures import actions, opendata
from commonground.measures.models import Indicator, Observation, Upload
from commonground.measures.validation import parse_breakdown, parse_period
from commonground.numbers import parse_number

SEED = 20261203
CENSUS = Path(settings.SHARED_DIR) / "data" / "uk" / "census2021"
ETHNICITY = CENSUS / "bradford_wards_ts021_ethnic_group.csv"
TOTAL = "Ethnic group: Total: All usual residents"
PAKISTANI = "Ethnic group: Asian, Asian British or Asian Welsh: Pakistani"
TRICKY = [
    "5,5",
    "1_0",
    "1e-400",
    "1e400",
    "1,234",
    "1,234,567",
    "1,234.5",
    "9" * 30,
    "0.1234567890123",
    "0.1234567890",
    "-0",
    "+7",
    " 12 ",
    "1.5E+06",
    "NaN",
    "inf",
    "0x10",
    "١٢",
    "",
    "12.",
    ".5",
    "1 000",
    "\u00a05",
    "5%",
    "£5",
    "-3",
    "5\x00",
    '"5"5',
    "99999999999999",
    "100000000000000",
]


@contextmanager
def time_limit(seconds: int):
    """A hard stop for a hung mutant (the test fails instead of hanging the suite)."""

    def stop(signum, frame):
        raise TimeoutError(f"a mutant took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- the real files ----------------------------------------------------------------------


def census() -> dict[str, dict[str, str]]:
    with ETHNICITY.open(newline="", encoding="utf-8") as handle:
        return {row["geography code"]: row for row in csv.DictReader(handle)}


def base_rows(indicators) -> list[list[str]]:
    """The templates' rows filled with real figures: counts by ward, Pakistani share by ward."""
    people = census()
    district_total = sum(int(row[TOTAL]) for row in people.values())
    rows = []
    for template in opendata.template_rows(indicators["hate-crimes"]):
        code = template[1]
        for period, column in (("2021", TOTAL), ("2022", PAKISTANI)):
            if code in people:
                value = people[code][column]
            else:  # the District: the sum over its wards
                value = str(sum(int(row[column]) for row in people.values()))
            rows.append([template[0], code, period, "", value, "", "", template[7]])
    for template in opendata.template_rows(indicators["satisfied-with-area"]):
        code = template[1]
        if code in people:
            numerator, denominator = people[code][PAKISTANI], people[code][TOTAL]
        else:
            numerator = str(sum(int(row[PAKISTANI]) for row in people.values()))
            denominator = str(district_total)
        rows.append([template[0], code, "2021", "", "", numerator, denominator, template[7]])
    return rows


def to_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def to_xlsx(header: list, rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- mutators ----------------------------------------------------------------------------


def mutate_csv(rng: random.Random, header: list[str], rows: list[list[str]]) -> bytes:
    """One damaged CSV: row-level edits, then byte-level edits, 1–3 of them."""
    header, rows = list(header), [list(r) for r in rows]
    for _ in range(rng.randint(1, 2)):
        kind = rng.choice(["value", "value", "value", "dup", "drop", "header", "long", "none"])
        if kind == "value" and rows:
            row = rng.choice(rows)
            row[rng.choice([4, 4, 4, 5, 6])] = rng.choice(TRICKY)
        elif kind == "dup" and rows:
            rows.insert(rng.randrange(len(rows) + 1), list(rng.choice(rows)))
        elif kind == "drop" and rows:
            rows.pop(rng.randrange(len(rows)))
        elif kind == "header":
            i = rng.randrange(len(header))
            choice = rng.choice(["rename", "drop", "swap", "upper", "extra"])
            if choice == "rename":
                header[i] = rng.choice(["valeur", "Value ", "area code", "", "value"])
            elif choice == "drop":
                header.pop(i)
            elif choice == "swap":
                j = rng.randrange(len(header))
                header[i], header[j] = header[j], header[i]
            elif choice == "upper":
                header = [h.upper() for h in header]
            else:
                header.append("source")
        elif kind == "long" and rows:
            rng.choice(rows)[7] = "x" * rng.choice([1_999, 2_001, 200_000])
    data = to_csv(header, rows)
    for _ in range(rng.randint(0, 2)):
        kind = rng.choice(["cut", "nul", "quote", "byte", "flip", "bom", "crlf", "blank"])
        at = rng.randrange(len(data) + 1)
        if kind == "cut":
            data = data[:at]
        elif kind == "nul":
            data = data[:at] + b"\x00" + data[at:]
        elif kind == "quote":
            data = data[:at] + b'"' + data[at:]
        elif kind == "byte":
            data = data[:at] + bytes([rng.randrange(0x80, 0x100)]) + data[at:]
        elif kind == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :]
        elif kind == "bom":
            data = b"\xef\xbb\xbf" + data
        elif kind == "crlf":
            data = data.replace(b"\n", b"\r\n")
        else:
            data += b"\n,,,,\n\n"
    return data


def zip_bomb(rng: random.Random, header: list[str], rows: list[list[str]]) -> bytes:
    """A real XLSX whose sheet XML gains megabytes of blank space or of empty rows."""
    plain = io.BytesIO(to_xlsx(header, rows))
    out = io.BytesIO()
    padding = rng.choice(
        [
            b" " * (rng.randint(6, 12) * 1024 * 1024),  # inflates past the ratio limit
            b"".join(  # thousands of real rows: past the row limit, read lazily
                b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n)
                for n in range(len(rows) + 2, len(rows) + 40_000)
            ),
        ]
    )
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", padding + b"</sheetData>", 1)
            zf.writestr(item.filename, data, compresslevel=9)
    return out.getvalue()


def mutate_xlsx(rng: random.Random, header: list[str], rows: list[list[str]]) -> bytes:
    """One damaged XLSX: cells of every type, rows and headers edited, or the zip damaged."""
    kind = rng.choice(["cells", "cells", "cells", "cells", "rows", "header", "zip", "bomb"])
    if kind == "bomb":
        return zip_bomb(rng, header, rows)
    header = list(header)
    typed: list[list] = [[int(c) if c.isdigit() else c for c in row] for row in rows]
    if kind == "cells":
        for _ in range(rng.randint(1, 3)):
            row = rng.choice(typed)
            row[rng.choice([1, 2, 4, 4, 5, 6])] = rng.choice(
                [
                    *TRICKY,
                    0.1 + 0.2,
                    1e300,
                    1e-300,
                    -5,
                    2.5,
                    10**20,
                    True,
                    None,
                    "x" * 3000,
                    "E05001365",
                    "2021-Q3",
                ]
            )
    elif kind == "rows":
        if rng.random() < 0.5:
            typed.insert(rng.randrange(len(typed) + 1), list(rng.choice(typed)))
        else:
            typed.pop(rng.randrange(len(typed)))
        typed[rng.randrange(len(typed))].append("stray")
    elif kind == "header":
        header[rng.randrange(len(header))] = rng.choice(["valeur", "", "VALUE", "value"])
    typed = [[c.replace("\x00", "") if isinstance(c, str) else c for c in r] for r in typed]
    data = to_xlsx(header, typed)
    if kind == "zip":
        at = rng.randrange(len(data))
        data = rng.choice([data[:at], data[:at] + b"\x00" * 7 + data[at + 7 :]])
    return data


def mutants(indicators, count_csv: int, count_xlsx: int) -> list[tuple[str, bytes]]:
    rng = random.Random(SEED)
    header = list(opendata.TEMPLATE_HEADER)
    rows = base_rows(indicators)
    files = [("base.csv", to_csv(header, rows))]
    files += [(f"m{n}.csv", mutate_csv(rng, header, rows)) for n in range(count_csv)]
    files += [
        ("base.xlsx", to_xlsx(header, [[int(c) if c.isdigit() else c for c in r] for r in rows]))
    ]
    files += [(f"m{n}.xlsx", mutate_xlsx(rng, header, rows)) for n in range(count_xlsx)]
    return files


# -- the strict reading (the oracle) -------------------------------------------------------


class Unreadable(Exception):
    """A strict reader refuses the file: it must not have been accepted."""


def strict_cells(name: str, data: bytes) -> tuple[list[str], list[list[str]]]:
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252")  # raises for bytes Windows-1252 lacks too
        table = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        header, body = table[0], table[1:]
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data), data_only=True).worksheets[0]
        table = [
            [
                ""
                if c is None
                else str(Decimal(str(c)).normalize())
                if isinstance(c, float)
                else str(c)
                for c in row
            ]
            for row in sheet.iter_rows(values_only=True)
        ]
        header, body = table[0], table[1:]
    return header, [r for r in body if any(c.strip() for c in r)]


def strict_figures(name: str, data: bytes, scales: dict[str, Decimal | None]) -> dict:
    """(indicator, area, period, breakdown) → (value, numerator, denominator), read strictly."""
    try:
        header, body = strict_cells(name, data)
    except Exception as error:
        raise Unreadable(error) from error
    names = [h.strip().lower() for h in header]
    figures = {}
    for cells in body:
        if name.endswith(".csv") and len(cells) != len(header):
            raise Unreadable(f"ragged row {cells}")
        if any("\x00" in c for c in cells):
            raise Unreadable("NUL")
        row = {n: (cells[i] if i < len(cells) else "") for i, n in enumerate(names) if n}
        try:
            numerator = parse_number(row.get("numerator"))
            denominator = parse_number(row.get("denominator"))
            value = parse_number(row.get("value"))
        except ValueError as error:
            raise Unreadable(error) from error
        indicator = row["indicator"].strip()
        if value is None:
            assert numerator is not None and denominator is not None, (name, header, cells)
            value = numerator / denominator * scales[indicator]
        key = (
            indicator,
            row["area_code"].strip().upper(),
            parse_period(row["period"]).code,
            parse_breakdown(row.get("breakdown", "")),
        )
        figures[key] = (value, numerator, denominator)
    return figures


def close(a: Decimal | None, b: Decimal | None) -> bool:
    """Equal to the stored precision (SQLite keeps decimals as 15-digit floats)."""
    if a is None or b is None:
        return a is None and b is None
    return abs(Decimal(a) - Decimal(b)) <= Decimal("1e-9") * max(Decimal(1), abs(Decimal(b)))


def check_outcome(name: str, data: bytes, upload: Upload, before: int) -> str:
    """Accepted with exactly the strict reading's figures, or rejected with row problems."""
    upload.refresh_from_db()
    assert upload.status in {"accepted", "rejected"}, (name, upload.status, upload.message)
    if upload.status == "rejected":
        assert upload.error_count >= 1 and upload.report, name
        for problem in upload.report:
            assert isinstance(problem["row"], int) and problem["row"] >= 1, (name, problem)
            assert problem["message"], (name, problem)
        assert not Observation.objects.filter(upload=upload).exists(), name
        assert Observation.objects.count() == before, name
        return "rejected"
    scales = {i.slug: i.scale for i in Indicator.objects.all()}
    try:
        expected = strict_figures(name, data, scales)
    except Unreadable as error:
        pytest.fail(f"{name} was accepted but a strict reading refuses it: {error}")
    assert expected, name
    assert Observation.objects.filter(upload=upload).count() == (
        upload.rows_created + upload.rows_corrected
    )
    current = {
        (o.indicator.slug, o.area.code, o.period, o.breakdown): o
        for o in Observation.objects.filter(is_current=True).select_related("indicator", "area")
    }
    for key, (value, numerator, denominator) in expected.items():
        stored = current[key]
        assert close(stored.value, value), (name, key, stored.value, value)
        assert close(stored.numerator, numerator), (name, key, stored.numerator, numerator)
        assert close(stored.denominator, denominator), (name, key, stored.denominator, denominator)
    return "accepted"


# -- the runs ----------------------------------------------------------------------------

PROBLEM_LINE = re.compile(r"^  (row \d+(, column [^:]+)?: .+|… and \d+ more)$")


@pytest.fixture
def small_limits(settings):
    """Limits low enough that the zip bombs and long files reach them quickly."""
    settings.MEASURES_UPLOAD_MAX_INFLATED_BYTES = 8 * 1024 * 1024
    settings.MEASURES_UPLOAD_MAX_ROWS = 5_000
    settings.MEASURES_UPLOAD_MAX_CELLS = 100_000


def test_hundreds_of_mutants_through_the_cli(indicators, police, tmp_path, small_limits):
    outcomes = {"accepted": 0, "rejected": 0}
    for name, data in mutants(indicators, count_csv=260, count_xlsx=90):
        path = tmp_path / name
        path.write_bytes(data)
        before = Observation.objects.count()
        out, err = StringIO(), StringIO()
        with time_limit(60):
            try:
                call_command(
                    "measures",
                    "upload",
                    str(path),
                    "--organisation",
                    police.slug,
                    stdout=out,
                    stderr=err,
                )
                code = 0
            except SystemExit as exit_:
                code = exit_.code
        assert "Traceback" not in err.getvalue() + out.getvalue(), name
        assert code in (0, 2), (name, code, err.getvalue())
        if code == 2:
            lines = err.getvalue().splitlines()
            assert "rejected" in lines[0] and len(lines) > 1, (name, lines)
            assert all(PROBLEM_LINE.match(line) for line in lines[1:]), (name, lines)
        upload = Upload.objects.latest("pk")
        outcome = check_outcome(name, data, upload, before)
        assert outcome == ("accepted" if code == 0 else "rejected"), name
        outcomes[outcome] += 1
    print("CLI outcomes:", outcomes)  # shown with -s
    # the mutator must reach both outcomes, or it is not testing anything
    assert outcomes["accepted"] >= 20 and outcomes["rejected"] >= 200, outcomes


def test_hundreds_of_mutants_through_the_api(
    client, indicators, police, small_limits, inline_api_tasks, django_capture_on_commit_callbacks
):
    auth = {"Authorization": f"Bearer {actions.issue_token(police, name='Fuzz')[1]}"}
    outcomes = {"accepted": 0, "rejected": 0, "refused": 0}
    files = mutants(indicators, count_csv=260, count_xlsx=90)
    for name, data in files[::2] + files[1:40:2]:
        before = Observation.objects.count()
        with time_limit(60), django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/api/measures/uploads",
                {"file": SimpleUploadedFile(name, data)},
                headers=auth,
            )
        if not data:  # an empty file is refused at once, with a message
            assert response.status_code == 400, name
            outcomes["refused"] += 1
            continue
        assert response.status_code == 202, (name, response.status_code, response.content)
        status = client.get(response.json()["status_url"], headers=auth).json()
        assert status["finished"] and status["status"] in {"accepted", "rejected"}, (name, status)
        upload = Upload.objects.get(pk=status["id"])
        outcomes[check_outcome(name, data, upload, before)] += 1
    print("API outcomes:", outcomes)  # shown with -s
    assert outcomes["accepted"] >= 10 and outcomes["rejected"] >= 100, outcomes
