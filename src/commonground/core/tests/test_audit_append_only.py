"""The audit trail is append-only in the database, not only through `save()`/`delete()`.

A bulk `update()`/`delete()` on the queryset is refused by the model, and on PostgreSQL a
trigger refuses any UPDATE or DELETE of an audit row, whoever sends it (raw SQL included).
The one change the database allows is the one Django makes when an account is deleted:
the link to the account becomes NULL, while `actor_label` keeps who acted.
On SQLite the trigger refuses UPDATE only: the test runner empties tables with DELETE there.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from commonground.core import audit
from commonground.core.models import AuditEvent, User

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the DELETE trigger is PostgreSQL's"
)


@pytest.fixture
def event(db) -> AuditEvent:
    officer = User.objects.create(username="officer-a")
    return audit.record("round.opened", actor=officer, reason="as agreed by the Board")


def unchanged(event: AuditEvent) -> None:
    fresh = AuditEvent.objects.get(pk=event.pk)
    assert (fresh.action, fresh.reason, fresh.actor_label) == (
        "round.opened",
        "as agreed by the Board",
        "officer-a",
    )


def test_bulk_update_through_the_queryset_is_refused(event):
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(reason="rewritten")
    event.reason = "rewritten"
    with pytest.raises(PermissionError):
        AuditEvent.objects.bulk_update([event], ["reason"])
    unchanged(event)


def test_bulk_delete_through_the_queryset_is_refused(event):
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.count() == 1


def test_an_update_behind_the_models_back_is_refused_by_the_database(event):
    """The base manager has none of the model's guards: only the trigger stops it."""
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent._base_manager.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET reason = 'rewritten'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET actor_id = NULL, action = 'x'")
    unchanged(event)


@postgres_only
def test_a_delete_behind_the_models_back_is_refused_by_postgresql(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent._base_manager.filter(pk=event.pk)._raw_delete(connection.alias)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent")
    unchanged(event)


def test_deleting_an_account_keeps_its_events_and_who_acted(event):
    User.objects.get(username="officer-a").delete()
    fresh = AuditEvent.objects.get(pk=event.pk)
    assert fresh.actor is None
    assert fresh.actor_label == "officer-a"
    unchanged(event)
