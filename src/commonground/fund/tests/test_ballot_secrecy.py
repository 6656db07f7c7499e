"""Secret ballots stay secret after the close, even to someone holding a raw copy of the
database (every page of every table and index, dead row versions included, and the
write-ahead log written while the vote ran) and the printed access codes, voter numbers and
paper ballot numbers.

The attacker's method is the one used in issue #10: take every 64-hex-digit string found in
the raw bytes as a candidate secret (a salt, or a round key from which a salt is derived),
compute the token of every known identifier under it, and look for that token in the bytes.
A token found means a voter can be followed to their ballot (token → voter link → ballot).
Paper ballot numbers must not appear at all: an entry row holding a number beside its
choices is a direct path.
"""

from __future__ import annotations

import hashlib
import hmac
import re

import pytest
from django.db import connection
from django.test import Client

from commonground.core.models import AuditEvent
from commonground.fund import actions
from commonground.fund.models import Ballot
from commonground.fund.voters import normalise_code, normalise_identifier

from .conftest import shortlisted_round

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="reads PostgreSQL's raw heap pages (pageinspect) and WAL; the SQLite test database "
    "lives in memory, and the logical checks below run on both",
)

CHOICES = [["1"], ["2"], ["3"], ["1", "2"], ["2", "4"], ["4"]]
PAPERS = ["SECRETPAPER-0001", "SECRETPAPER-0002"]


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _vote(slug: str, path: str, field: str, value: str, first: list, then: list | None) -> None:
    client = Client()
    response = client.post(f"/fund/{slug}/vote/{path}/", {field: value})
    assert response.status_code == 302, response.content.decode()[:500]
    saved = client.post(f"/fund/{slug}/vote/ballot/", {"projects": first, "action": "save"})
    assert saved.status_code == 302
    if then is not None:  # a changed ballot: the old choices must not be traceable either
        client.post(f"/fund/{slug}/vote/ballot/", {"projects": then, "action": "save"})


def _run_a_vote(people, strategy):
    """Six voters by access code, six by voter number (half of each change their ballot),
    two paper ballots keyed by two officers, then the close, all through the pages."""
    officer = people["officer"]
    round_ = shortlisted_round(people, strategy)
    codes = actions.issue_access_codes(actor=officer, round_=round_, count=6)
    numbers = [f"PN{i:05d}QZ" for i in range(6)]
    actions.upload_voter_list(actor=officer, round_=round_, identifiers=numbers)
    for i, code in enumerate(codes):
        _vote(round_.slug, "code", "code", code, CHOICES[i], CHOICES[-1 - i] if i % 2 else None)
    for i, number in enumerate(numbers):
        _vote(round_.slug, "voter-number", "identifier", number, CHOICES[i], None)
    for user in (people["officer"], people["officer2"]):
        for paper, chosen in zip(PAPERS, (["1", "3"], ["2"]), strict=True):
            response = _client(user).post(
                f"/fund/{round_.slug}/paper-ballots/", {"paper_ref": paper, "projects": chosen}
            )
            assert response.status_code == 200
    closed = _client(officer).post(f"/fund/{round_.slug}/manage/close_vote/")
    assert closed.status_code == 302
    round_.refresh_from_db()
    assert round_.phase == "results"
    identifiers = [("code", normalise_code(c)) for c in codes]
    identifiers += [("list", normalise_identifier(n)) for n in numbers]
    identifiers += [("paper", p) for p in PAPERS]
    return round_, identifiers


def _raw_database() -> bytes:
    """Every page of every relation (tables, TOAST, indexes) in this database, as stored."""
    chunks = []
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute("CHECKPOINT")
        cursor.execute(
            "SELECT c.oid, pg_relation_size(c.oid) / current_setting('block_size')::int "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 't', 'i', 'm') AND n.nspname IN ('public', 'pg_toast')"
        )
        for oid, blocks in cursor.fetchall():
            for block in range(blocks):
                try:
                    cursor.execute("SELECT get_raw_page(%s::regclass::text, %s)", [oid, block])
                except Exception:  # an index kind pageinspect cannot read
                    continue
                chunks.append(bytes(cursor.fetchone()[0]))
    return b"".join(chunks)


