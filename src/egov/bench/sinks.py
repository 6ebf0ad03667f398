"""Where generated rows go: PostgreSQL COPY streams (one connection per table, so the server ingests
tables side by side while Python generates), or plain INSERTs on any other database (SQLite, tests).

On PostgreSQL each table is loaded in one transaction of its own connection that first drops the
table's secondary indexes and unique constraints, copies the rows, then builds them again (much
faster than maintaining a dozen b-trees row by row) — a failure rolls the whole table back, indexes
included. With a superuser the connection also sets ``session_replication_role = replica``, so the
deferred foreign-key triggers do not check millions of rows one by one: the generator writes only
keys it knows exist.
"""

from __future__ import annotations

import abc
import contextlib
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from egov.bench import rows as rows_module


class Sink(abc.ABC):
    """Rows for several tables, written in the order of ``tables``; `close()` commits each."""

    @abc.abstractmethod
    def write(self, table: str, row: str | Sequence[Any]) -> None:
        """``row``: a COPY text line (`egov.bench.rows`) or a tuple of Python values."""

    @abc.abstractmethod
    def finish(self, table: str) -> None:
        """No more rows for ``table``: commit it (others may still be loading)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Commit every table still open."""


class InsertSink(Sink):
    """Batched ``executemany`` INSERTs through Django's connection (any database; used on SQLite)."""

    def __init__(self, columns: dict[str, Sequence[str]], batch: int = 2000) -> None:
        from django.db import connection

        self.connection = connection
        self.columns = columns
        self.batch = batch
        self.pending: dict[str, list[Sequence[Any]]] = {table: [] for table in columns}

    def _convert(self, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return self.connection.ops.adapt_datetimefield_value(value)
        return value

    def write(self, table: str, row: str | Sequence[Any]) -> None:
        rows = self.pending[table]
        rows.append(rows_module.parse(row) if isinstance(row, str) else row)
        if len(rows) >= self.batch:
            for name in self.pending:  # in the order given: rows referenced by later tables first
                self._flush(name)

    def _flush(self, table: str) -> None:
        rows = self.pending[table]
        if not rows:
            return
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(name) for name in self.columns[table])
        marks = ", ".join(["%s"] * len(self.columns[table]))
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})",
                [tuple(self._convert(value) for value in row) for row in rows],
            )
        rows.clear()

    def finish(self, table: str) -> None:
        for name in self.pending:
            self._flush(name)

    def close(self) -> None:
        for table in self.pending:
            self._flush(table)


class CopySink(Sink):
    """One ``COPY … FROM STDIN`` per table, each on its own psycopg connection and transaction."""

    def __init__(
        self, dsn: dict[str, Any], columns: dict[str, Sequence[str]], *, rebuild_indexes: bool = True
    ):
        import psycopg

        self.columns = columns
        self.streams: dict[str, Any] = {}
        self.managers: dict[str, Any] = {}
        self.buffers: dict[str, list[str]] = {table: [] for table in columns}
        self.connections: dict[str, Any] = {}
        self.rebuilds: dict[str, list[str]] = {}
        self.done: set[str] = set()
        for table, names in columns.items():
            conn = psycopg.connect(**dsn)
            self.connections[table] = conn
            with conn.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '256MB'")
                cursor.execute("SET synchronous_commit = off")
                try:
                    cursor.execute("SAVEPOINT replica")
                    cursor.execute("SET LOCAL session_replication_role = replica")
                    cursor.execute("RELEASE SAVEPOINT replica")
                except psycopg.Error:
                    cursor.execute("ROLLBACK TO SAVEPOINT replica")  # not a superuser: triggers stay on
                self.rebuilds[table] = _drop_secondary_indexes(cursor, table) if rebuild_indexes else []
            cursor = conn.cursor()
            quoted = ", ".join(f'"{name}"' for name in names)
            manager = cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN')
            self.managers[table] = manager
            self.streams[table] = manager.__enter__()

    def write(self, table: str, row: str | Sequence[Any]) -> None:
        buffer = self.buffers[table]
        buffer.append(row if isinstance(row, str) else _as_line(row))
        if len(buffer) >= 2000:
            self.streams[table].write("".join(buffer))
            buffer.clear()

    def finish(self, table: str) -> None:
        if table in self.done:
            return
        self.done.add(table)
        stream = self.streams.pop(table)
        if self.buffers[table]:
            stream.write("".join(self.buffers[table]))
            self.buffers[table].clear()
        self.managers.pop(table).__exit__(None, None, None)
        conn = self.connections[table]
        with conn.cursor() as cursor:
            for statement in self.rebuilds[table]:
                cursor.execute(statement)
        conn.commit()
        conn.close()

    def close(self) -> None:
        for table in list(self.columns):
            self.finish(table)

    def abort(self) -> None:
        for conn in self.connections.values():
            with contextlib.suppress(Exception):
                conn.cancel()
                conn.close()


def _as_line(values: Sequence[Any]) -> str:
    fields = []
    for value in values:
        if value is None:
            fields.append(rows_module.NULL)
        elif value is True or value is False:
            fields.append("t" if value else "f")
        elif isinstance(value, dt.datetime | dt.date):
            fields.append(value.isoformat())
        else:
            fields.append(rows_module.esc(str(value)))
    return "\t".join(fields) + "\n"


def _drop_secondary_indexes(cursor: Any, table: str) -> list[str]:
    """Drop every index of ``table`` but its primary key; return the statements that rebuild them."""
    cursor.execute(
        """
        SELECT con.conname, pg_get_constraintdef(con.oid)
        FROM pg_constraint con
        WHERE con.conrelid = %s::regclass AND con.contype = 'u'
        """,
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        """
        SELECT i.relname, pg_get_indexdef(ix.indexrelid)
        FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid
        WHERE ix.indrelid = %s::regclass AND NOT ix.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
        """,
        [table],
    )
    indexes = cursor.fetchall()
    rebuild = []
    for name, definition in constraints:
        cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        rebuild.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    for name, definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
        rebuild.append(definition)
    return rebuild


def postgres_dsn() -> dict[str, Any]:
    """Connection parameters of Django's default database, for extra psycopg connections."""
    from django.db import connection

    params = connection.get_connection_params()
    return {
        key: value
        for key, value in params.items()
        if key not in {"cursor_factory", "context", "prepare_threshold"}
    }


def make_sink(columns: dict[str, Sequence[str]]) -> Sink:
    from django.db import connection

    if connection.vendor == "postgresql":
        return CopySink(postgres_dsn(), columns)
    return InsertSink(columns)


def next_ids(tables: Iterable[str]) -> dict[str, int]:
    """The first free primary key of each table."""
    from django.db import connection

    found = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')
            found[table] = int(cursor.fetchone()[0])
    return found


def reset_sequences(tables: Iterable[str]) -> None:
    """After explicit ids were copied in: each table's id sequence continues after its largest id."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT follows explicitly inserted ids by itself
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'GREATEST((SELECT MAX(id) FROM "{table}"), 1))'
            )
