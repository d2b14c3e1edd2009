"""Writing a plan's rows: upserts of reference data, per-unit replacement, bulk inserts.

Bulk inserts go straight to the driver (``executemany`` on SQLite, ``COPY`` on PostgreSQL
with psycopg) — several times faster than SQLAlchemy's per-row parameter processing, and
still inside the file's transaction.
"""

from __future__ import annotations

from operator import itemgetter
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
    """Insert many dict records in chunks, straight through the driver's ``executemany``
    (several times faster than SQLAlchemy's per-row parameter processing)."""
    if not records:
        return
    names = [c.name for c in table.columns if c.name in records[0]]
    if conn.dialect.driver == "psycopg":
        _copy_into(conn, table, names, records)
        return
    style = conn.dialect.paramstyle
    if style not in ("qmark", "pyformat"):
        for start in range(0, len(records), INSERT_CHUNK):
            conn.execute(table.insert(), records[start : start + INSERT_CHUNK])
        return
    quote = conn.dialect.identifier_preparer.quote
    marks = ["?" if style == "qmark" else f"%({n})s" for n in names]
    statement = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)})"
        f" VALUES ({', '.join(marks)})"
    )
    row_of = itemgetter(*names)
    for start in range(0, len(records), INSERT_CHUNK):
        chunk = records[start : start + INSERT_CHUNK]
        if style == "qmark":
            conn.exec_driver_sql(statement, list(map(row_of, chunk)))
        else:
            conn.exec_driver_sql(statement, chunk)


def _copy_into(
    conn: Connection, table: sa.Table, names: list[str], records: list[dict[str, Any]]
) -> None:
    """PostgreSQL's ``COPY … FROM STDIN`` through psycopg, inside the file's transaction."""
    quote = conn.dialect.identifier_preparer.quote
    statement = f"COPY {quote(table.name)} ({', '.join(quote(n) for n in names)}) FROM STDIN"
    driver = conn.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in map(itemgetter(*names), records):
            copy.write_row(row)
