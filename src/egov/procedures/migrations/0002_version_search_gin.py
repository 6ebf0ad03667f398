"""PostgreSQL: a stored full-text vector of the accent-folded search column, with a GIN index (ADR 0004).

``search_vector`` is a generated column that PostgreSQL keeps in step with ``search_folded`` on every
write: ``to_tsvector('simple', search_folded)``, with the words of the name (``search_folded`` starts
with the folded name, whose length is the name's) weighted A and the rest D, so that ranking name
matches first is a ``search_vector @@ 'word:A'`` test instead of string work on every matched row.
Django never writes or reads the column directly (it is not a model field: SQLite has no tsvector);
``egov.procedures.search`` queries it.

Stored rather than an index on the expression because the benchmark (bench/catalogue_search.py)
showed the planner choosing a sequential scan that recomputes ``to_tsvector`` for every row (~190 ms
for a one-word query over 6,500 procedures, ~5 ms through the index).

Kept apart from 0001_initial, which is regenerated while the project has no production data:
when regenerating, keep this file and its dependency on the latest migration.
"""

from django.db import migrations

COLUMN = "search_vector"
INDEX = "procedures_version_search_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("procedures", "ProcedureVersion")._meta.db_table)
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
        "GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple'::regconfig, substr(search_folded, 1, length(name))), 'A') || "
        "setweight(to_tsvector('simple'::regconfig, substr(search_folded, length(name) + 1)), 'D')"
        ") STORED"
    )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin ({COLUMN})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("procedures", "ProcedureVersion")._meta.db_table)
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
