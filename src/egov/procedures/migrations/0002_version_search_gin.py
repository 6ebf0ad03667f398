"""PostgreSQL: a GIN index over the full-text vector of the accent-folded search column (ADR 0004).

The expression must stay exactly the one ``egov.procedures.search`` queries,
``to_tsvector('simple'::regconfig, search_folded)``, or PostgreSQL will not use the index.
SQLite searches the same column with LIKE and gets no index (a small catalogue scans in a few ms).

Kept apart from 0001_initial, which is regenerated while the project has no production data:
when regenerating, keep this file and its dependency on the latest migration.
"""

from django.db import migrations

INDEX = "procedures_version_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("procedures", "ProcedureVersion")._meta.db_table)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} "
        "USING gin (to_tsvector('simple'::regconfig, search_folded))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
