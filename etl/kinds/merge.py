"""Writing score rows: a file updates the leaves it carries and keeps every other leaf.

No file silently removes scores.  For each (year, round, unit) a file touches:

* a leaf the file carries replaces the stored row of that leaf (its old scores are reported
  as a :class:`ScoreChange` when they differ);
* a leaf the file does not carry keeps its stored row;
* a leaf of the framework that has no row yet gets an unscored one (``NULL`` scores,
  applicable), so the unit's applicable maximum is always the framework's maximum less its
  not-applicable leaves, whether or not the other leaves are scored yet, and a partial file
  shows the unit as "đã thẩm định x/y tiêu chí" instead of complete.

The unit summaries of every touched key are recomputed in the same transaction, and every
row the file writes leaves one ``score_history`` row: the row as it was (JSON of its columns
but ``id``), or NULL when the file inserted it — what ``etl.undo`` restores.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from etl.kinds.base import Framework, Plan
from etl.kinds.fastscores import SCORE_COLUMNS
from etl.kinds.summing import PendingSummary
from etl.kinds.writing import insert_columns, insert_rows
from etl.schema import score_fact, score_history

UnitKey = tuple[int, int, str]  # (year, round, unit_code)
LeafKey = tuple[int, int, str, str]  # (year, round, unit_code, criterion_code)
COMPARED = ("self_score", "appraised_score")
Columns = dict[str, list[Any]]
HISTORY_COLUMNS = ("batch_id", "year", "round", "unit_code", "criterion_code", "before")
DELETE_CHUNK = 5000
_NARROW_UNITS = 500  # up to this many units, the unit index narrows the read of stored rows
ROW_COLUMNS = tuple(c.name for c in score_fact.columns if c.name != "id")
"""The columns a ``score_history.before`` holds: every column of the row but its ``id``."""


@dataclass(frozen=True)
class ScoreChange:
    """A stored score a file changed: ``None`` is "not scored", ``"KAD"`` not applicable."""

    year: int
    round: int
    unit_code: str
    criterion_code: str
    column: str  # "self_score" | "appraised_score"
    old: float | str | None
    new: float | str | None


@dataclass(frozen=True)
class _Stored:
    id: int
    row: dict[str, Any]  # every column but ``id`` (:data:`ROW_COLUMNS`), as stored

    @property
    def batch_id(self) -> int:
        return int(self.row["batch_id"])


def row_json(row: Mapping[str, Any]) -> str:
    """A stored row as ``score_history.before`` keeps it (:data:`ROW_COLUMNS`)."""
    return json.dumps({name: row[name] for name in ROW_COLUMNS}, ensure_ascii=False)


def _value(applicable: bool, score: float | None) -> float | str | None:
    return "KAD" if not applicable else (None if score is None else float(score))


def _stored_rows(conn: Connection, keys: set[UnitKey]) -> dict[LeafKey, _Stored]:
    """The stored leaf rows of ``keys``."""
    c = score_fact.c
    where = [c.year.in_(sorted({k[0] for k in keys})), c.round.in_(sorted({k[1] for k in keys}))]
    units = sorted({k[2] for k in keys})
    if len(units) <= _NARROW_UNITS:
        where.append(c.unit_code.in_(units))
    rows = conn.execute(sa.select(score_fact).where(*where)).mappings()
    return {
        (r["year"], r["round"], r["unit_code"], r["criterion_code"]): _Stored(
            r["id"], {name: r[name] for name in ROW_COLUMNS}
        )
        for r in rows
        if (r["year"], r["round"], r["unit_code"]) in keys
    }


def _changes(key: LeafKey, old: _Stored, new: tuple[bool, Any, Any]) -> Iterator[ScoreChange]:
    """``new``: the written row's (applicable, self_score, appraised_score)."""
    for index, column in enumerate(COMPARED, start=1):
        before = _value(bool(old.row["applicable"]), old.row[column])
        after = _value(new[0], new[index])
        if before != after:
            yield ScoreChange(*key, column, before, after)


def unscored_record(
    key: UnitKey, group_code: str, framework: Framework, code: str
) -> dict[str, Any]:
    """The row of a leaf no file has scored yet: applicable, no scores, no evidence."""
    info = framework.criteria[code]
    return {
        "year": key[0],
        "round": key[1],
        "unit_code": key[2],
        "criterion_code": code,
        "group_code": group_code,
        "field_code": info.field_code,
        "method": info.method,
        "evidence_required": info.evidence_required,
        "max_points": info.max_points,
        "applicable": True,
        "self_score": None,
        "appraised_score": None,
        "evidence_count": None,
        "explanation": None,
        "appraisal_note": None,
    }


