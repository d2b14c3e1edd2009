"""The framework file: the criteria tree of each (year, group) it holds.

Each criterion names its parent; the tree gives every criterion its field (top ancestor),
level and leaf flag, and its order is the file's.  A parent's maximum must be the sum of
its children's.  A framework already in the warehouse is replaced only when no stored
score uses a leaf the new one drops or changes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from etl.columns import Layout, Row, Table
from etl.errors import ProblemLog, num_en, num_vi
from etl.kinds.base import TOLERANCE, Kind, Plan, Reference, complete_rows, duplicate
from etl.schema import criterion, score_fact
from etl.text import header_key

LAYOUT = Layout(
    "framework",
    required=(
        "year",
        "group",
        "criterion_code",
        "parent_code",
        "name",
        "max_points",
        "evidence_required",
        "method",
    ),
    optional=(),
    signature=frozenset({"parent_code", "method", "evidence_required"}),
)
HEADERS = LAYOUT.headers()  # the Vietnamese header row (``data/``, the demo, the README)
# The cells a row must fill (a root has no parent; evidence and method may be left blank).
_REQUIRED = ("year", "group", "criterion_code", "name", "max_points")
_METHODS = {
    "self": "self",
    "tucham": "self",
    "tudanhgia": "self",
    "thamdinh": "self",
    "survey": "survey",
    "dieutra": "survey",
    "dieutraxahoihoc": "survey",
    "khaosat": "survey",
}


@dataclass
class Node:
    row: Row
    code: str
    parent: str | None
    name: str
    max_points: float
    evidence_required: bool
    method: str | None


def parse(table: Table, ref: Reference, log: ProblemLog) -> Plan:
    trees: dict[tuple[int, str], dict[str, Node]] = defaultdict(dict)
    seen: dict[Any, int] = {}
    for row in complete_rows(table, log, _REQUIRED):
        node_key = _read_node(table, log, row, seen)
        if node_key is not None:
            key, node = node_key
            trees[key][node.code] = node
    records: list[dict[str, Any]] = []
    for (year, group), nodes in trees.items():
        tree = _build(table, log, nodes)
        if tree is None:
            continue
        _check_replaceable(table, log, ref, year, group, tree)
        records.extend({"year": year, "group_code": group, **r} for r in tree)
    return Plan(rows=len(records), records=records)


def _read_node(
    table: Table, log: ProblemLog, row: Row, seen: dict[Any, int]
) -> tuple[tuple[int, str], Node] | None:
    v = row.values
    year, group, code = v["year"], v["group"], v["criterion_code"]
    if duplicate(table, log, row, (year, group, code), seen, "criterion_code"):
        return None
    max_points = v["max_points"]
    if max_points < 0:
        table.problem(
            log, row, "max_points", "Điểm tối đa không được âm", "a maximum cannot be negative"
        )
        return None
    method = None
    if v["method"] is not None:
        method = _METHODS.get(header_key(v["method"]))
        if method is None:
            table.problem(
                log,
                row,
                "method",
                "Phương thức phải là 'self' (tự chấm, thẩm định) hoặc 'survey' (điều tra xã hội"
                " học)",
                "the method must be 'self' (self-scored, then appraised) or 'survey'",
            )
            return None
    parent = v["parent_code"]
    node = Node(
        row,
        code,
        str(parent) if parent is not None else None,
        str(v["name"]),
        max_points,
        bool(v["evidence_required"]),
        method,
    )
    return (year, group), node


def _build(table: Table, log: ProblemLog, nodes: dict[str, Node]) -> list[dict[str, Any]] | None:
    """The criterion records of one tree, or None when its structure is wrong (logged)."""
    children: dict[str, list[Node]] = defaultdict(list)
    broken = False
    for node in nodes.values():
        if node.parent is None:
            continue
        if node.parent not in nodes:
            table.problem(
                log,
                node.row,
                "parent_code",
                "Mã cha không có trong bộ tiêu chí",
                "unknown parent code",
            )
            broken = True
        else:
            children[node.parent].append(node)
    roots: dict[str, tuple[str, int]] = {}  # code -> (field code, level)
    for node in nodes.values():
        chain = _ancestors(node, nodes)
        if chain is None:
            table.problem(
                log,
                node.row,
                "parent_code",
                "Quan hệ cha-con tạo thành vòng lặp",
                "the parent links form a cycle",
            )
            broken = True
        elif chain:
            roots[node.code] = (chain[-1], len(chain))
    if broken:
        return None
    for code, kids in children.items():
        parent = nodes[code]
        total = sum(k.max_points for k in kids)
        if abs(parent.max_points - total) > TOLERANCE:
            table.problem(
                log,
                parent.row,
                "max_points",
                f"Điểm tối đa khác tổng của các tiêu chí con ({num_vi(total)})",
                f"the maximum differs from the sum of its children ({num_en(total)})",
            )
            broken = True
    for node in nodes.values():
        if node.code not in children and node.method is None:
            table.problem(
                log, node.row, "method", "Ô bắt buộc bị để trống", "required cell is empty"
            )
            broken = True
    if broken:
        return None
    return [_record(node, roots[node.code], children, nodes) for node in nodes.values()]


def _ancestors(node: Node, nodes: dict[str, Node]) -> list[str] | None:
    """The codes from ``node`` up to its root (inclusive); None on a cycle or a broken link."""
    chain = [node.code]
    current = node
    while current.parent is not None:
        if current.parent in chain:
            return None
        if current.parent not in nodes:
            return []
        current = nodes[current.parent]
        chain.append(current.code)
    return chain


def _record(
    node: Node, root: tuple[str, int], children: dict[str, list[Node]], nodes: dict[str, Node]
) -> dict[str, Any]:
    return {
        "code": node.code,
        "parent_code": node.parent,
        "field_code": root[0],
        "level": root[1],
        "is_leaf": node.code not in children,
        "sort_key": node.row.number,
        "name": node.name,
        "max_points": node.max_points,
        "evidence_required": node.evidence_required,
        "method": node.method or _derived_method(node, children),
    }


def _derived_method(node: Node, children: dict[str, list[Node]]) -> str:
    """A parent without a method: ``survey`` when every child is, else ``self``."""
    kids = children.get(node.code, [])
    if kids and all((k.method or _derived_method(k, children)) == "survey" for k in kids):
        return "survey"
    return "self"


def _check_replaceable(
    table: Table, log: ProblemLog, ref: Reference, year: int, group: str, tree: list[dict[str, Any]]
) -> None:
    """Stored scores of (year, group) must all fall on unchanged leaves of the new tree."""
    leaves = {
        r["code"]: (
            r["field_code"],
            round(r["max_points"], 3),
            r["method"],
            bool(r["evidence_required"]),
        )
        for r in tree
        if r["is_leaf"]
    }
    f = score_fact.c
    used = ref.conn.execute(
        sa.select(f.criterion_code, f.field_code, f.max_points, f.method, f.evidence_required)
        .distinct()
        .where(f.year == year, f.group_code == group)
    ).all()
    changed = sorted(
        {
            r.criterion_code
            for r in used
            if leaves.get(r.criterion_code)
            != (r.field_code, round(float(r.max_points), 3), r.method, bool(r.evidence_required))
        }
    )
    if changed:
        shown = ", ".join(changed[:10]) + (" …" if len(changed) > 10 else "")
        log.add(
            f"Bộ tiêu chí năm {year} nhóm '{group}' đã có điểm được nạp; bộ mới bỏ hoặc thay"
            f" đổi các tiêu chí đã có điểm ({shown}) nên không thể thay thế",
            f"the {year} framework of group '{group}' already has scores; the new one drops"
            f" or changes scored criteria ({shown}), so it cannot replace it",
            sheet=table.sheet_name,
        )


def write(conn: Connection, plan: Plan, batch_id: int) -> set[int]:
    """Replace the criteria of every (year, group) in the plan."""
    c = criterion.c
    pairs = {(r["year"], r["group_code"]) for r in plan.records}
    conn.execute(
        criterion.delete().where(c.year == sa.bindparam("y"), c.group_code == sa.bindparam("g")),
        [{"y": y, "g": g} for y, g in pairs],
    )
    conn.execute(criterion.insert(), plan.records)
    return set()


KIND = Kind("framework", "Bộ tiêu chí", LAYOUT, 1, parse, write)
