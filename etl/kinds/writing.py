"""Writing a plan's rows: upserts of reference data, per-unit replacement, bulk inserts.

Bulk inserts go straight to the driver (multi-row ``INSERT`` on SQLite, ``COPY`` on
PostgreSQL with psycopg) — several times faster than SQLAlchemy's per-row parameter
processing, and still inside the file's transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from itertools import chain, islice
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection


def upsert(conn: Connection, table: sa.Table, records: list[dict[str, Any]]) -> None:
    """Insert ``records``, updating rows whose primary key already exists."""
    if not records:
        return
    keys = [column.name for column in table.primary_key.columns]
    existing = {tuple(row) for row in conn.execute(sa.select(*table.primary_key.columns))}
    updates = [r for r in records if tuple(r[k] for k in keys) in existing]
    inserts = [r for r in records if tuple(r[k] for k in keys) not in existing]
    if inserts:
        conn.execute(table.insert(), inserts)
    if updates:
        values: dict[str, Any] = {c: sa.bindparam(f"v_{c}") for c in records[0] if c not in keys}
        where = [table.c[k] == sa.bindparam(f"k_{k}") for k in keys]
        statement = table.update().where(*where).values(values)
        conn.execute(
            statement,
            [{f"{'k' if c in keys else 'v'}_{c}": v for c, v in r.items()} for r in updates],
        )


INSERT_CHUNK = 10000
SQLITE_ROWS_PER_INSERT = 500


def replace_unit_rows(
    conn: Connection, table: sa.Table, records: list[dict[str, Any]], batch_id: int
) -> set[int]:
    """Insert ``records`` (stamped with ``batch_id``) after deleting the rows ``table`` holds
    for each of their (year, round, unit_code); returns the batches whose rows were deleted.
    (Score rows are merged leaf by leaf instead: ``etl.kinds.merge``.)"""
    c = table.c
    keys = {(r["year"], r["round"], r["unit_code"]) for r in records}
    where = [c.year.in_(sorted({k[0] for k in keys})), c.round.in_(sorted({k[1] for k in keys}))]
    units = sorted({k[2] for k in keys})
    if len(units) <= 500:  # the unit index narrows it down; a national file reads the rounds
        where.append(c.unit_code.in_(units))
    held = conn.execute(
        sa.select(c.batch_id, c.year, c.round, c.unit_code).distinct().where(*where)
    )
    touched = {r.batch_id for r in held if (r.year, r.round, r.unit_code) in keys}
    if touched:
        match = (
            c.year == sa.bindparam("y"),
            c.round == sa.bindparam("r"),
            c.unit_code == sa.bindparam("u"),
        )
        conn.execute(table.delete().where(*match), [{"y": y, "r": r, "u": u} for y, r, u in keys])
    for record in records:
        record["batch_id"] = batch_id
    bulk_insert(conn, table, records)
    return touched


def bulk_insert(conn: Connection, table: sa.Table, records: list[dict[str, Any]]) -> None:
    """Insert many dict records (:func:`insert_rows`)."""
    if not records:
        return
    names = [c.name for c in table.columns if c.name in records[0]]
    insert_rows(conn, table, names, [tuple(r[n] for n in names) for r in records])


def insert_columns(conn: Connection, table: sa.Table, columns: dict[str, list[Any]]) -> None:
    """Insert rows given column by column (``columns`` holds every column of ``table`` that
    is written, equally long), as :func:`insert_rows` does."""
    names = [c.name for c in table.columns if c.name in columns]
    data = [columns[name] for name in names]
    count = len(data[0]) if data else 0
    if count:
        _insert(conn, table, names, count, zip(*data, strict=True), partial(_interleaved, data))


def insert_rows(
    conn: Connection, table: sa.Table, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert ``rows`` (tuples of the columns ``names``) straight through the driver, inside
    the file's transaction: ``COPY`` on PostgreSQL with psycopg, multi-row ``INSERT`` on
    SQLite (one statement per few hundred rows: SQLite opens the table and its indexes once
    per statement, not once per row as ``executemany`` does)."""
    if rows:

        def flat(start: int, end: int) -> list[Any]:
            return list(chain.from_iterable(rows[start:end]))

        _insert(conn, table, names, len(rows), iter(rows), flat)


def _insert(
    conn: Connection,
    table: sa.Table,
    names: Sequence[str],
    count: int,
    rows: Iterator[Sequence[Any]],
    flat: Callable[[int, int], list[Any]],
) -> None:
    """``count`` rows, given one by one (``rows``) and as the flat parameters of a range."""
    driver = conn.connection.driver_connection
    if conn.dialect.driver == "psycopg":
        _copy_into(conn, table, names, rows)
    elif isinstance(driver, sqlite3.Connection):
        limit = driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        per = max(1, min(SQLITE_ROWS_PER_INSERT, limit // len(names)))
        values = "(" + ", ".join("?" * len(names)) + ")"
        head = f"INSERT INTO {_column_list(conn, table, names)} VALUES "
        for start in range(0, count, per):
            end = min(start + per, count)
            statement = head + ", ".join([values] * (end - start))
            conn.exec_driver_sql(statement, tuple(flat(start, end)))
    else:
        for chunk in iter(lambda: list(islice(rows, INSERT_CHUNK)), []):
            conn.execute(table.insert(), [dict(zip(names, row, strict=True)) for row in chunk])


def _interleaved(columns: list[list[Any]], start: int, end: int) -> list[Any]:
    """Rows ``start`` to ``end`` of ``columns``, one row after another, as one flat list."""
    width = len(columns)
    flat: list[Any] = [None] * ((end - start) * width)
    for index, column in enumerate(columns):
        flat[index::width] = column[start:end]
    return flat


def _column_list(conn: Connection, table: sa.Table, names: Sequence[str]) -> str:
    quote = conn.dialect.identifier_preparer.quote
    return f"{quote(table.name)} ({', '.join(quote(n) for n in names)})"


def _copy_into(
    conn: Connection, table: sa.Table, names: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """PostgreSQL's ``COPY … FROM STDIN`` through psycopg, inside the file's transaction."""
    statement = f"COPY {_column_list(conn, table, names)} FROM STDIN"
    driver = conn.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
