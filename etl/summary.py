"""Unit-level summaries of ``score_fact``, kept in step by the ETL.

``unit_summary`` holds one row per (year, round, unit) and ``unit_field_summary`` one per
(year, round, unit, field): the integer sums of :data:`MEASURES` over their leaf rows, so the
query layer ranks a whole group from a few dozen rows instead of millions of leaves.

* :func:`refresh_summary` recomputes the rows of some (year, round, unit) keys from
  ``score_fact``; the ETL calls it in the same transaction as every score write, so a
  rejected file leaves the summaries as they were.
* :func:`rebuild_summary` recomputes everything (a warehouse that predates the summaries);
  :func:`ensure_summary` does it when :func:`summary_in_step` says the summaries lag.
* :func:`summary_in_step` is the cheap check the query layer makes before trusting a summary:
  the newest ``max_batch_id`` it holds must be the newest loaded score batch.  Rows written
  around the ETL (by hand, or by test builders) add a batch the summary does not know, and
  the query layer then reads ``score_fact`` directly.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine
from sqlalchemy.sql.elements import ColumnElement

from etl.schema import (
    SUMMARY_MEASURES,
    load_batch,
    score_fact,
    unit_field_summary,
    unit_summary,
)

log = logging.getLogger(__name__)

UnitKey = tuple[int, int, str]  # (year, round, unit_code)

SCORE_BATCH_KINDS = ("scores", "sql", "workbook")
"""``load_batch.kind`` of the loads that write ``score_fact`` (tests/test_summary.py checks)."""

# --- the leaf measures: which leaves count towards what ------------------------------------

sf = score_fact.c
APPLICABLE = sf.applicable == sa.true()
SELF_METHOD = sa.and_(APPLICABLE, sf.method == "self")
BOTH_SCORED = sa.and_(SELF_METHOD, sf.self_score.is_not(None), sf.appraised_score.is_not(None))
SELF_POSITIVE = sa.and_(APPLICABLE, sf.self_score > 0)
HAS_EXPLANATION = sa.func.coalesce(sa.func.trim(sf.explanation), "") != ""
MISSING_EVIDENCE = sa.and_(
    SELF_POSITIVE,
    sf.evidence_required == sa.true(),
    sa.func.coalesce(sf.evidence_count, 0) == 0,
)
MISSING_EXPLANATION = sa.and_(SELF_POSITIVE, sa.not_(HAS_EXPLANATION))


def milli(column: ColumnElement[Any]) -> ColumnElement[int]:
    """Points → integer thousandths, per row, in SQL (exact on every backend)."""
    return sa.cast(sa.func.round(column * sa.literal_column("1000")), sa.BigInteger)


def total(value: ColumnElement[Any]) -> ColumnElement[int]:
    """``SUM(value)`` as a BIGINT, 0 over no rows (PostgreSQL sums BIGINT as NUMERIC)."""
    return sa.cast(sa.func.coalesce(sa.func.sum(value), 0), sa.BigInteger)


def _sum_if(condition: ColumnElement[bool], value: ColumnElement[Any]) -> ColumnElement[int]:
    return total(sa.case((condition, value)))


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return _sum_if(condition, sa.literal_column("1"))


MEASURES: dict[str, ColumnElement[int]] = {
    "max_all_milli": _sum_if(APPLICABLE, milli(sf.max_points)),
    "max_self_milli": _sum_if(SELF_METHOD, milli(sf.max_points)),
    "appraised_all_milli": _sum_if(APPLICABLE, milli(sf.appraised_score)),
    "appraised_self_milli": _sum_if(SELF_METHOD, milli(sf.appraised_score)),
    "self_milli": _sum_if(SELF_METHOD, milli(sf.self_score)),
    "gap_milli": _sum_if(BOTH_SCORED, milli(sf.self_score) - milli(sf.appraised_score)),
    "n_leaves": _count_if(APPLICABLE),
    "n_self_leaves": _count_if(SELF_METHOD),
    "n_self_scored": _count_if(sa.and_(SELF_METHOD, sf.self_score.is_not(None))),
    "n_appraised": _count_if(sa.and_(APPLICABLE, sf.appraised_score.is_not(None))),
    "n_appraised_self": _count_if(sa.and_(SELF_METHOD, sf.appraised_score.is_not(None))),
    "n_both": _count_if(BOTH_SCORED),
    "n_evidence_required": _count_if(sa.and_(SELF_METHOD, sf.evidence_required == sa.true())),
    "n_missing_evidence": _count_if(MISSING_EVIDENCE),
    "n_self_positive": _count_if(SELF_POSITIVE),
    "n_missing_explanation": _count_if(MISSING_EXPLANATION),
    "n_explained": _count_if(sa.and_(APPLICABLE, HAS_EXPLANATION)),
}
"""Integer sums over a set of leaf rows of ``score_fact``, one per summary column."""
assert tuple(MEASURES) == SUMMARY_MEASURES

# --- writing the summaries ---------------------------------------------------------------------


def _summed(
    source: sa.Table, keys: list[str], batch: str, measures: Iterable[ColumnElement[int]]
) -> sa.Select[Any]:
    """``SELECT keys, group, max(batch), measures FROM source GROUP BY keys``.

    A unit has one group (etl/kinds/units.py), taken with ``min``: grouping by it as well
    would make SQLite walk ix_score_fact_group over a whole round to spare a sort.
    """
    c = source.c
    group = sa.func.min(c.group_code)
    columns = [*(c[k] for k in keys), group, sa.func.max(c[batch]), *measures]
    return sa.select(*columns).group_by(*(c[k] for k in keys))


_FIELD_KEYS = ["year", "round", "unit_code", "field_code"]
# Unit × field rows sum the leaves; unit rows sum their unit × field rows (a few per unit,
# not every leaf): the same integers, at a fraction of the cost.
_SOURCES: tuple[tuple[sa.Table, sa.Table, sa.Select[Any]], ...] = (
    (
        unit_field_summary,
        score_fact,
        _summed(score_fact, _FIELD_KEYS, "batch_id", MEASURES.values()),
    ),
    (
        unit_summary,
        unit_field_summary,
        _summed(
            unit_field_summary,
            _FIELD_KEYS[:3],
            "max_batch_id",
            (total(unit_field_summary.c[name]) for name in SUMMARY_MEASURES),
        ),
    ),
)
"""(summary, the table it is summed from, the SELECT), in the order to write them."""
_COLUMNS = ["group_code", "max_batch_id", *SUMMARY_MEASURES]


def _one_key(columns: sa.ColumnCollection[str, Any]) -> tuple[ColumnElement[bool], ...]:
    return (
        columns.year == sa.bindparam("y"),
        columns.round == sa.bindparam("r"),
        columns.unit_code == sa.bindparam("u"),
    )


def refresh_summary(conn: Connection, keys: Iterable[UnitKey]) -> None:
    """Recompute the summary rows of each (year, round, unit) in ``keys`` from ``score_fact``
    (a key without score rows loses its summary rows), inside ``conn``'s transaction."""
    params = [{"y": y, "r": r, "u": u} for y, r, u in sorted(set(keys))]
    if not params:
        return
    for summary, source, select in _SOURCES:
        names = [c.name for c in summary.primary_key.columns] + _COLUMNS
        conn.execute(summary.delete().where(*_one_key(summary.c)), params)
        insert = summary.insert().from_select(names, select.where(*_one_key(source.c)))
        conn.execute(insert, params)


