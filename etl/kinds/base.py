"""What every file kind shares: the reference data it validates against, its plan, its shape.

A kind turns a ``Table`` into a ``Plan`` (validated records, nothing written) with
``parse``, and writes a plan inside the file's transaction with ``write``.  ``Reference``
reads units and frameworks from the warehouse on demand, once per file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import Connection

from etl.columns import Layout, Row, Table
from etl.errors import ProblemLog
from etl.schema import criterion, score_fact, unit
from etl.text import fold

T = TypeVar("T")
TOLERANCE = 0.0005  # points; subtotals and parent maxima are compared within this


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str
    group_code: str


@dataclass(frozen=True)
class CriterionInfo:
    code: str
    parent_code: str | None
    field_code: str
    is_leaf: bool
    max_points: float
    method: str
    evidence_required: bool


@dataclass
class Framework:
    """The criteria tree of one year and group, as stored."""

    year: int
    group_code: str
    criteria: dict[str, CriterionInfo]

    @cached_property
    def leaves_under(self) -> dict[str, list[str]]:
        """Every criterion code -> the leaf codes beneath it (a leaf maps to itself)."""
        result: dict[str, list[str]] = {code: [] for code in self.criteria}
        for info in self.criteria.values():
            if not info.is_leaf:
                continue
            code: str | None = info.code
            while code is not None and code in self.criteria:
                result[code].append(info.code)
                code = self.criteria[code].parent_code
        return result

    @cached_property
    def total_max(self) -> float:
        return sum(c.max_points for c in self.criteria.values() if c.is_leaf)


class Reference:
    """Units and frameworks in the warehouse, read lazily through the file's connection."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._frameworks: dict[tuple[int, str], Framework | None] = {}

    @cached_property
    def units(self) -> dict[str, UnitInfo]:
        rows = self.conn.execute(sa.select(unit.c.code, unit.c.name, unit.c.group_code))
        return {r.code: UnitInfo(r.code, r.name, r.group_code) for r in rows}

    @cached_property
    def _units_by_name(self) -> dict[str, list[UnitInfo]]:
        by_name: dict[str, list[UnitInfo]] = {}
        for info in self.units.values():
            by_name.setdefault(fold(info.name), []).append(info)
        return by_name

    def units_named(self, name: str) -> list[UnitInfo]:
        """Units whose name matches after NFC, ignoring case and repeated spaces."""
        return self._units_by_name.get(fold(name), [])

    @cached_property
    def units_with_scores(self) -> set[str]:
        return set(self.conn.execute(sa.select(score_fact.c.unit_code).distinct()).scalars())

    def framework(self, year: int, group_code: str) -> Framework | None:
        key = (year, group_code)
        if key not in self._frameworks:
            self._frameworks[key] = self._read_framework(year, group_code)
        return self._frameworks[key]

    def _read_framework(self, year: int, group_code: str) -> Framework | None:
        c = criterion.c
        rows = self.conn.execute(
            sa.select(
                c.code,
                c.parent_code,
                c.field_code,
                c.is_leaf,
                c.max_points,
                c.method,
                c.evidence_required,
            ).where(c.year == year, c.group_code == group_code)
        ).all()
        if not rows:
            return None
        criteria = {
            r.code: CriterionInfo(
                r.code,
                r.parent_code,
                r.field_code,
                bool(r.is_leaf),
                float(r.max_points),
                r.method,
                bool(r.evidence_required),
            )
            for r in rows
        }
        return Framework(year, group_code, criteria)


@dataclass
class Plan:
    """Validated records of one file, ready to write; ``rows`` is what the user is told."""

    rows: int
    year: int | None = None
    round: int | None = None
    unit_code: str | None = None
    records: list[Any] = field(default_factory=list)


Parse = Callable[[Table, Reference, ProblemLog], Plan]
Write = Callable[[Connection, Plan, int], set[int]]  # -> batches whose rows it overwrote


@dataclass(frozen=True)
class Kind:
    name: str
    vi: str  # what the user calls it
    layout: Layout
    order: int  # load order: reference data first
    parse: Parse
    write: Write


def single(values: set[T]) -> T | None:
    """The one value of a set, or None when it has several (for the load history)."""
    return next(iter(values)) if len(values) == 1 else None


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


def required(table: Table, log: ProblemLog, row: Row, keys: tuple[str, ...]) -> bool:
    """Log every blank required cell of ``row``; True when none is blank."""
    blank = [key for key in keys if row.values.get(key) is None]
    for key in blank:
        table.problem(log, row, key, "Ô bắt buộc bị để trống", "required cell is empty")
    return not blank


def duplicate(
    table: Table,
    log: ProblemLog,
    row: Row,
    key: tuple[object, ...],
    seen: dict[Any, int],
    column: str,
) -> bool:
    """Log ``row`` when ``key`` was already seen in this file; remember it otherwise."""
    first = seen.setdefault(key, row.number)
    if first == row.number:
        return False
    table.problem(
        log,
        row,
        column,
        f"Trùng lặp trong tệp: đã có ở dòng {first}",
        f"duplicate in the file: already on row {first}",
    )
    return True


def valid_period(table: Table, log: ProblemLog, row: Row) -> bool:
    """Year and round (when present) are plausible; logs and returns False otherwise."""
    ok = True
    year = row.values.get("year")
    if isinstance(year, int) and not 1990 <= year <= 2100:
        table.problem(log, row, "year", "Năm không hợp lệ", "not a plausible year")
        ok = False
    round_ = row.values.get("round")
    if isinstance(round_, int) and round_ < 1:
        table.problem(log, row, "round", "Lần chấm phải từ 1 trở lên", "a round is 1 or more")
        ok = False
    return ok


INSERT_CHUNK = 10000


def replace_unit_rows(
    conn: Connection, table: sa.Table, records: list[dict[str, Any]], batch_id: int
) -> set[int]:
    """Insert ``records`` (stamped with ``batch_id``) after deleting the rows ``table`` holds
    for each of their (year, round, unit_code); returns the batches whose rows were deleted."""
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
    for start in range(0, len(records), INSERT_CHUNK):
        chunk = records[start : start + INSERT_CHUNK]
        if style == "qmark":
            conn.exec_driver_sql(statement, [tuple(r[n] for n in names) for r in chunk])
        else:
            conn.exec_driver_sql(statement, chunk)


def unit_plan(records: list[dict[str, Any]]) -> Plan:
    """A plan of per-unit rows, with the year, round and unit noted when the file has one."""
    return Plan(
        rows=len(records),
        year=single({r["year"] for r in records}),
        round=single({r["round"] for r in records}),
        unit_code=single({r["unit_code"] for r in records}),
        records=records,
    )


def _copy_into(
    conn: Connection, table: sa.Table, names: list[str], records: list[dict[str, Any]]
) -> None:
    """PostgreSQL's ``COPY … FROM STDIN`` through psycopg, inside the file's transaction."""
    quote = conn.dialect.identifier_preparer.quote
    statement = f"COPY {quote(table.name)} ({', '.join(quote(n) for n in names)}) FROM STDIN"
    driver = conn.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for record in records:
            copy.write_row([record[n] for n in names])
