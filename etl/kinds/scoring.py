"""Score rows shared by the long scores file, the unit workbook and the SQL pull.

``leaf_record`` validates one leaf row into a ``score_fact`` record; ``check_subtotals``
compares parent rows with the sum of their leaves; ``write_scores`` updates the leaves a
file carries and keeps the rest, in the file's transaction (``etl.kinds.merge``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from etl.cells import NOT_APPLICABLE, Score
from etl.columns import Row, Table
from etl.errors import ProblemLog, num_en, num_vi
from etl.kinds.base import TOLERANCE, CriterionInfo, Framework, Plan
from etl.kinds.merge import merge_scores

SCORE_KEYS = ("self_score", "appraised_score")

UnitKey = tuple[int, int, str]  # (year, round, unit_code)


@dataclass(frozen=True)
class Subtotal:
    """A parent row: checked against its leaves, never stored."""

    row: Row
    key: UnitKey
    code: str
    framework: Framework


def _check_range(
    table: Table, log: ProblemLog, row: Row, column: str, value: Score, info: CriterionInfo
) -> None:
    if not isinstance(value, float):
        return
    if value < 0:
        table.problem(log, row, column, "Điểm không được âm", "a score cannot be negative")
    elif value > info.max_points + 1e-9:
        table.problem(
            log,
            row,
            column,
            f"Điểm vượt điểm tối đa {num_vi(info.max_points)}",
            f"score above the maximum {num_en(info.max_points)}",
        )


def leaf_record(
    table: Table, log: ProblemLog, row: Row, key: UnitKey, group_code: str, info: CriterionInfo
) -> dict[str, Any]:
    """The ``score_fact`` record of a leaf row; range and method problems are logged."""
    values = row.values
    self_score: Score = values.get("self_score")
    appraised: Score = values.get("appraised_score")
    for column, value in (("self_score", self_score), ("appraised_score", appraised)):
        _check_range(table, log, row, column, value, info)
    if info.method == "survey" and isinstance(self_score, float):
        table.problem(
            log,
            row,
            "self_score",
            "Tiêu chí chấm bằng điều tra xã hội học không có điểm tự chấm",
            "a survey criterion has no self score",
        )
    applicable = self_score is not NOT_APPLICABLE and appraised is not NOT_APPLICABLE
    return {
        "year": key[0],
        "round": key[1],
        "unit_code": key[2],
        "criterion_code": info.code,
        "group_code": group_code,
        "field_code": info.field_code,
        "method": info.method,
        "evidence_required": info.evidence_required,
        "max_points": info.max_points,
        "applicable": applicable,
        "self_score": self_score if isinstance(self_score, float) else None,
        "appraised_score": appraised if isinstance(appraised, float) else None,
        "evidence_count": _first_given(values, "evidence_count", "evidence_documents"),
        "explanation": values.get("explanation"),
        "appraisal_note": values.get("appraisal_note"),
    }


def _first_given(values: dict[str, Any], *keys: str) -> Any:
    """The first of ``keys`` with a value in the row (``None`` when all are blank)."""
    return next((values[k] for k in keys if values.get(k) is not None), None)


def leaf_sums(records: list[dict[str, Any]]) -> dict[tuple[UnitKey, str], tuple[float, float]]:
    """(unit key, leaf code) -> (self, appraised) with blanks and not-applicable as 0."""
    return {
        ((r["year"], r["round"], r["unit_code"]), r["criterion_code"]): (
            r["self_score"] or 0.0,
            r["appraised_score"] or 0.0,
        )
        for r in records
    }


def check_subtotals(
    table: Table, log: ProblemLog, subtotals: list[Subtotal], records: list[dict[str, Any]]
) -> None:
    """Each non-blank parent score must equal the sum of its leaves' scores in the file."""
    if not subtotals:
        return
    sums = leaf_sums(records)
    for sub in subtotals:
        leaves = sub.framework.leaves_under[sub.code]
        for index, column in enumerate(SCORE_KEYS):
            given = sub.row.values.get(column)
            if not isinstance(given, float):
                continue
            total = sum(sums.get((sub.key, leaf), (0.0, 0.0))[index] for leaf in leaves)
            if abs(given - total) > TOLERANCE:
                table.problem(
                    log,
                    sub.row,
                    column,
                    f"Tổng điểm các tiêu chí con là {num_vi(total)}, khác với {num_vi(given)}",
                    f"the sub-criteria add up to {num_en(total)}, not {num_en(given)}",
                )


def write_scores(conn: Connection, plan: Plan, batch_id: int) -> set[int]:
    """Update the leaves ``plan`` carries, keep the others (``etl.kinds.merge``)."""
    return merge_scores(conn, plan, batch_id)