def rebuild_summary(engine: Engine) -> None:
    """Recompute every summary row from ``score_fact``, in one transaction."""
    with engine.begin() as conn:
        for summary, _source, select in _SOURCES:
            names = [c.name for c in summary.primary_key.columns] + _COLUMNS
            conn.execute(summary.delete())
            conn.execute(summary.insert().from_select(names, select))


# --- knowing whether a summary can be trusted --------------------------------------------------


def summary_in_step(conn: Connection, table: sa.Table = unit_summary) -> bool:
    """True when ``table`` reflects the newest loaded score batch (both absent: empty)."""
    b = load_batch.c
    newest = (
        sa.select(sa.func.max(b.id))
        .where(b.kind.in_(SCORE_BATCH_KINDS), b.status == "loaded")
        .scalar_subquery()
    )
    held = sa.select(sa.func.max(table.c.max_batch_id)).scalar_subquery()
    row = conn.execute(sa.select(newest, held)).one()
    return row[0] == row[1]


def ensure_summary(engine: Engine) -> bool:
    """Rebuild the summaries when they lag ``score_fact`` (e.g. a warehouse made before
    them); True when rebuilt.  A rebuild that fails (another process holds the warehouse)
    is only logged: the query layer reads ``score_fact`` until a later rebuild succeeds."""
    with engine.connect() as conn:
        if all(summary_in_step(conn, table) for table in (unit_summary, unit_field_summary)):
            return False
    try:
        rebuild_summary(engine)
    except sa.exc.DBAPIError as exc:
        log.warning("unit summaries not rebuilt (%s); queries read score_fact", exc.orig)
        return False
    return True
