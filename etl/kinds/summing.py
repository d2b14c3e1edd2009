"""The unit summaries of a score load, summed from the rows it holds in memory.

A score load (``etl.kinds.merge``) knows every row of the (year, round, unit) keys it writes:
the rows it inserts and the stored rows it keeps.  On SQLite and PostgreSQL it sums them here,
with numpy, on a thread of its own while the rows are inserted, instead of reading them back
through ``etl.summary``'s SQL afterwards: the same integers, for a fraction of the time.
:data:`etl.summary.MEASURES` stays the definition; each measure below is that SQL on a whole
column, and tests/test_etl_speed.py checks both give the same rows:

* ``milli`` is ``CAST(round(x * 1000) AS BIGINT)`` of ``x`` as the database holds it: on
  SQLite the very double the load writes (or read back), rounded half away from zero as
  SQLite's ``round`` does; on PostgreSQL the ``NUMERIC(10, 3)`` it stores — the float's text
  rounded half away from zero to three decimals — so a point is positive when its milli is;
* a ``NULL`` score is NaN here and counts nowhere, as ``SUM(CASE …)`` skips it;
* ``HAS_EXPLANATION`` trims spaces only, as SQL's ``trim`` does.

Other backends keep the SQL (:func:`etl.summary.refresh_summary`), as does a unit whose rows
name several groups.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy import Connection

from etl.kinds.writing import insert_rows
from etl.schema import SUMMARY_MEASURES, score_fact, unit_field_summary, unit_summary
from etl.summary import refresh_summary

ROW_COLUMNS = tuple(c.name for c in score_fact.columns if c.name != "id")
"""The columns of a row this module sums: every column of ``score_fact`` but ``id``."""
Columns = dict[str, list[Any]]
Floats = np.ndarray[Any, np.dtype[np.float64]]
Flags = np.ndarray[Any, np.dtype[np.bool_]]
SummaryRow = tuple[Any, ...]
Summed = tuple[list[SummaryRow], list[SummaryRow]]


class PendingSummary:
    """The summaries of a score load's keys, summed on a thread of their own while the load's
    rows are written (the database's own work there leaves Python free)."""

    def __init__(
        self, conn: Connection, written: Columns, kept: Sequence[Mapping[str, Any]]
    ) -> None:
        """``written`` (column by column, :data:`ROW_COLUMNS`) are the rows the load inserts,
        ``kept`` the stored rows of those keys it leaves as they were — together every row
        the keys will hold.  Neither may change until :meth:`write`."""
        if kept:
            written = {name: [*written[name], *(row[name] for row in kept)] for name in ROW_COLUMNS}
        self._outcome: list[Summed | BaseException | None] = []
        self._thread: threading.Thread | None = None
        dialect = conn.dialect.name
        if dialect in MILLI and written["year"]:
            self._thread = threading.Thread(
                target=self._sum, args=(written, dialect), name="cchc-summing", daemon=True
            )
            self._thread.start()

    def _sum(self, written: Columns, dialect: str) -> None:
        try:
            self._outcome.append(summarise(written, dialect))
        except BaseException as exc:  # raised again by write(), in the load's thread
            self._outcome.append(exc)

    def write(self, conn: Connection, batch_id: int) -> None:
        """Replace the summary rows of the keys batch ``batch_id`` wrote (the SQL recomputes
        them when they could not be summed here)."""
        summed = None
        if self._thread is not None:
            self._thread.join()
            outcome = self._outcome[0]
            if isinstance(outcome, BaseException):
                raise outcome
            summed = outcome
        if summed is None:
            refresh_summary(conn, batch_id)
            return
        by_field, by_unit = summed
        keys = [row[:3] for row in by_unit]
        for table, summary in ((unit_field_summary, by_field), (unit_summary, by_unit)):
            c = table.c
            for start in range(0, len(keys), _DELETE_CHUNK):
                chunk = keys[start : start + _DELETE_CHUNK]
                conn.execute(
                    table.delete().where(sa.tuple_(c.year, c.round, c.unit_code).in_(chunk))
                )
            insert_rows(conn, table, [column.name for column in table.columns], summary)


_DELETE_CHUNK = 1000  # keys per DELETE (three parameters each)


def summarise(columns: Columns, dialect: str) -> Summed | None:
    """The ``unit_field_summary`` and ``unit_summary`` rows of the rows ``columns`` holds
    (:data:`ROW_COLUMNS`) in a database of ``dialect``, as tuples of those tables' columns;
    None when a unit's rows name several groups (the SQL's ``min`` follows the database's
    collation)."""
    n = len(columns["year"])
    keys = list(zip(columns["year"], columns["round"], columns["unit_code"], columns["field_code"],
                    strict=True))  # fmt: skip
    fields = {key: index for index, key in enumerate(dict.fromkeys(keys))}
    ids = np.fromiter(map(fields.__getitem__, keys), np.intp, n)
    codes = {code: index for index, code in enumerate(dict.fromkeys(columns["group_code"]))}
    group = np.fromiter(map(codes.__getitem__, columns["group_code"]), np.intp, n)
    if len(np.unique(ids * len(codes) + group)) != len(fields):
        return None  # a unit × field of rows in several groups
    group_of = np.zeros(len(fields), np.intp)
    group_of[ids] = group
    names = list(codes)
    sums = _measures(columns, ids, len(fields), MILLI[dialect])
    newest = np.zeros(len(fields), np.int64)
    np.maximum.at(newest, ids, np.fromiter(columns["batch_id"], np.int64, n))
    by_field = [
        (*key, names[code], batch, *measures)
        for key, code, batch, *measures in zip(
            fields, group_of.tolist(), newest.tolist(), *sums, strict=True
        )
    ]
    totals: dict[tuple[Any, ...], list[Any]] = {}
    for row in by_field:
        unit = row[:3]
        total = totals.get(unit)
        if total is None:
            totals[unit] = [row[4], row[5], *row[6:]]
            continue
        if total[0] != row[4]:
            return None  # a unit of rows in several groups
        total[1] = max(total[1], row[5])
        for index, value in enumerate(row[6:], start=2):
            total[index] += value
    by_unit = [(*unit, *total) for unit, total in totals.items()]
    return by_field, by_unit


def sqlite_milli(values: list[Any]) -> Floats:
    """SQLite's ``round(x * 1000)`` of each value: half away from zero (NULL: NaN)."""
    scaled = np.array(values, dtype=float) * 1000.0
    return np.trunc(scaled + np.where(scaled < 0, -0.5, 0.5))


_THOUSANDTH = Decimal("0.001")


def numeric_milli(values: list[Any]) -> Floats:
    """PostgreSQL's ``round(x * 1000)`` of each value as ``NUMERIC(10, 3)`` stores it (its
    text rounded half away from zero to three decimals; NULL: NaN)."""
    exact = {
        value: np.nan
        if value is None
        else float(Decimal(repr(value)).quantize(_THOUSANDTH, ROUND_HALF_UP) * 1000)
        for value in set(values)
    }
    return np.fromiter(map(exact.__getitem__, values), float, len(values))


MILLI: dict[str, Callable[[list[Any]], Floats]] = {
    "sqlite": sqlite_milli,
    "postgresql": numeric_milli,
}
"""How each backend turns stored points into integer thousandths (the backends summed here)."""


def _measures(
    columns: Columns,
    ids: np.ndarray[Any, Any],
    size: int,
    milli: Callable[[list[Any]], Floats],
) -> list[list[int]]:
    """The sum of every measure per id, in :data:`SUMMARY_MEASURES` order."""
    n = len(ids)

    def column(name: str) -> list[Any]:
        return columns[name]

    def flags(name: str) -> Flags:
        return np.fromiter(column(name), bool, n)

    def points(name: str) -> Floats:
        return np.array(column(name), dtype=float)  # NULL -> NaN

    def by_value(name: str, tested: dict[Any, bool]) -> Flags:
        """Each row's value looked up in ``tested`` (computed once per distinct value)."""
        return np.fromiter(map(tested.__getitem__, column(name)), bool, n)

    applicable = flags("applicable")
    methods = set(column("method"))
    own = applicable & by_value("method", {method: method == "self" for method in methods})
    m_max, m_self, m_appraised = (
        milli(column(name)) for name in ("max_points", "self_score", "appraised_score")
    )
    has_self, has_appraised = ~np.isnan(m_self), ~np.isnan(m_appraised)
    both = own & has_self & has_appraised
    stored_self = points("self_score") if milli is sqlite_milli else m_self  # as stored
    positive = applicable & has_self & (np.nan_to_num(stored_self) > 0)
    evidence = points("evidence_count")
    no_evidence = np.isnan(evidence) | (evidence == 0)
    required = flags("evidence_required")
    texts = set(column("explanation"))
    explained = by_value("explanation", {t: t is not None and t.strip(" ") != "" for t in texts})

    def total(where: Flags, values: Floats) -> list[int]:
        summed = np.bincount(ids, weights=np.where(where, values, 0.0), minlength=size)
        return [int(value) for value in summed.tolist()]

    def count(where: Flags) -> list[int]:
        return [int(value) for value in np.bincount(ids[where], minlength=size).tolist()]

    measures = {
        "max_all_milli": total(applicable, m_max),
        "max_self_milli": total(own, m_max),
        "appraised_all_milli": total(applicable & has_appraised, m_appraised),
        "appraised_self_milli": total(own & has_appraised, m_appraised),
        "self_milli": total(own & has_self, m_self),
        "gap_milli": total(both, m_self - m_appraised),
        "n_leaves": count(applicable),
        "n_self_leaves": count(own),
        "n_self_scored": count(own & has_self),
        "n_appraised": count(applicable & has_appraised),
        "n_appraised_self": count(own & has_appraised),
        "n_both": count(both),
        "n_evidence_required": count(own & required),
        "n_missing_evidence": count(positive & required & no_evidence),
        "n_self_positive": count(positive),
        "n_missing_explanation": count(positive & ~explained),
        "n_explained": count(applicable & explained),
    }
    assert tuple(measures) == SUMMARY_MEASURES
    return list(measures.values())
