"""Every download a spreadsheet may open is safe to open: no formula from typed text.

Proposal titles, organisation and group names, comments, theme labels, batch names and
round titles are written by people outside the council. One world is built with a formula
payload in each of those fields, every spreadsheet-bound export is downloaded through its
real URL as the role that may, and no cell of any CSV/.pb/xlsx may begin with a formula
trigger, nor any xlsx cell be stored as a formula. A guard walks the URL patterns so that a
new CSV/xlsx download that is not in ``EXPORT_URLS`` fails here until it is tested.
"""

from __future__ import annotations

import csv
import inspect
import io
import re
from collections.abc import Iterator
from datetime import date
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from commonground.consult import actions as consult_actions
from commonground.consult.models import ConsultationStatus
from commonground.consult.tests.conftest import board_table, new_consultation
from commonground.core.models import Area, CommunityOfInterest, Organisation
from commonground.core.roles import Role
from commonground.core.tests.conftest import make_bradford, make_strategy
from commonground.fund import actions as fund_actions
from commonground.fund.models import Proposal
from commonground.fund.tests.conftest import new_round, propose
from commonground.fund.tests.conftest import voter as fund_voter
from commonground.involved import actions as involved_actions
from commonground.involved.tests.conftest import new_event
from commonground.measures import actions as measures_actions
from commonground.measures.models import Indicator
from commonground.safety.models import Strand
from commonground.safety.tests.conftest import make_report
from commonground.services.models import Organization, Service
from commonground.testing.people import make_user

PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "  =1+1",
    "\uff1dHYPERLINK(1)",
    "\r=2",
]

#: Every URL (by name) whose view returns a CSV, xlsx or .pb download, and the test below
#: that downloads it. The guard fails when a view producing one is missing here.
EXPORT_URLS = {
    "fund:grants_360": "360Giving CSV and xlsx",
    "fund:export_pb": "Pabulib .pb of a round's ballots",
    "fund:voters": "access codes as CSV for a printing firm",
    "consult:export": "a consultation's evidence as CSV",
    "measures:indicator_csv": "an indicator's figures as CSV",
    "measures:indicator_template": "a partner's upload template, CSV and xlsx",
    "safety:export": "anonymised incident reports as CSV for caseworkers",
    "services:export_csv": "the directory search's results as CSV",
    "involved:me_csv": "a resident's own involvement as CSV",
}

TRIGGERS = set("=+-@\uff1d\uff0b\uff0d\uff20")
PLAIN_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def formula_like(cell: str) -> bool:
    """What a spreadsheet would read as a formula (a plain number such as -5 is a number)."""
    if not cell or PLAIN_NUMBER.fullmatch(cell.strip()):
        return False
    if cell[0] in "\t\r\n":
        return True
    stripped = cell.lstrip()
    return bool(stripped) and stripped[0] in TRIGGERS


def payload(n: int) -> str:
    return PAYLOADS[n % len(PAYLOADS)]


