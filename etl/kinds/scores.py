"""The long scores file: one row per (year, round, unit, criterion) — also the SQL pull.

Rows must name a known unit and a criterion of its group's framework for that year.
Rows of parent criteria are subtotals: checked against their leaves, never stored.
A file may carry some leaves of a unit's round: those are updated, the others kept.
"""

from __future__ import annotations

from typing import Any

from etl.columns import Layout, Table
from etl.errors import ProblemLog
from etl.kinds.base import (
    Framework,
    Kind,
    Plan,
    Reference,
    complete_rows,
    duplicate,
    known_unit,
    unit_plan,
)
from etl.kinds.fastscores import parse_fast
from etl.kinds.scoring import SCORE_KEYS, Subtotal, check_subtotals, leaf_record, write_scores

LAYOUT = Layout(
    "scores",
    required=("year", "round", "unit_code", "criterion_code", "self_score", "appraised_score"),
    optional=("evidence_count", "evidence_documents", "explanation", "appraisal_note"),
    signature=frozenset({"unit_code", "self_score", "appraised_score"}),
)
_KEY_COLUMNS = ("year", "round", "unit_code", "criterion_code")
# The header row as the scoring software writes it (no ``Tài liệu kiểm chứng`` list).
HEADERS = LAYOUT.headers(
    *_KEY_COLUMNS, *SCORE_KEYS, "evidence_count", "explanation", "appraisal_note"
)


def parse(table: Table, ref: Reference, log: ProblemLog) -> Plan:
    """A clean file is read a column at a time (``etl.kinds.fastscores``); any other file
    row by row, every problem logged where it is."""
    plan = parse_fast(table, ref)
    return plan if plan is not None else parse_rows(table, ref, log)


def parse_rows(table: Table, ref: Reference, log: ProblemLog) -> Plan:
    records: list[dict[str, Any]] = []
    subtotals: list[Subtotal] = []
    seen: dict[Any, int] = {}
    no_framework: set[tuple[int, str]] = set()
    frameworks: dict[tuple[int, int, str], Framework] = {}
    for row in complete_rows(table, log, _KEY_COLUMNS):
        v = row.values
        year, round_ = v["year"], v["round"]
        unit = known_unit(table, log, row, ref)
        if unit is None:
            continue
        framework = ref.framework(year, unit.group_code)
        if framework is None:
            if (year, unit.group_code) not in no_framework:
                no_framework.add((year, unit.group_code))
                table.problem(
                    log,
                    row,
                    "year",
                    f"Chưa có bộ tiêu chí năm {year} của nhóm '{unit.group_code}'; hãy nạp tệp"
                    " bộ tiêu chí trước",
                    f"no framework for {year}, group '{unit.group_code}'; load it first",
                )
            continue
        code = str(v["criterion_code"])
        info = framework.criteria.get(code)
        if info is None:
            table.problem(
                log,
                row,
                "criterion_code",
                f"Mã tiêu chí không có trong bộ tiêu chí năm {year} nhóm '{unit.group_code}'",
                f"unknown criterion code for {year}, group '{unit.group_code}'",
            )
            continue
        key = (year, round_, unit.code)
        frameworks[key] = framework
        if duplicate(table, log, row, (key, code), seen, "criterion_code"):
            continue
        if info.is_leaf:
            records.append(leaf_record(table, log, row, key, unit.group_code, info))
        else:
            subtotals.append(Subtotal(row, key, code, framework))
    check_subtotals(table, log, subtotals, records)
    return unit_plan(records, frameworks)


KIND = Kind("scores", "Bảng điểm", LAYOUT, 3, parse, write_scores)
