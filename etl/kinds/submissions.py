"""The submissions file: who sent their round's results, when, with a report, approved."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from etl.columns import Layout, Table
from etl.errors import ProblemLog
from etl.kinds.base import Kind, Plan, Reference, complete_rows, duplicate, known_unit, unit_plan
from etl.kinds.writing import replace_unit_rows
from etl.schema import submission

LAYOUT = Layout(
    "submissions",
    required=("year", "round", "unit_code", "sent_at"),
    optional=("report_attached", "approved"),
    signature=frozenset({"sent_at", "report_attached", "approved"}),
)
HEADERS = LAYOUT.headers()  # the Vietnamese header row (``data/``, the demo, the README)


def parse(table: Table, ref: Reference, log: ProblemLog) -> Plan:
    records: list[dict[str, Any]] = []
    seen: dict[Any, int] = {}
    for row in complete_rows(table, log, ("year", "round", "unit_code")):
        v = row.values
        unit = known_unit(table, log, row, ref)
        if unit is None:
            continue
        code = unit.code
        if duplicate(table, log, row, (v["year"], v["round"], code), seen, "unit_code"):
            continue
        records.append(
            {
                "year": v["year"],
                "round": v["round"],
                "unit_code": code,
                "sent_at": v["sent_at"],
                "report_attached": bool(v.get("report_attached")),
                "approved": bool(v.get("approved")),
            }
        )
    return unit_plan(records)


def write(conn: Connection, plan: Plan, batch_id: int) -> set[int]:
    """Replace each (year, round, unit)'s submission; the batches it overwrote."""
    return replace_unit_rows(conn, submission, plan.records, batch_id)


KIND = Kind("submissions", "Tình hình gửi kết quả", LAYOUT, 4, parse, write)