def _wal_since(start: str) -> bytes:
    """The write-ahead log segments written since ``start`` (a WAL file name)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_walfile_name(pg_current_wal_lsn())")
        (end,) = cursor.fetchone()
        cursor.execute(
            "SELECT name FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}$' "
            "AND name >= %s AND name <= %s ORDER BY name",
            [start, end],
        )
        names = [row[0] for row in cursor.fetchall()]
        chunks = []
        for name in names:
            cursor.execute("SELECT pg_read_binary_file(%s)", [f"pg_wal/{name}"])
            chunks.append(bytes(cursor.fetchone()[0]))
    return b"".join(chunks)


def _candidate_salts(secret: bytes) -> list[bytes]:
    """What an attacker would try as the HMAC key given a found secret: the secret itself,
    and every salt the fund's key store could derive from it."""
    salts = [secret]
    try:
        from commonground.fund import keystore
    except ImportError:
        return salts
    derived = getattr(keystore, "candidate_salts", None)
    if derived is not None:
        salts.extend(derived(secret))
    return salts


def _reidentified(raw: bytes, identifiers) -> list[tuple[str, str]]:
    found = set(re.findall(rb"[0-9a-f]{64}", raw))
    hits = []
    for secret in found:
        for salt in _candidate_salts(secret):
            for kind, value in identifiers:
                token = hmac.new(salt, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
                if token.encode() in found:
                    hits.append((kind, value))
    return hits


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_raw_database_after_close_links_no_voter_to_a_ballot(people, strategy, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_walfile_name(pg_current_wal_lsn())")
        (wal_start,) = cursor.fetchone()
    round_, identifiers = _run_a_vote(people, strategy)
    assert Ballot.objects.filter(round=round_).count() == 14
    raw = _raw_database() + _wal_since(wal_start)
    assert len(raw) > 100_000  # the dump really holds the database
    hits = _reidentified(raw, identifiers)
    hits += [("paper", p) for p in PAPERS if p.encode() in raw]  # a number beside choices
    assert not hits, f"{len(set(hits))} voters re-identified from the raw database: {hits}"


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_no_audit_event_shares_a_transaction_with_a_ballot(people, strategy):
    round_ = shortlisted_round(people, strategy)
    (code,) = actions.issue_access_codes(actor=people["officer"], round_=round_, count=1)
    _vote(round_.slug, "code", "code", code, ["1"], ["2"])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM core_auditevent a WHERE a.xmin::text IN "
            "(SELECT xmin::text FROM fund_ballot UNION SELECT xmin::text FROM fund_voterlink)"
        )
        (shared,) = cursor.fetchone()
    assert shared == 0


@pytest.mark.django_db
def test_ballots_are_audited_by_day_at_the_close_not_one_by_one(
    round_voting, people, django_capture_on_commit_callbacks
):
    from .conftest import voter

    before = AuditEvent.objects.count()
    alice, bob = voter(round_voting, "alice"), voter(round_voting, "bob")
    actions.cast_ballot(round_=round_voting, voter=alice, choices=["1"])
    actions.cast_ballot(round_=round_voting, voter=alice, choices=["2"])
    actions.cast_ballot(round_=round_voting, voter=bob, choices=["3"])
    # No event per ballot: its exact time would tie the ballot to an access-log line.
    assert AuditEvent.objects.count() == before
    with django_capture_on_commit_callbacks(execute=True):
        actions.close_vote(actor=people["officer"], round_=round_voting)
    event = AuditEvent.objects.get(action="fund.vote_closed")
    (day,) = event.data["ballots_by_day"].values()
    assert day == {"cast": 2, "changed": 1}
    assert event.data["ballots"] == 2 and event.data["links_severed"] == 2


@pytest.mark.django_db
def test_close_destroys_the_round_key_and_rewrites_the_ballots(
    round_voting, people, django_capture_on_commit_callbacks
):
    from commonground.fund import keystore

    from .conftest import voter

    key_id = round_voting.key_id
    assert key_id is not None and keystore.load(key_id) is not None
    for name in ("a", "b", "c"):
        actions.cast_ballot(round_=round_voting, voter=voter(round_voting, name), choices=["1"])
    before = set(Ballot.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        actions.close_vote(actor=people["officer"], round_=round_voting)
    round_voting.refresh_from_db()
    assert keystore.load(key_id) is None and round_voting.key_id is None
    assert not list(keystore.key_dir().glob(f"{key_id}*"))
    after = set(Ballot.objects.values_list("pk", flat=True))
    assert len(after) == 3 and not (before & after)
