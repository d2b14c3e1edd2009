"""SQL building blocks: the aggregate over ``score_fact`` or a unit summary, and row reading.

Every aggregate is a SQL ``GROUP BY`` that returns integer sums ("milli-points" and leaf
counts, see :data:`etl.summary.MEASURES`) over ``score_fact``, or, per unit and per unit ×
field, over the summaries the ETL keeps in step with it (:mod:`etl.summary`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.sql.elements import ColumnElement

from dashboard import metrics
from etl.schema import criterion, score_fact, unit, unit_field_summary, unit_summary
from etl.summary import MEASURES, summary_in_step, total

sf = score_fact.c
assert tuple(MEASURES) == metrics.MEASURE_NAMES


# The level-2 criterion above a leaf, found by joining the framework twice: trees up to four
# levels deep (field → criterion → sub-criterion → sub-sub-criterion); a leaf at level 1 or 2
# is its own criterion.
_leaf = criterion.alias("leaf_node")
_parent = criterion.alias("parent_node")
_CRITERION_OF_LEAF = sa.func.coalesce(
    sa.case(
        (_leaf.c.level <= 2, _leaf.c.code),
        (_leaf.c.level == 3, _leaf.c.parent_code),
        else_=_parent.c.parent_code,
    ),
    sf.criterion_code,
)

_DIMENSIONS: dict[str, ColumnElement[Any]] = {
    "year": sf.year,
    "round": sf.round,
    "unit_code": sf.unit_code,
    "group": sf.group_code,
    "field_code": sf.field_code,
    "criterion_code": _CRITERION_OF_LEAF,  # the level-2 criterion above each leaf
    "leaf_code": sf.criterion_code,
}


@dataclass(frozen=True)
class Filter:
    """Which leaves an aggregate covers."""

    year: int | None = None
    round: int | None = None
    group: str | None = None
    unit_code: str | None = None
    field_code: str | None = None
    leaves: tuple[tuple[str, tuple[str, ...]], ...] | None = None  # ((group, leaf codes), ...)
    periods: tuple[tuple[int, int], ...] | None = None  # ((year, round), ...)
    province: str | None = None  # the units of one province

    def clauses(self, table: sa.Table = score_fact) -> list[ColumnElement[bool]]:
        """The WHERE clauses on ``table`` (``score_fact`` or a summary that has the columns)."""
        c = table.c
        pairs = (
            ("year", self.year),
            ("round", self.round),
            ("group_code", self.group),
            ("unit_code", self.unit_code),
            ("field_code", self.field_code),
        )
        out: list[ColumnElement[bool]] = [
            c[col] == value for col, value in pairs if value is not None
        ]
        if self.province is not None:
            of_province = sa.select(unit.c.code).where(unit.c.province == self.province)
            out.append(c.unit_code.in_(of_province))
        if self.periods is not None:  # lets the (year, round, group) index serve the query
            out.append(sa.tuple_(c.year, c.round).in_([tuple(p) for p in self.periods]))
        if self.leaves is not None:
            out.append(
                sa.or_(
                    sa.false(),
                    *(
                        sa.and_(c.group_code == group, c.criterion_code.in_(codes))
                        for group, codes in self.leaves
                        if codes
                    ),
                )
            )
        return out


_UNIT_DIMENSIONS = frozenset({"year", "round", "unit_code", "group"})


def _summary_for(where: Filter, by: Sequence[str]) -> sa.Table | None:
    """The summary table an aggregate can read instead of ``score_fact``, if any."""
    if where.leaves is not None:
        return None
    if where.field_code is None and _UNIT_DIMENSIONS.issuperset(by):
        return unit_summary
    if (_UNIT_DIMENSIONS | {"field_code"}).issuperset(by):
        return unit_field_summary
    return None


def _trusted(engine: Engine, summary: sa.Table) -> bool:
    """Whether ``summary`` is in step with ``score_fact`` (see :mod:`etl.summary`)."""
    try:
        with engine.connect() as conn:
            return summary_in_step(conn, summary)
    except (sa.exc.OperationalError, sa.exc.ProgrammingError):  # no summary table yet
        return False


def scored_keys(engine: Engine) -> sa.Table:
    """Where to look up which (year, round, unit, group) have scores: the unit summary (a row
    per unit and round) when it is in step, else ``score_fact`` (a row per leaf)."""
    return unit_summary if _trusted(engine, unit_summary) else score_fact


def _from_summary(
    summary: sa.Table, where: Filter, by: Sequence[str], measures: Sequence[str]
) -> sa.Select[Any]:
    """The aggregate over a summary table's rows: the sums of their sums."""
    dims = [summary.c["group_code" if name == "group" else name] for name in by]
    stmt = sa.select(
        *(dim.label(name) for dim, name in zip(dims, by, strict=True)),
        *(total(summary.c[name]).label(name) for name in measures),
    )
    return stmt.where(*where.clauses(summary)).group_by(*dims)


def _from_facts(where: Filter, by: Sequence[str], measures: Sequence[str]) -> sa.Select[Any]:
    """The aggregate over the leaf rows of ``score_fact``."""
    dims = [_DIMENSIONS[name].label(name) for name in by]
    stmt = sa.select(*dims, *(MEASURES[name].label(name) for name in measures))
    if "criterion_code" in by:
        stmt = stmt.select_from(
            score_fact.outerjoin(
                _leaf,
                sa.and_(
                    _leaf.c.year == sf.year,
                    _leaf.c.group_code == sf.group_code,
                    _leaf.c.code == sf.criterion_code,
                ),
            ).outerjoin(
                _parent,
                sa.and_(
                    _parent.c.year == _leaf.c.year,
                    _parent.c.group_code == _leaf.c.group_code,
                    _parent.c.code == _leaf.c.parent_code,
                ),
            )
        )
    else:
        stmt = stmt.select_from(score_fact)
    return stmt.where(*where.clauses()).group_by(*(_DIMENSIONS[name] for name in by))


def aggregate(
    engine: Engine,
    where: Filter,
    by: Sequence[str],
    measures: Sequence[str] = metrics.MEASURE_NAMES,
) -> pd.DataFrame:
    """``SELECT by..., measures... WHERE ... GROUP BY by...`` as a DataFrame.

    Unit- and field-level aggregates read the unit summaries when they are in step with
    ``score_fact`` (identical sums, a few rows per unit instead of every leaf); others, and
    any aggregate while the summaries lag, read ``score_fact``.  Every measure costs time on
    every leaf row, so callers ask only for the blocks they use.
    """
    summary = _summary_for(where, by)
    if summary is not None and _trusted(engine, summary):
        stmt = _from_summary(summary, where, by, measures)
    else:
        stmt = _from_facts(where, by, measures)
    frame = _fetch(engine, stmt)
    for name in measures:
        frame[name] = frame[name].astype("int64")
    return frame


_POINT_COLUMNS = ("max_points", "self_score", "appraised_score")


def _fetch(engine: Engine, stmt: sa.Select[Any]) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(stmt)
        return pd.DataFrame([tuple(row) for row in result], columns=list(result.keys()))


def read(engine: Engine, stmt: sa.Select[Any]) -> pd.DataFrame:
    """Rows as a DataFrame; points as float64 and counts as Int64 on every backend."""
    frame = _fetch(engine, stmt)
    for column in frame.columns:
        if column in _POINT_COLUMNS:
            frame[column] = pd.to_numeric(frame[column]).astype("float64")
        elif column == "evidence_count":
            frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    return frame
