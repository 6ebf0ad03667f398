"""PostgreSQL refuses UPDATE and DELETE on audit entries, whoever sends them (see ADR 0002).

Kept apart from 0001_initial, which is regenerated while the project has no production data:
when regenerating, keep this file and its dependency on 0001_initial.
SQLite relies on the model's refusal and on `egov audit verify`.
"""

from django.db import migrations

FUNCTION = "egov_audit_append_only"


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("core", "AuditEntry")._meta.db_table)
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit entries are append-only (% refused)', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$;
        """,
        params=None,  # no placeholders: the % in RAISE is PL/pgSQL's
    )
    schema_editor.execute(
        f"CREATE TRIGGER {FUNCTION} BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();"
    )


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("core", "AuditEntry")._meta.db_table)
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {FUNCTION} ON {table};")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}();")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
