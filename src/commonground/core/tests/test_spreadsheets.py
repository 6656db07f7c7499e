"""The one rule for spreadsheet-safe cells (OWASP CSV injection), on its own."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from commonground import spreadsheets
from commonground.spreadsheets import SafeDictWriter, csv_text, safe_cell, safe_text, xlsx_bytes

pytestmark = pytest.mark.engine


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://x","y")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "\n=1",
        "   =1",
        "\u00a0=1",  # a no-break space first
        "\uff1d1",  # full-width equals
        "\uff0b1",
        "\uff0d1",
        "\uff20SUM(A1)",
        "-5",  # text that looks like a number is still text here
    ],
)
def test_text_that_would_start_a_formula_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Cooking Together", "", "a=b", "e-mail", "'quoted", "5"])
def test_ordinary_text_is_unchanged(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize("value", [-5, -2.5, Decimal("-3"), 0, None, True, date(2025, 1, 2)])
def test_numbers_and_other_values_stay_what_they_are(value):
    assert safe_cell(value) is value


def test_pabulib_text_keeps_plain_numbers_but_not_formulas():
    assert safe_text("-1.75") == "-1.75" and safe_text("+4") == "+4" and safe_text("1e3") == "1e3"
    assert safe_text("-2+3") == "'-2+3"
    assert safe_text("=1") == "'=1"


def test_the_csv_helpers_neutralise_every_cell():
    text = csv_text([["name", "amount"], ["=1+1", -5], ["@x", Decimal("-2.50")]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["name", "amount"], ["'=1+1", "-5"], ["'@x", "-2.50"]]

    out = io.StringIO()
    writer = SafeDictWriter(out, fieldnames=["text"])
    writer.writeheader()
    writer.writerows([{"text": "+1"}, {"text": "fine"}])
    assert out.getvalue().splitlines() == ["text", "'+1", "fine"]


def test_xlsx_text_is_never_a_formula_and_numbers_stay_numeric():
    body = xlsx_bytes([("one", [["=SUM(A1)", -5, "ok"]]), ("two", [["-2+3"]])])
    book = load_workbook(io.BytesIO(body))
    one = book["one"]
    assert [c.data_type for c in one[1]] == ["s", "n", "s"]
    assert one["A1"].value == "'=SUM(A1)" and one["B1"].value == -5
    assert book["two"]["A1"].value == "'-2+3"


def test_append_row_stores_text_as_a_string_even_when_it_looks_like_a_formula():
    sheet = Workbook().active
    spreadsheets.append_row(sheet, ["plain", 3])
    assert sheet["A1"].data_type == "s" and sheet["B1"].data_type == "n"
    # openpyxl alone would have stored this as a formula:
    sheet.append(["=1+1"])
    assert sheet["A2"].data_type == "f"
