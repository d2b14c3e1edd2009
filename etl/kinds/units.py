"""The units file: ``Mã đơn vị, Tên đơn vị, Nhóm, Tỉnh`` — upserted by code."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from etl.columns import Layout, Table
from etl.errors import ProblemLog
from etl.kinds.base import Kind, Plan, Reference, complete_rows, duplicate
from etl.kinds.writing import upsert
from etl.schema import unit

LAYOUT = Layout(
    "units",
    required=("unit_code", "unit_name", "group", "province"),
    optional=(),
    signature=frozenset({"unit_name", "province"}),
)
HEADERS = LAYOUT.headers()  # the Vietnamese header row (``data/``, the demo, the README)


def parse(table: Table, ref: Reference, log: ProblemLog) -> Plan:
    records: list[dict[str, Any]] = []
    seen: dict[Any, int] = {}
    for row in complete_rows(table, log, LAYOUT.required):
        v = row.values
        code = str(v["unit_code"])
        if duplicate(table, log, row, (code,), seen, "unit_code"):
            continue
        known = ref.units.get(code)
        if known and known.group_code != v["group"] and code in ref.units_with_scores:
            table.problem(
                log,
                row,
                "group",
                f"Đơn vị đã có điểm trong nhóm '{known.group_code}'; không thể đổi nhóm",
                f"the unit already has scores in group '{known.group_code}'; its group cannot"
                " change",
            )
            continue
        records.append(
            {
                "code": code,
                "name": v["unit_name"],
                "group_code": v["group"],
                "province": v["province"],
            }
        )
    return Plan(rows=len(records), records=records)


def write(conn: Connection, plan: Plan, batch_id: int) -> set[int]:
    upsert(conn, unit, plan.records)
    return set()


KIND = Kind("units", "Danh sách đơn vị", LAYOUT, 0, parse, write)
