"""Invitation letters (actions): the address list, drawing a batch at random, codes, and a
registration with a code counted for its batch without leading back to the address."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commonground.core.models import AuditEvent
from commonground.people import actions
from commonground.people.models import CODE_ALPHABET, Address, Invitation, Source

pytestmark = pytest.mark.django_db

CSV = (
    "address,postcode\n"
    '"1 High Street, Keighley",bd21 3aa\n'
    '"2 High Street, Keighley",BD21 3AA\n'
    '"3 Low Lane, Shipley",\n'
    '"1 high street,  keighley",BD213AA\n'
)


def test_addresses_come_from_a_csv_without_repeats_and_only_addresses_are_kept(officer, pool):
    added, repeated = actions.add_addresses(actor=officer, pool=pool, text=CSV, filename="a.csv")
    assert (added, repeated) == (3, 1)
    first = Address.objects.get(pool=pool, postcode="BD21 3AA", lines__startswith="1")
    assert first.lines == "1 High Street\nKeighley"
    assert {f.name for f in Address._meta.get_fields()} == {
        "id",
        "pool",
        "lines",
        "postcode",
        "batch",
        "invitation",
    }
    event = AuditEvent.objects.get(action="people.addresses")
    assert event.data == {"file": "a.csv", "added": 3, "repeated": 1}
    assert "High Street" not in str(event.data)


def test_addresses_come_from_plain_text_one_a_line_with_the_postcode_taken_off(officer, pool):
    text = "10 Manor Row, Bradford BD1 4PB\n\n11 Manor Row, Bradford\n"
    assert actions.add_addresses(actor=officer, pool=pool, text=text) == (2, 0)
    rows = list(pool.addresses.values_list("lines", "postcode"))
    assert rows == [("10 Manor Row\nBradford", "BD1 4PB"), ("11 Manor Row\nBradford", "")]


def test_a_bad_address_file_names_the_file_and_line_and_saves_nothing(officer, pool):
    with pytest.raises(ValidationError) as error:
        actions.add_addresses(
            actor=officer,
            pool=pool,
            text="address,postcode\n1 Road,BD1 1AA\n,BD2 2BB\n",
            filename="list.csv",
        )
    assert error.value.messages == ['list.csv: line 3, column "address": empty']
    with pytest.raises(ValidationError, match="no addresses"):
        actions.add_addresses(actor=officer, pool=pool, text="\n\n", filename="empty.txt")
    assert not Address.objects.exists()


def test_a_batch_draws_addresses_never_drawn_before_each_with_a_unique_code(officer, pool):
    text = "\n".join(f"{n} Long Road, Bradford BD{n % 9 + 1} 1AA" for n in range(1, 31))
    actions.add_addresses(actor=officer, pool=pool, text=text)
    first = actions.create_invitations(actor=officer, pool=pool, size=12)
    second = actions.create_invitations(actor=officer, pool=pool, size=18)
    letters = list(Invitation.objects.filter(batch__pool=pool))
    assert len(letters) == 30 and len({i.code for i in letters}) == 30
    assert all(len(i.code) == 8 and set(i.code) <= set(CODE_ALPHABET) for i in letters)
    assert len({i.address_id for i in letters}) == 30  # every address once
    assert first.addresses.count() == 12 and second.addresses.count() == 18
    with pytest.raises(ValidationError, match="Only 0 addresses"):
        actions.create_invitations(actor=officer, pool=pool, size=1)
    event = AuditEvent.objects.filter(action="people.invitations").latest("pk")
    assert event.data == {"batch": second.pk, "size": 18, "drawn_from_list": True}


def test_the_draw_is_random_not_the_order_of_the_list(officer, pool):
    text = "\n".join(f"{n} Long Road, Bradford" for n in range(1, 201))
    actions.add_addresses(actor=officer, pool=pool, text=text)
    batch = actions.create_invitations(actor=officer, pool=pool, size=20)
    drawn = sorted(pool.addresses.filter(batch=batch).values_list("pk", flat=True))
    everyone = list(pool.addresses.values_list("pk", flat=True))
    assert drawn != everyone[:20]  # chance of the first 20 exactly: 1 in C(200, 20)


def test_without_a_list_a_batch_is_codes_only(officer, pool):
    batch = actions.create_invitations(actor=officer, pool=pool, size=5)
    assert batch.invitations.count() == 5
    assert not batch.invitations.filter(address__isnull=False).exists()
    with pytest.raises(ValidationError):
        actions.create_invitations(actor=officer, pool=pool, size=0)


def test_a_registration_with_a_code_counts_for_its_batch_and_cuts_the_address(officer, pool):
    actions.add_addresses(actor=officer, pool=pool, text="1 A Road\n2 B Road\n3 C Road\n4 D Road")
    batch = actions.create_invitations(actor=officer, pool=pool, size=4)
    letter = batch.invitations.first()
    address = letter.address
    person = actions.register_interest(
        pool=pool,
        characteristics={"sex": "female"},
        contact={"name": "B", "phone": "07700 900000"},
        code=f" {letter.code.lower()} ",
    )
    letter.refresh_from_db()
    assert person.source == Source.INVITATION and person.invitation == letter
    assert letter.used_at is not None and letter.address is None
    address.refresh_from_db()
    assert address.batch == batch  # still drawn: never drawn again
    rows = pool.batch_responses()
    assert [(r["batch"], r["answered"], r["rate"]) for r in rows] == [(batch, 1, 25.0)]
    with pytest.raises(ValidationError, match="not valid or has been used"):
        actions.register_interest(
            pool=pool,
            characteristics={},
            contact={"name": "C", "phone": "1"},
            code=letter.code,
        )


def test_only_officers_manage_addresses_and_letters(resident, pool):
    with pytest.raises(PermissionDenied):
        actions.add_addresses(actor=resident, pool=pool, text="1 Road")
    with pytest.raises(PermissionDenied):
        actions.create_invitations(actor=resident, pool=pool, size=1)
