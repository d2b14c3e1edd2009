"""Unit-level summaries of ``score_fact``, kept in step by the ETL.

``unit_summary`` holds one row per (year, round, unit) and ``unit_field_summary`` one per
(year, round, unit, field): the integer sums of :data:`MEASURES` over their leaf rows, so the
query layer ranks a whole group from a few dozen rows instead of millions of leaves.

* :func:`refresh_summary` recomputes, from ``score_fact``, the rows of the (year, round,
  unit) keys a load batch has just written; ``etl.kinds.merge.merge_scores`` calls it in
  the same transaction as every score write, so a rejected file leaves them as they were;
  :func:`refresh_keys` does it for any keys (``etl.undo``, after restoring a batch's rows).
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
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine
from sqlalchemy.sql.elements import ColumnElement

from etl.lock import write_transaction
from etl.schema import (
    SUMMARY_MEASURES,
    load_batch,
    score_fact,
    unit_field_summary,
    unit_summary,
)

log = logging.getLogger(__name__)

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


@dataclass(frozen=True)
class _Step:
    """How one summary is summed: from which table, grouped by the summary's key columns."""

    summary: sa.Table
    source: sa.Table
    batch: str  # the source's batch column
    measures: tuple[ColumnElement[int], ...]

    def select(self) -> sa.Select[Any]:
        """``SELECT keys, group, max(batch), measures FROM source GROUP BY keys``.

        A unit has one group (etl/kinds/units.py), taken with ``min``: grouping by it as
        well would make SQLite walk ix_score_fact_group over a whole round to spare a sort.
        """
        c = self.source.c
        keys = [c[column.name] for column in self.summary.primary_key.columns]
        group, batch = sa.func.min(c.group_code), sa.func.max(c[self.batch])
        return sa.select(*keys, group, batch, *self.measures).group_by(*keys)

    def insert(self, where: Iterable[ColumnElement[bool]] = ()) -> sa.Insert:
        names = [column.name for column in self.summary.primary_key.columns]
        names += ["group_code", "max_batch_id", *SUMMARY_MEASURES]
        return self.summary.insert().from_select(names, self.select().where(*where))


# Unit × field rows sum the leaves; unit rows sum their unit × field rows (a few per unit
# instead of every leaf): the same integers for a fraction of the work.  In writing order.
_STEPS = (
    _Step(unit_field_summary, score_fact, "batch_id", tuple(MEASURES.values())),
    _Step(
        unit_summary,
        unit_field_summary,
        "max_batch_id",
        tuple(total(unit_field_summary.c[name]) for name in SUMMARY_MEASURES),
    ),
)


def refresh_summary(conn: Connection, batch_id: int) -> None:
    """Recompute, inside ``conn``'s transaction, the summary rows of every (year, round, unit)
    that batch ``batch_id`` has just written to, over all of that key's rows (a file may
    update some leaves of a unit's round and keep the others).

    The keys are found through the batch index of ``score_fact`` (:func:`refresh_keys`).
    """
    written = sa.select(sf.year, sf.round, sf.unit_code).where(sf.batch_id == batch_id).distinct()
    refresh_keys(conn, written)


def refresh_keys(conn: Connection, written: sa.Select[Any]) -> None:
    """Recompute the summary rows of the (year, round, unit_code) keys ``written`` selects,
    from the ``score_fact`` rows they hold now (a key left without rows loses its summary).

    Per summary, a DELETE of the keys' rows and one INSERT … SELECT … GROUP BY.
    """
    for step in _STEPS:
        c = step.summary.c
        keys = sa.tuple_(c.year, c.round, c.unit_code)
        conn.execute(step.summary.delete().where(keys.in_(written)))
        source = step.source.c
        conn.execute(
            step.insert([sa.tuple_(source.year, source.round, source.unit_code).in_(written)])
        )


def rebuild_summary_in(conn: Connection) -> None:
    """Recompute every summary row from ``score_fact``, in ``conn``'s transaction."""
    for step in _STEPS:
        conn.execute(step.summary.delete())
        conn.execute(step.insert())


def rebuild_summary(engine: Engine) -> None:
    """Recompute every summary row from ``score_fact``, in one locked transaction."""
    with write_transaction(engine) as conn:
        rebuild_summary_in(conn)


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
