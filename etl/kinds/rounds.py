"""The rounds file: ``Năm, Lần, Bắt đầu, Khóa`` — when each round opens and locks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from etl.columns import Layout, Table
from etl.errors import ProblemLog
from etl.kinds.base import Kind, Plan, Reference, complete_rows, duplicate
from etl.kinds.writing import upsert
from etl.schema import assessment_round

LAYOUT = Layout(
    "rounds",
    required=("year", "round", "opens_at", "locks_at"),
    optional=(),
    signature=frozenset({"opens_at", "locks_at"}),
)
HEADERS = LAYOUT.headers()  # the Vietnamese header row (``data/``, the demo, the README)


def parse(table: Table, ref: Reference, log: ProblemLog) -> Plan:
    records: list[dict[str, Any]] = []
    seen: dict[Any, int] = {}
    for row in complete_rows(table, log, ("year", "round")):
        v = row.values
        if duplicate(table, log, row, (v["year"], v["round"]), seen, "round"):
            continue
        opens, locks = v["opens_at"], v["locks_at"]
        if opens is not None and locks is not None and locks < opens:
            table.problem(
                log,
                row,
                "locks_at",
                "Thời điểm khóa sớm hơn thời điểm bắt đầu",
                "the round locks before it opens",
            )
            continue
        records.append(
            {"year": v["year"], "round": v["round"], "opens_at": opens, "locks_at": locks}
        )
    return Plan(rows=len(records), records=records)


def write(conn: Connection, plan: Plan, batch_id: int) -> set[int]:
    upsert(conn, assessment_round, plan.records)
    return set()


KIND = Kind("rounds", "Lần chấm", LAYOUT, 2, parse, write)