@pytest.fixture
def hostile(db) -> SimpleNamespace:
    """A round, a consultation and an indicator whose every typed field holds a formula."""
    strategy = make_strategy(make_bradford())
    officer = make_user("officer", Role.OFFICER)
    group = Organisation.objects.create(name=payload(0), slug="hostile", kind="voluntary")
    partner = make_user("partner", Role.PARTNER, group)

    # -- fund: proposals, a group without an organisation, access codes, votes, grants
    round_ = new_round(officer, strategy, title=payload(1))
    fund_actions.open_round(actor=officer, round_=round_)
    proposals = [
        propose(round_, partner, payload(n), payload(n + 1), 5000 + 1000 * n, "getting-along")
        for n in range(4)
    ]
    Proposal.objects.filter(pk=proposals[3].pk).update(
        organisation=None, extra={"group_name": payload(5)}
    )
    fund_actions.open_assessment(actor=officer, round_=round_)
    for proposal in proposals:
        fund_actions.record_assessment(
            actor=officer,
            proposal=proposal,
            kind="eligibility",
            outcome="pass",
            comment="",
            checklist={q: True for q in round_.eligibility_checklist},
        )
        fund_actions.shortlist(actor=officer, proposal=proposal, include=True)
    round_ = fund_actions.open_voting(actor=officer, round_=round_)
    officer_client = Client()
    officer_client.force_login(officer)
    codes_csv = officer_client.post(
        reverse("fund:voters", args=[round_.slug]),
        {"form": "codes", "c-count": 3, "c-batch": payload(3), "c-output": "csv"},
    )
    codes = [p.code for p in Proposal.objects.filter(round=round_).order_by("pk")]
    for i, choices in enumerate([codes[:2], codes[:2], codes[2:3], [codes[3], codes[1]]]):
        fund_actions.cast_ballot(round_=round_, voter=fund_voter(round_, f"v{i}"), choices=choices)
    round_ = fund_actions.close_vote(actor=officer, round_=round_)
    fund_actions.compute_results(actor=round_.created_by, round_=round_)
    fund_actions.award_grants(actor=officer, round_=round_, conditions=payload(4))

    # -- consult: comments, an activity title, a community, a theme
    consultation = consult_actions.set_status(
        actor=officer,
        consultation=new_consultation(officer, strategy),
        status=ConsultationStatus.OPEN,
    )
    community = CommunityOfInterest.objects.first()
    CommunityOfInterest.objects.filter(pk=community.pk).update(name=payload(6))
    board_table(
        officer,
        consultation,
        title=payload(2),
        comments=PAYLOADS,
        community=CommunityOfInterest.objects.get(pk=community.pk),
        held_on=date(2025, 3, 8),
    )
    theme = consult_actions.create_theme(actor=officer, consultation=consultation, label="@Jobs")
    for comment in consultation.comments.all():
        consult_actions.code_comment(actor=officer, comment=comment, theme=theme)

    # -- measures: a partner whose name is a formula supplies figures
    from commonground.measures.strategy import sync_strategy

    sync_strategy(strategy)
    indicator = Indicator.objects.create(
        slug="hostile-count",
        name=payload(7),
        unit="count",
        decimal_places=0,
        owner=group,
        area_levels=["district", "ward"],
        frequency="annual",
        source=payload(1),
        pillar=strategy.pillars.first(),
    )
    district = Area.objects.get(code="E08000032").code
    upload = measures_actions.receive_upload(
        group,
        file_name="f.csv",
        content=(
            "indicator,area_code,period,breakdown,value,numerator,denominator\n"
            f"hostile-count,{district},2021,,1700,,\n"
        ).encode(),
        actor_label="t",
    )
    assert measures_actions.accept_upload(upload).status == "accepted", upload.report

    # -- safety: a report whose typed text and strand name are formulas
    Strand.objects.filter(slug="race").update(name=payload(2))
    make_report(description=payload(3), place_text=payload(4))
    caseworker_client = Client()
    caseworker_client.force_login(make_user("casey", Role.CASEWORKER))

    # -- services: a directory entry whose organisation, name and description are formulas
    provider = Organization.objects.create(name=payload(5), description=payload(6))
    Service.objects.create(
        organization=provider, name=f"{payload(0)} drop-in", description=payload(2)
    ).refresh_search_text()

    # -- involved: a resident's own download, holding an event whose title is a formula
    joiner = make_user("joiner", Role.RESIDENT)
    event = new_event({"organisation": group, "organiser": partner}, title=payload(3))
    involved_actions.register(actor=joiner, event=event)
    resident_client = Client()
    resident_client.force_login(joiner)
    return SimpleNamespace(
        resident_client=resident_client,
        round=round_,
        consultation=consultation,
        indicator=indicator,
        officer_client=officer_client,
        caseworker_client=caseworker_client,
        codes_csv=codes_csv,
    )


def _csv_cells(body: bytes, delimiter: str = ",") -> Iterator[str]:
    for row in csv.reader(io.StringIO(body.decode("utf-8")), delimiter=delimiter):
        yield from row


def _xlsx_cells(body: bytes) -> Iterator:
    book = load_workbook(io.BytesIO(body))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def _downloads(world: SimpleNamespace) -> list[tuple[str, str, bytes]]:
    """(url name, format, body) of every spreadsheet-bound export, fetched as who may."""
    public = Client()
    officer = world.officer_client
    slug = world.indicator.slug
    got = [
        ("fund:voters", "csv", world.codes_csv),
        ("fund:grants_360", "csv", public.get(reverse("fund:grants_360", args=["csv"]))),
        ("fund:grants_360", "xlsx", public.get(reverse("fund:grants_360", args=["xlsx"]))),
        (
            "fund:export_pb",
            "pb",
            public.get(reverse("fund:export_pb", args=[world.round.slug, "district"])),
        ),
        (
            "consult:export",
            "csv",
            officer.get(reverse("consult:export", args=[world.consultation.slug, "csv"])),
        ),
        (
            "measures:indicator_csv",
            "csv",
            public.get(reverse("measures:indicator_csv", args=[slug])),
        ),
        (
            "measures:indicator_template",
            "csv",
            public.get(reverse("measures:indicator_template", args=[slug, "csv"])),
        ),
        (
            "measures:indicator_template",
            "xlsx",
            public.get(reverse("measures:indicator_template", args=[slug, "xlsx"])),
        ),
        ("safety:export", "csv", world.caseworker_client.get(reverse("safety:export"))),
        (
            "services:export_csv",
            "csv",
            public.get(reverse("services:export_csv"), {"q": "drop-in"}),
        ),
        ("involved:me_csv", "csv", world.resident_client.get(reverse("involved:me_csv"))),
    ]
    for name, fmt, response in got:
        assert response.status_code == 200, (name, fmt, response.status_code)
    return [(name, fmt, response.content) for name, fmt, response in got]


