"""Officers print single-use access codes as A4 sheets of cards (a page to print, or a PDF)
for in-person voting.  The readable codes exist only in that one response: the database keeps
hashes, so the sheet cannot be shown twice.  Each batch is audited with how it was printed."""

import re

import segno
from django.test import Client

from commonground.core.models import AuditEvent
from commonground.fund.models import AccessCode
from commonground.fund.voters import by_access_code

CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def _officer(people) -> Client:
    client = Client()
    client.force_login(people["officer"])
    return client


def _make(client, round_, count, output, batch="Girlington Centre"):
    return client.post(
        f"/fund/{round_.slug}/voters/",
        {"form": "codes", "c-count": count, "c-batch": batch, "c-output": output},
    )


def test_a_sheet_of_cards_shows_each_new_code_once_with_the_vote_address(round_voting, people):
    response = _make(_officer(people), round_voting, 12, "cards")
    page = response.content.decode()
    codes = CODE.findall(page)
    assert response.status_code == 200 and len(codes) == len(set(codes)) == 12
    assert page.count('class="sheet"') == 2  # ten cards a sheet
    assert f"http://testserver/fund/{round_voting.slug}/vote/code/" in page
    assert "Card 12 of 12 · Girlington Centre" in page
    assert 'lang="ur" dir="rtl"' in page and 'lang="pl" dir="ltr"' in page  # three languages
    assert "no-store" in response["Cache-Control"]
    # Every printed code lets one person in; none is stored readable.
    assert AccessCode.objects.filter(round=round_voting, batch="Girlington Centre").count() == 12
    assert by_access_code(round_voting, codes[0]).method == "access_code"
    tokens = "".join(AccessCode.objects.values_list("token", flat=True))
    assert not any(code.replace("-", "") in tokens for code in codes)
    event = AuditEvent.objects.get(action="fund.access_codes_issued")
    assert event.data == {"count": 12, "batch": "Girlington Centre", "output": "cards"}
    assert event.actor == people["officer"]


def test_the_voters_page_never_shows_codes_again(round_voting, people):
    client = _officer(people)
    codes = CODE.findall(_make(client, round_voting, 3, "cards").content.decode())
    again = client.get(f"/fund/{round_voting.slug}/voters/").content.decode()
    assert len(codes) == 3 and not any(code in again for code in codes)


def test_cards_as_a_pdf(round_voting, people):
    response = _make(_officer(people), round_voting, 4, "pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"{round_voting.slug}-access-codes.pdf" in response["Content-Disposition"]
    assert AccessCode.objects.count() == 4
    assert AuditEvent.objects.get(action="fund.access_codes_issued").data["output"] == "pdf"


def test_csv_for_a_printing_firm_and_a_cap_on_printed_sheets(round_voting, people):
    client = _officer(people)
    rows = _make(client, round_voting, 5, "csv").content.decode().splitlines()
    assert rows[0] == "access_code,batch" and len(rows) == 6
    too_many = _make(client, round_voting, 2001, "cards")
    assert "Print at most 2000 cards" in too_many.content.decode()
    assert AccessCode.objects.count() == 5


def test_only_officers_make_cards(round_voting, people):
    client = Client()
    client.force_login(people["partner"])
    assert _make(client, round_voting, 2, "cards").status_code == 403
    assert not AccessCode.objects.exists()


def test_each_card_carries_a_qr_code_of_the_vote_address_and_not_of_the_code(round_voting, people):
    page = _make(_officer(people), round_voting, 3, "cards").content.decode()
    address = f"http://testserver/fund/{round_voting.slug}/vote/code/"
    # The QR code is the address's own encoding (so a phone camera opens the vote page); the
    # code itself is never put in a URL, which would leave it in server and proxy logs.
    expected = segno.make_qr(address, error="m").svg_inline(scale=1, border=0, omitsize=True)
    assert page.count('class="card__qr"') == 3
    assert page.count(expected) == 3
    assert 'aria-label="QR code of the voting address"' in page
