"""Issue 10, findings 8 and 9: uploads never give a silent wrong number, a 500 or a stuck upload.

Each test feeds a real file through the path a partner uses (CLI, API, or the action the web
upload's background task runs) and checks the final state: accepted with exactly the values
written, or rejected with a problem naming the row and the column.
"""

import io
import zipfile
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from commonground.measures import actions
from commonground.measures.models import Observation, Upload

from .conftest import HEADER

ROW = "hate-crimes,E05001365,2021,,{value},,\n"


def cli(path) -> tuple[int, str, str]:
    """Run `commonground measures upload` in process: (exit code, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command(
            "measures",
            "upload",
            str(path),
            "--organisation",
            "west-yorkshire-police",
            stdout=out,
            stderr=err,
        )
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ('"5,5"', "comma"),
        ("1_0", "underscore"),
        ("1e-400", "too large or too small"),
        ("5\x00", "NUL"),
        ('"1,234"', "could be 1234 or 1.234"),
    ],
)
def test_the_cli_refuses_ambiguous_numbers_naming_row_and_column(
    indicators, police, tmp_path, cell, reason
):
    path = tmp_path / "figures.csv"
    path.write_bytes((HEADER + ROW.format(value=cell)).encode())
    code, _out, err = cli(path)
    assert code == 2, err
    assert "row 2, column value" in err and reason in err
    assert not Observation.objects.filter(indicator__slug="hate-crimes").exists()
    assert Upload.objects.get().status == "rejected"


def test_a_bad_quote_is_a_row_error_not_a_silent_value(indicators, police, tmp_path):
    """`"5"5` was read as 55 by a lenient CSV reader."""
    path = tmp_path / "figures.csv"
    path.write_bytes((HEADER + 'hate-crimes,E05001365,2021,,"5"5,,\n').encode())
    code, _out, err = cli(path)
    assert code == 2 and "row 2" in err and "quot" in err, err
    assert not Observation.objects.filter(indicator__slug="hate-crimes").exists()


def test_a_ragged_row_is_refused(indicators, police, tmp_path):
    """An unquoted 5,5 under a header without numerator/denominator shifted one cell along."""
    path = tmp_path / "figures.csv"
    path.write_bytes(b"indicator,area_code,period,value\nhate-crimes,E05001365,2021,5,5\n")
    code, _out, err = cli(path)
    assert code == 2 and "row 2" in err and "cells" in err, err
    assert not Observation.objects.filter(indicator__slug="hate-crimes").exists()


def test_non_utf8_bytes_in_a_utf8_file_name_the_line(indicators, police, tmp_path):
    path = tmp_path / "figures.csv"
    content = HEADER + "hate-crimes,E05001365,2021,,5,,Café\nhate-crimes,E05001342,2021,,6,,"
    path.write_bytes(content.encode() + b"\xff\n")
    code, _out, err = cli(path)
    assert code == 2 and "row 3" in err and "UTF-8" in err, err


def test_a_value_with_more_decimals_than_stored_is_refused(indicators, police, tmp_path):
    """Stored figures keep ten decimal places: rounding would change the figure silently."""
    path = tmp_path / "figures.csv"
    path.write_bytes((HEADER + ROW.format(value="0.123456789012")).encode())
    code, _out, err = cli(path)
    assert code == 2 and "row 2, column value" in err, err


def test_a_huge_number_is_refused_not_a_crash(indicators, police, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_bytes((HEADER + ROW.format(value="1" + "0" * 40)).encode())
    code, _out, err = cli(path)
    assert code == 2 and "row 2, column value" in err, err
    assert Upload.objects.get().status == "rejected"


def zip_bomb_xlsx(inflated: int) -> bytes:
    """A real XLSX (openpyxl's) whose sheet gains `inflated` bytes of blank XML: tiny zipped."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["indicator", "area_code", "period", "value"])
    book.active.append(["hate-crimes", "E05001365", "2021", 5])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * inflated, 1)
            zf.writestr(item.filename, data, compresslevel=9)
    return out.getvalue()


def test_an_xlsx_zip_bomb_is_refused_before_it_is_opened(indicators, police, tmp_path, settings):
    settings.MEASURES_UPLOAD_MAX_INFLATED_BYTES = 20 * 1024 * 1024
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(zip_bomb_xlsx(30 * 1024 * 1024))
    assert path.stat().st_size < 200_000
    code, _out, err = cli(path)
    assert code == 2 and "row 1" in err and "unzip" in err, err
    assert Upload.objects.get().status == "rejected"