def _score_columns(plan: Plan) -> Columns:
    """The plan's leaf rows, column by column (:data:`SCORE_COLUMNS`), in new lists."""
    if plan.score_columns is not None:
        return {name: list(plan.score_columns[name]) for name in SCORE_COLUMNS}
    return {name: [record[name] for record in plan.records] for name in SCORE_COLUMNS}


def _missing_leaves(
    plan: Plan, columns: Columns, carried: set[LeafKey], stored: dict[LeafKey, _Stored]
) -> Iterator[dict[str, Any]]:
    units = list(zip(columns["year"], columns["round"], columns["unit_code"], strict=True))
    groups = dict(zip(units, columns["group_code"], strict=True))
    counts = Counter(units)  # a unit's rows are distinct leaves of its framework
    for key, framework in plan.frameworks.items():
        leaves = framework.leaf_codes
        if counts[key] == len(leaves):
            continue  # the file carries every leaf
        for code in leaves:
            leaf = (*key, code)
            if leaf not in carried and leaf not in stored:
                yield unscored_record(key, groups[key], framework, code)


def _delete_ids(conn: Connection, ids: Iterable[int]) -> None:
    ordered = sorted(ids)
    for start in range(0, len(ordered), DELETE_CHUNK):
        chunk = ordered[start : start + DELETE_CHUNK]
        conn.execute(score_fact.delete().where(score_fact.c.id.in_(chunk)))


def _write_history(
    conn: Connection, leaves: list[LeafKey], stored: dict[LeafKey, _Stored], batch_id: int
) -> None:
    """One ``score_history`` row per row written, in the order written: the stored row it
    replaces (JSON), or NULL.  On SQLite, when nothing is replaced, copied in SQL from the
    rows just written (PostgreSQL takes the rows faster by ``COPY``)."""
    if not stored and conn.dialect.name == "sqlite":
        c = score_fact.c
        rows = sa.select(c.batch_id, c.year, c.round, c.unit_code, c.criterion_code, sa.null())
        query = rows.where(c.batch_id == batch_id).order_by(c.id)
        conn.execute(score_history.insert().from_select(HISTORY_COLUMNS, query))
        return
    before: list[str | None] = [None] * len(leaves)
    if stored:
        for index, leaf in enumerate(leaves):
            old = stored.get(leaf)
            if old is not None:
                before[index] = row_json(old.row)
    history = [(batch_id, *leaf, json) for leaf, json in zip(leaves, before, strict=True)]
    insert_rows(conn, score_history, HISTORY_COLUMNS, history)


def merge_scores(conn: Connection, plan: Plan, batch_id: int) -> set[int]:
    """Write ``plan``'s leaf rows (stamped ``batch_id``) over the stored ones, fill the leaves
    of its frameworks that have no row, keep each written row's previous state in
    ``score_history``, refresh the summaries; record the changed scores in ``plan.changes``.
    Returns the batches whose rows were overwritten."""
    columns = _score_columns(plan)
    year, round_, unit = columns["year"], columns["round"], columns["unit_code"]
    keys = set(zip(year, round_, unit, strict=True))
    stored = _stored_rows(conn, keys) if keys else {}
    leaves: list[LeafKey] = list(zip(year, round_, unit, columns["criterion_code"], strict=True))
    carried = set(leaves)
    overwritten: list[_Stored] = []
    if stored:
        new = zip(columns["applicable"], *(columns[name] for name in COMPARED), strict=True)
        for leaf, scores in zip(leaves, new, strict=True):
            old = stored.get(leaf)
            if old is not None:
                overwritten.append(old)
                plan.changes.extend(_changes(leaf, old, scores))
    for record in list(_missing_leaves(plan, columns, carried, stored)):
        leaves.append(
            (record["year"], record["round"], record["unit_code"], record["criterion_code"])
        )
        for name in SCORE_COLUMNS:
            columns[name].append(record[name])
    columns["batch_id"] = [batch_id] * len(leaves)
    kept = [old.row for leaf, old in stored.items() if leaf not in carried]
    summary = PendingSummary(conn, columns, kept)  # summed while the rows are written
    _delete_ids(conn, (old.id for old in overwritten))
    insert_columns(conn, score_fact, columns)
    _write_history(conn, leaves, stored, batch_id)
    summary.write(conn, batch_id)
    return {old.batch_id for old in overwritten}
