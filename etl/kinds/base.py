"""What every file kind shares: the reference data it validates against, its plan, its shape.

A kind turns a ``Table`` into a ``Plan`` (validated records, nothing written) with
``parse``, and writes a plan inside the file's transaction with ``write``.  ``Reference``
reads units and frameworks from the warehouse on demand, once per file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import Connection

from etl.columns import Layout, Row, Table
from etl.errors import ProblemLog
from etl.limits import MAX_YEAR, MIN_YEAR
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
    def leaf_codes(self) -> list[str]:
        """The leaves, in the order of ``criteria``."""
        return [code for code, info in self.criteria.items() if info.is_leaf]

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
    frameworks: dict[tuple[int, int, str], Framework] = field(default_factory=dict)
    """Score plans: the framework of every (year, round, unit) the file touches."""
    changes: list[Any] = field(default_factory=list)
    """Filled by ``write``: the stored scores the file changed (``ScoreChange``)."""
    score_columns: dict[str, list[Any]] | None = None
    """A scores file read a column at a time (``etl.kinds.fastscores``): its leaf rows as
    columns instead of ``records``."""


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


def required(table: Table, log: ProblemLog, row: Row, keys: tuple[str, ...]) -> bool:
    """Log every blank required cell of ``row``; True when none is blank."""
    blank = [key for key in keys if row.values.get(key) is None]
    for key in blank:
        table.problem(log, row, key, "Ô bắt buộc bị để trống", "required cell is empty")
    return not blank


def complete_rows(table: Table, log: ProblemLog, keys: tuple[str, ...]) -> Iterator[Row]:
    """The rows of ``table`` that read cleanly, have every ``keys`` cell and a plausible year
    and round (when they have one); every other row's problems are logged."""
    for row in table.rows(log):
        if row.ok and required(table, log, row, keys) and valid_period(table, log, row):
            yield row


def known_unit(table: Table, log: ProblemLog, row: Row, ref: Reference) -> UnitInfo | None:
    """The unit ``row`` names (``unit_code``), or None, logged, when it is not in the list."""
    unit = ref.units.get(str(row.values["unit_code"]))
    if unit is None:
        table.problem(
            log, row, "unit_code", "Mã đơn vị không có trong danh sách đơn vị", "unknown unit code"
        )
    return unit


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
    if isinstance(year, int) and not MIN_YEAR <= year <= MAX_YEAR:
        table.problem(log, row, "year", "Năm không hợp lệ", "not a plausible year")
        ok = False
    round_ = row.values.get("round")
    if isinstance(round_, int) and round_ < 1:
        table.problem(log, row, "round", "Lần chấm phải từ 1 trở lên", "a round is 1 or more")
        ok = False
    return ok


def unit_plan(
    records: list[dict[str, Any]],
    frameworks: dict[tuple[int, int, str], Framework] | None = None,
) -> Plan:
    """A plan of per-unit rows, with the year, round and unit noted when the file has one."""
    return Plan(
        rows=len(records),
        year=single({r["year"] for r in records}),
        round=single({r["round"] for r in records}),
        unit_code=single({r["unit_code"] for r in records}),
        records=records,
        frameworks=frameworks or {},
    )