def test_an_xlsx_that_is_not_a_zip_is_refused(indicators, police, tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(HEADER.encode())
    code, _out, err = cli(path)
    assert code == 2 and "not an Excel" in err, err


def test_too_many_rows_stops_reading_at_the_limit(indicators, police, tmp_path, settings):
    settings.MEASURES_UPLOAD_MAX_ROWS = 3
    path = tmp_path / "figures.csv"
    path.write_bytes((HEADER + ROW.format(value=1) * 10).encode())
    code, _out, err = cli(path)
    assert code == 2 and "more than 3 rows" in err, err


def test_an_unexpected_failure_leaves_the_upload_failed_not_validating(
    indicators, police, tmp_path, monkeypatch
):
    """A bug (here: the database refusing the rows) ends in `failed` with a message."""
    path = tmp_path / "figures.csv"
    path.write_bytes((HEADER + ROW.format(value=5)).encode())

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(actions, "record_figures", broken)
    code, _out, err = cli(path)
    upload = Upload.objects.get()
    assert upload.status == "failed" and "disk full" in upload.message
    assert code == 1 and "disk full" in err and "Traceback" not in err


@pytest.fixture
def token(police) -> str:
    return actions.issue_token(police, name="Warehouse")[1]


def test_the_api_stores_the_file_and_validates_in_the_background(
    client, indicators, token, inline_api_tasks, django_capture_on_commit_callbacks
):
    auth = {"Authorization": f"Bearer {token}"}
    body = HEADER + ROW.format(value="42.5")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(
            "/api/measures/uploads",
            {"file": SimpleUploadedFile("a.csv", body.encode(), content_type="text/csv")},
            headers=auth,
        )
    assert response.status_code == 202, response.content
    answer = response.json()
    assert answer["status"] == "pending" and answer["status_url"].endswith(
        f"/api/measures/uploads/{answer['id']}"
    )
    assert not Observation.objects.filter(indicator__slug="hate-crimes").exists()
    for callback in queued:
        callback()
    status = client.get(answer["status_url"], headers=auth).json()
    assert status["status"] == "accepted" and status["progress"]["percent"] == 100
    assert Observation.objects.get(indicator__slug="hate-crimes").value == Decimal("42.5")


def test_an_api_upload_with_a_nul_is_rejected_with_a_row_error(
    client, indicators, token, inline_api_tasks, django_capture_on_commit_callbacks
):
    auth = {"Authorization": f"Bearer {token}"}
    body = HEADER + "hate-crimes,E05001365\x00,2021,,5,,\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/measures/uploads",
            {"file": SimpleUploadedFile("a.csv", body.encode(), content_type="text/csv")},
            headers=auth,
        )
    assert response.status_code == 202
    status = client.get(response.json()["status_url"], headers=auth).json()
    assert status["status"] == "rejected"
    assert status["problems"][0]["row"] == 2 and status["problems"][0]["column"] == "area_code"
    assert "NUL" in status["problems"][0]["message"]


def test_xlsx_rows_past_the_declared_dimension_are_read_not_dropped(indicators, police, tmp_path):
    """openpyxl's read-only mode stops at the sheet's <dimension>; a file may declare less."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["indicator", "area_code", "period", "value"])
    book.active.append(["hate-crimes", "E05001365", "2021", 5])
    book.active.append(["hate-crimes", "E05001342", "2021", "5,5"])
    plain, out = io.BytesIO(), io.BytesIO()
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:D3" />', b'<dimension ref="A1:D2" />')
                assert b'ref="A1:D2"' in data
            zf.writestr(item.filename, data)
    path = tmp_path / "figures.xlsx"
    path.write_bytes(out.getvalue())
    code, _out, err = cli(path)
    assert code == 2 and "row 3, column value" in err, err
    assert not Observation.objects.filter(indicator__slug="hate-crimes").exists()


def test_a_nul_in_the_header_is_reported_and_storable(indicators, police, tmp_path):
    """PostgreSQL's JSON cannot hold NUL: the report escapes it instead of failing the upload."""
    path = tmp_path / "figures.csv"
    path.write_bytes(HEADER.replace("breakdown", "break\x00down").encode() + b"x,y,z,,1,,\n")
    code, _out, err = cli(path)
    assert code == 2 and "row 1, column break\\0down" in err, err
    upload = Upload.objects.get()
    assert upload.status == "rejected" and "NUL" in upload.report[0]["message"]


def test_the_upload_page_states_the_limits(client, indicators, partner_user, settings):
    settings.MEASURES_UPLOAD_MAX_INFLATED_BYTES = 123 * 1024 * 1024
    client.force_login(partner_user)
    page = client.get("/measures/uploads/").content.decode()
    assert "What the file may hold" in page
    assert "unzip to at most 123 MB" in page and "1e-400" in page
