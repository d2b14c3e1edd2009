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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from etl.kinds.base import Framework, Plan
from etl.kinds.writing import bulk_insert
from etl.schema import score_fact, score_history
from etl.summary import refresh_summary

UnitKey = tuple[int, int, str]  # (year, round, unit_code)
LeafKey = tuple[int, int, str, str]  # (year, round, unit_code, criterion_code)
COMPARED = ("self_score", "appraised_score")
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


def _changes(key: LeafKey, old: _Stored, new: dict[str, Any]) -> Iterator[ScoreChange]:
    for column in COMPARED:
        before = _value(bool(old.row["applicable"]), old.row[column])
        after = _value(new["applicable"], new[column])
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


def _missing_leaves(
    plan: Plan, carried: set[LeafKey], stored: dict[LeafKey, _Stored]
) -> Iterator[dict[str, Any]]:
    groups = {(r["year"], r["round"], r["unit_code"]): r["group_code"] for r in plan.records}
    for key, framework in plan.frameworks.items():
        for code, info in framework.criteria.items():
            leaf = (*key, code)
            if info.is_leaf and leaf not in carried and leaf not in stored:
                yield unscored_record(key, groups[key], framework, code)


def _delete_ids(conn: Connection, ids: Iterable[int]) -> None:
    ordered = sorted(ids)
    for start in range(0, len(ordered), DELETE_CHUNK):
        chunk = ordered[start : start + DELETE_CHUNK]
        conn.execute(score_fact.delete().where(score_fact.c.id.in_(chunk)))


def _history(
    rows: list[dict[str, Any]], stored: dict[LeafKey, _Stored], batch_id: int
) -> list[dict[str, Any]]:
    """One ``score_history`` record per row written: the stored row it replaces, or NULL."""
    history = []
    for record in rows:
        leaf = (record["year"], record["round"], record["unit_code"], record["criterion_code"])
        old = stored.get(leaf)
        history.append(
            {
                "batch_id": batch_id,
                "year": leaf[0],
                "round": leaf[1],
                "unit_code": leaf[2],
                "criterion_code": leaf[3],
                "before": None if old is None else row_json(old.row),
            }
        )
    return history


def merge_scores(conn: Connection, plan: Plan, batch_id: int) -> set[int]:
    """Write ``plan``'s leaf rows (stamped ``batch_id``) over the stored ones, fill the leaves
    of its frameworks that have no row, keep each written row's previous state in
    ``score_history``, refresh the summaries; record the changed scores in ``plan.changes``.
    Returns the batches whose rows were overwritten."""
    keys = {(r["year"], r["round"], r["unit_code"]) for r in plan.records}
    stored = _stored_rows(conn, keys) if keys else {}
    carried: set[LeafKey] = set()
    overwritten: list[_Stored] = []
    for record in plan.records:
        leaf = (record["year"], record["round"], record["unit_code"], record["criterion_code"])
        carried.add(leaf)
        old = stored.get(leaf)
        if old is not None:
            overwritten.append(old)
            plan.changes.extend(_changes(leaf, old, record))
    rows = [*plan.records, *_missing_leaves(plan, carried, stored)]
    _delete_ids(conn, (old.id for old in overwritten))
    for record in rows:
        record["batch_id"] = batch_id
    bulk_insert(conn, score_fact, rows)
    bulk_insert(conn, score_history, _history(rows, stored, batch_id))
    refresh_summary(conn, batch_id)
    return {old.batch_id for old in overwritten}