def test_no_cell_of_any_export_starts_a_formula(hostile):
    downloads = _downloads(hostile)
    assert {name for name, _fmt, _body in downloads} == set(EXPORT_URLS)
    for name, fmt, body in downloads:
        if fmt == "xlsx":
            cells = list(_xlsx_cells(body))
            formulas = [c.coordinate for c in cells if c.data_type == "f"]
            assert not formulas, f"{name} {fmt}: formula cells {formulas}"
            values = [c.value for c in cells if isinstance(c.value, str)]
        else:
            values = list(_csv_cells(body, ";" if fmt == "pb" else ","))
        bad = [v for v in values if formula_like(v)]
        assert not bad, f"{name} {fmt}: cells that start a formula: {bad}"


def test_the_payloads_are_in_the_exports_as_text_not_dropped(hostile):
    """The fix neutralises rather than deletes: each export still carries what was typed."""
    bodies = {(name, fmt): body for name, fmt, body in _downloads(hostile)}
    giving_csv = list(_csv_cells(bodies["fund:grants_360", "csv"]))
    assert "'" + PAYLOADS[0] in giving_csv  # the recipient organisation's name
    assert "'" + PAYLOADS[1] in giving_csv  # the round's title (grant programme)
    assert "'" + PAYLOADS[5] in giving_csv  # a group without an organisation
    giving_xlsx = [c.value for c in _xlsx_cells(bodies["fund:grants_360", "xlsx"])]
    assert "'" + PAYLOADS[0] in giving_xlsx
    pb = list(_csv_cells(bodies["fund:export_pb", "pb"], ";"))
    assert "'" + PAYLOADS[2] in pb  # a project's name
    assert "'-2+3" in pb and "'@SUM(A1)" in pb
    assert list(_csv_cells(bodies["fund:voters", "csv"]))[-1] == "'@SUM(A1)"  # the batch
    evidence = list(_csv_cells(bodies["consult:export", "csv"]))
    assert "'@Jobs" in evidence and any(v.startswith("'=HYPERLINK") for v in evidence)
    figures = list(_csv_cells(bodies["measures:indicator_csv", "csv"]))
    assert "'" + PAYLOADS[0] in figures  # supplied by


def test_numbers_stay_numbers(hostile):
    """A real number is not text: amounts in the xlsx are numeric cells, not apostrophes."""
    bodies = {(name, fmt): body for name, fmt, body in _downloads(hostile)}
    book = load_workbook(io.BytesIO(bodies["fund:grants_360", "xlsx"]))
    sheet = book["grants"]
    header = [c.value for c in sheet[1]]
    awarded = sheet.cell(row=2, column=header.index("Amount Awarded") + 1)
    assert awarded.data_type == "n" and awarded.value > 0


# -- the guard -------------------------------------------------------------------------

SPREADSHEET_MARKERS = ("text/csv", "spreadsheetml", "write_pb_string")


def _patterns(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, object]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.callback


def _source(obj) -> str:
    obj = getattr(obj, "view_class", obj)
    try:
        return inspect.getsource(inspect.unwrap(obj))
    except (OSError, TypeError):
        return ""


def _producers() -> set[str]:
    """Functions anywhere in our code that build a spreadsheet-bound response."""
    import commonground

    root = __import__("pathlib").Path(commonground.__file__).parent
    names = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if not any(marker in text for marker in SPREADSHEET_MARKERS):
            continue
        current = None
        for line in text.splitlines():
            match = re.match(r"\s*def (\w+)\(", line)
            if match:
                current = match.group(1)
            if current and any(marker in line for marker in SPREADSHEET_MARKERS):
                names.add(current)
    return names


def test_every_view_that_makes_a_spreadsheet_download_is_tested_above():
    producers = _producers()
    found = set()
    for name, callback in _patterns(get_resolver()):
        source = _source(callback)
        if any(marker in source for marker in SPREADSHEET_MARKERS) or any(
            re.search(rf"\b{re.escape(p)}\(", source) for p in producers
        ):
            found.add(name)
    missing = found - set(EXPORT_URLS)
    assert not missing, (
        f"{sorted(missing)} make CSV/xlsx/.pb downloads: add them to EXPORT_URLS and download "
        "them in test_no_cell_of_any_export_starts_a_formula"
    )
    assert set(EXPORT_URLS) <= found, sorted(set(EXPORT_URLS) - found)
