# The audit trail is append-only in the database itself (docs/security.md).
#
# PostgreSQL: a BEFORE UPDATE OR DELETE trigger raises for every row, whoever sends the
# statement, except the one change Django makes when an account is deleted (actor_id set to
# NULL, every other column unchanged; actor_label keeps who acted). TRUNCATE does not fire
# row triggers: the test runner's flush uses it, and only the table's owner may run it, so
# the production app role must not own the table.
#
# SQLite: the same UPDATE rule. DELETE stays allowed there, because the test runner empties
# tables with DELETE FROM on SQLite; the model refuses deletes. SQLite drops a table's
# triggers when Django rebuilds the table (some AlterField operations): a later migration
# that changes core_auditevent on SQLite must run this migration's forward function again.
from django.db import migrations

FUNCTION = "core_auditevent_append_only"
TRIGGER_PG = "core_auditevent_append_only"
TRIGGER_SQLITE = "core_auditevent_no_update"
MESSAGE = "Audit events are append-only"


def create_triggers(apps, schema_editor):
    model = apps.get_model("core", "AuditEvent")
    table = schema_editor.quote_name(model._meta.db_table)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f"""
            CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'UPDATE' AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
                   AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
                    RETURN NEW;  -- the account was deleted: actor_label keeps who acted
                END IF;
                RAISE EXCEPTION '{MESSAGE}: % of an audit event refused', TG_OP
                    USING ERRCODE = 'restrict_violation';
            END;
            $$
            """,
            params=None,  # the % in RAISE is PL/pgSQL's, not a query parameter
        )
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_PG} ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER {TRIGGER_PG} BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        )
    elif vendor == "sqlite":
        unchanged = " AND ".join(
            f"NEW.{schema_editor.quote_name(f.column)} IS OLD.{schema_editor.quote_name(f.column)}"
            for f in model._meta.concrete_fields
            if f.column != "actor_id"
        )
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_SQLITE}")
        schema_editor.execute(
            f"CREATE TRIGGER {TRIGGER_SQLITE} BEFORE UPDATE ON {table} FOR EACH ROW "
            f"WHEN NOT (OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL AND {unchanged}) "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: UPDATE of an audit event refused'); END"
        )


def drop_triggers(apps, schema_editor):
    model = apps.get_model("core", "AuditEvent")
    table = schema_editor.quote_name(model._meta.db_table)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_PG} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_SQLITE}")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_organisation_membership")]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
