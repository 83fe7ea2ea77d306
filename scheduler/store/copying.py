"""Copying a whole database's rows from one engine to another through the models, in one transaction.

Used for backups of a server database (read in one read-only snapshot
transaction, written to a new SQLite file), for restores (the target's rows
are replaced in one transaction, so a crash leaves it exactly as before or
after) and for moving a local database to a team server. Both sides must be
at the same schema revision; ``Database.open`` sees to that.
"""

from __future__ import annotations

import hashlib
import itertools
from typing import Collection

from sqlalchemy import JSON, Connection, Engine, String, Table, delete, func, insert, select, text
from sqlalchemy.exc import DBAPIError

from scheduler.store.change_versions import VERBATIM
from scheduler.store.errors import StoreError
from scheduler.store.models import Base

BATCH = 20_000


SEEDED_BY_MIGRATIONS = frozenset({"data_version", "change_versions"})
"""Tables whose rows a migration inserts; a copy replaces them with the source's."""


class CopyRefused(StoreError):
    """The target database cannot hold a row of the source (PostgreSQL refuses NUL characters and text longer
    than its column, which SQLite keeps); names the table, row and column, never the value. Nothing is copied."""


def tables(skip: Collection[str] = ()) -> list[Table]:
    """The app's tables, parents before children."""
    return [t for t in Base.metadata.sorted_tables if t.name not in skip]


def snapshot_connection(engine: Engine) -> Connection:
    """A connection whose reads all see one consistent moment (PostgreSQL: a read-only repeatable-read snapshot)."""
    if engine.dialect.name == "postgresql":
        return engine.connect().execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    return engine.connect()


def copy_rows(source: Connection, target: Connection, skip: Collection[str] = (), replace: bool = False) -> dict[str, int]:
    """Copies every table's rows (``replace``: after deleting the target's); returns rows per table.

    Runs inside the caller's transactions; nothing is committed here. Without ``replace`` the copy keeps the
    source's change versions exactly (``change_versions.VERBATIM``).
    """
    if not replace:
        target.execution_options(**{VERBATIM: True})
    chosen = tables(skip)
    server = target.dialect.name == "postgresql"
    if replace and server:  # one statement, still inside the transaction; far faster than DELETE
        target.execute(text("TRUNCATE " + ", ".join(_quoted(target, t.name) for t in chosen)))
    elif replace:
        for table in reversed(chosen):
            target.execute(delete(table))
    else:  # a freshly migrated target already holds the rows its migrations seed
        for table in chosen:
            if table.name in SEEDED_BY_MIGRATIONS:
                target.execute(delete(table))
    copied = {}
    for table in chosen:
        query = select(table).order_by(*table.primary_key.columns)
        rows = source.execute(query)
        if server:
            rows = _held_by_the_server(rows, table)
        try:
            if server and not any(isinstance(c.type, JSON) for c in table.columns):
                copied[table.name] = _copy_in(rows, target, table)
                continue
            copied[table.name] = 0
            while batch := [dict(r._mapping) for r in itertools.islice(rows, BATCH)]:
                target.execute(insert(table), batch)
                copied[table.name] += len(batch)
        except CopyRefused:
            raise
        except Exception as exc:  # the driver's own refusal: its first line only (DETAIL and CONTEXT quote values)
            if not (isinstance(exc, DBAPIError) or type(exc).__module__.startswith("psycopg")):
                raise
            raise CopyRefused(f"the database refused the rows of the table {table.name} "
                              f"({_first_line(exc)}); nothing was copied") from None
    if server:
        reset_sequences(target, chosen)
    return copied


def _first_line(exc: BaseException) -> str:
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = str(orig).strip().splitlines()
    return " ".join(lines[0].split()) if lines else type(exc).__name__


def _held_by_the_server(rows, table: Table):
    """The rows, each checked for text PostgreSQL cannot store; the first that cannot stops the copy, named by
    table, row (counted in key order) and column."""
    texts = [(i, c.name, c.type.length) for i, c in enumerate(table.columns) if isinstance(c.type, String)]
    for number, row in enumerate(rows, start=1):
        for i, column, length in texts:
            value = row[i]
            if type(value) is not str:
                continue
            if "\x00" in value:
                why = "holds a NUL character, which PostgreSQL cannot store"
            elif length and len(value) > length:
                why = f"is {len(value):,} characters long, more than the {length:,} the server's column holds"
            else:
                continue
            raise CopyRefused(f"row {number:,} of the table {table.name} (counted in the order of its key) cannot be "
                              f"stored on the server: its {column} {why}; nothing was copied. Correct the value in "
                              "the database it comes from (export-data, fix the cell, import --replace) and try "
                              "again")
        yield row


def _copy_in(rows, target: Connection, table: Table) -> int:
    """PostgreSQL's COPY on the target's own connection (so inside its transaction): the travel table's
    million rows in seconds rather than minutes."""
    columns = ", ".join(_quoted(target, c.name) for c in table.columns)
    driver = target.connection.driver_connection
    assert driver is not None  # the target connection is open
    cursor = driver.cursor()
    count = 0
    try:
        with cursor.copy(f"COPY {_quoted(target, table.name)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(tuple(row))
                count += 1
    finally:
        cursor.close()
    return count


def _quoted(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def reset_sequences(conn: Connection, chosen: list[Table]) -> None:
    """After rows were inserted with explicit ids, new rows must get ids above them."""
    for table in chosen:
        if "id" in table.c and table.c.id.autoincrement in (True, "auto") and table.c.id.primary_key:
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                              f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"))


def fingerprint(conn: Connection, skip: Collection[str] = ()) -> dict[str, tuple[int, str]]:
    """Rows and a digest of their content per table, independent of the back end: checks a copy row for row."""
    result = {}
    for table in tables(skip):
        digest = hashlib.sha256()
        count = 0
        for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
            digest.update(repr(tuple(_portable(v) for v in row)).encode())
            count += 1
        result[table.name] = (count, digest.hexdigest())
    return result


def row_count(conn: Connection, table: Table) -> int:
    return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _portable(value: object) -> object:
    """Floats and JSON compare equal across drivers when written the same way."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return tuple(sorted((k, _portable(v)) for k, v in value.items()))
    return value
