"""Hand-made warehouses for the query and CLI tests, inserted with SQLAlchemy Core.

The ETL is tested on its own; here the rows are written directly so the expected numbers can be
computed by hand.  :func:`build_scenario` is the shared scenario; its numbers are spelled out in
tests/test_queries.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, insert

from etl.schema import assessment_round, criterion, load_batch, score_fact, submission, unit

NA = "NA"  # a leaf marked "Không áp dụng"


@dataclass(frozen=True)
class Node:
    code: str
    parent: str | None
    max_points: float
    evidence: bool = False
    method: str = "self"
    name: str = ""


@dataclass(frozen=True)
class Leaf:
    """One scored leaf: ``self`` / ``appraised`` None = not scored yet."""

    self: float | None
    appraised: float | None
    evidence: int | None = 1
    explanation: str | None = "Có giải trình"
    note: str | None = None


class WarehouseBuilder:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.frameworks: dict[tuple[int, str], dict[str, dict[str, Any]]] = {}
        self.groups: dict[str, str] = {}

    def _batch(self, kind: str) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(load_batch).values(
                    file_name=f"{kind}.csv", sha256="0" * 64, kind=kind, rows=1,
                    status="loaded", loaded_at=datetime(2024, 1, 1),
                )
            )  # fmt: skip
            return int(result.inserted_primary_key[0])

    def units(self, rows: list[tuple[str, str, str]], province: str = "Sóc Trăng") -> None:
        self._batch("units")
        with self.engine.begin() as conn:
            for code, name, group in rows:
                self.groups[code] = group
                conn.execute(
                    insert(unit).values(code=code, name=name, group_code=group, province=province)
                )

    def framework(self, year: int, group: str, nodes: list[Node]) -> None:
        self._batch("framework")
        self.known_framework(year, group, nodes)
        with self.engine.begin() as conn:
            conn.execute(insert(criterion), list(self.frameworks[(year, group)].values()))

    def known_framework(self, year: int, group: str, nodes: list[Node]) -> None:
        """Remember a framework already in the warehouse (to add scores against it)."""
        parents = {n.code: n.parent for n in nodes}
        has_children = {n.parent for n in nodes if n.parent}
        rows: dict[str, dict[str, Any]] = {}
        for order, node in enumerate(nodes):
            level, field, current = 1, node.code, node.parent
            while current:
                level += 1
                field = current
                current = parents[current]
            rows[node.code] = dict(
                year=year, group_code=group, code=node.code, parent_code=node.parent,
                field_code=field, level=level, is_leaf=node.code not in has_children,
                sort_key=order, name=node.name or f"Tiêu chí {node.code}",
                max_points=node.max_points, evidence_required=node.evidence, method=node.method,
            )  # fmt: skip
        self.frameworks[(year, group)] = rows

    def scores(
        self, year: int, round: int, unit_code: str, leaves: Mapping[str, Leaf | str]
    ) -> None:
        batch = self._batch("scores")
        tree = self.frameworks[(year, self.groups[unit_code])]
        rows = []
        for code, leaf in leaves.items():
            node = tree[code]
            assert node["is_leaf"], code
            base = dict(
                year=year, round=round, unit_code=unit_code, criterion_code=code,
                group_code=node["group_code"], field_code=node["field_code"],
                method=node["method"], evidence_required=node["evidence_required"],
                max_points=node["max_points"], batch_id=batch,
            )  # fmt: skip
            if leaf == NA:
                rows.append({**base, "applicable": False, "self_score": None,
                             "appraised_score": None, "evidence_count": None,
                             "explanation": None, "appraisal_note": None})  # fmt: skip
            else:
                assert isinstance(leaf, Leaf)
                scored = {"applicable": True, "self_score": leaf.self,
                          "appraised_score": leaf.appraised, "evidence_count": leaf.evidence,
                          "explanation": leaf.explanation, "appraisal_note": leaf.note}  # fmt: skip
                rows.append({**base, **scored})
        with self.engine.begin() as conn:
            conn.execute(insert(score_fact), rows)

    def round(self, year: int, round: int, opens: datetime | None, locks: datetime | None) -> None:
        self._batch("rounds")
        with self.engine.begin() as conn:
            conn.execute(
                insert(assessment_round).values(year=year, round=round, opens_at=opens,
                                                locks_at=locks)
            )  # fmt: skip

    def submission(
        self, year: int, round: int, unit_code: str, sent_at: datetime | None,
        report: bool, approved: bool,
    ) -> None:  # fmt: skip
        batch = self._batch("submissions")
        with self.engine.begin() as conn:
            conn.execute(
                insert(submission).values(
                    year=year, round=round, unit_code=unit_code, sent_at=sent_at,
                    report_attached=report, approved=approved, batch_id=batch,
                )
            )  # fmt: skip


# --- the shared scenario --------------------------------------------------------------------

SO_NGANH = [
    Node("1", None, 20, name="Công tác chỉ đạo, điều hành CCHC"),
    Node("1.1", "1", 10, name="Kế hoạch CCHC năm"),
    Node("1.1.1", "1.1", 4, evidence=True, name="Ban hành kịp thời"),
    Node("1.1.2", "1.1", 6, name="Mức độ hoàn thành"),
    Node("1.2", "1", 10, evidence=True, name="Báo cáo CCHC định kỳ"),
    Node("2", None, 50, name="Cải cách thủ tục hành chính"),
    Node("2.1", "2", 50, name="Công khai TTHC"),
    Node("2.1.1", "2.1", 16, name="Một cửa liên thông"),
    Node("2.1.2", "2.1", 34, evidence=True, name="Tỷ lệ hồ sơ đúng hạn"),
    Node("8", None, 30, method="survey", name="Tác động của CCHC"),
    Node("8.1", "8", 30, method="survey", name="Mức độ hài lòng (SIPAS)"),
]
HUYEN = [
    Node("H1", None, 60, name="Chỉ đạo điều hành"),
    Node("H1.1", "H1", 30, evidence=True, name="Kế hoạch"),
    Node("H1.2", "H1", 30, name="Báo cáo"),
    Node("H8", None, 20, method="survey", name="Khảo sát"),
    Node("H8.1", "H8", 20, method="survey", name="Hài lòng"),
]

UNITS = [
    ("T", "Sở Tư pháp", "so_nganh"),
    ("B", "Sở Nội vụ", "so_nganh"),
    ("D", "Sở Ngoại vụ", "so_nganh"),
    ("E", "Sở Y tế", "so_nganh"),
    ("A", "Ban Dân tộc", "so_nganh"),
    ("X", "Huyện Kế Sách", "huyen"),
    ("Y", "Thị xã Vĩnh Châu", "huyen"),
    ("P", "Tỉnh Sóc Trăng", "tinh"),
]

L = Leaf
LEAVES = ("1.1.1", "1.1.2", "1.2", "2.1.1", "2.1.2", "8.1")

# 2023 round 1, (self, appraised) per leaf; the survey leaf carries its points as appraised.
SO_NGANH_2023_R1: dict[str, dict[str, Leaf | str]] = {
    # appraised 91.425 / 100 -> 91.425 -> "91,43" (half-up); self 70 / 70
    "T": {"1.1.1": L(4, 4), "1.1.2": L(6, 6), "1.2": L(10, 9.5), "2.1.1": L(16, 15.925),
          "2.1.2": L(34, 30), "8.1": L(None, 26)},
    # appraised 90 / 100
    "B": {"1.1.1": L(4, 4), "1.1.2": L(6, 6), "1.2": L(10, 10), "2.1.1": L(16, 14),
          "2.1.2": L(34, 30), "8.1": L(None, 26)},
    # 2.1.1 not applicable: appraised 75.6 / 84 = exactly 90 (ties B)
    "D": {"1.1.1": L(4, 4), "1.1.2": L(6, 4.5), "1.2": L(10, 10), "2.1.1": NA,
          "2.1.2": L(34, 31.1), "8.1": L(None, 26)},
    # appraised 85 / 100
    "E": {"1.1.1": L(4, 3), "1.1.2": L(6, 6), "1.2": L(10, 9), "2.1.1": L(16, 16),
          "2.1.2": L(34, 27), "8.1": L(None, 24)},
    # Ban Dân tộc: 68.32 / 84 = 81.333… -> "81,33"; evidence missing on 1.1.1 (0) and 1.2 (NULL)
    "A": {"1.1.1": L(4, 3, evidence=0, explanation="Đã ban hành kế hoạch"),
          "1.1.2": L(6, 5.5, explanation=None), "1.2": L(10, 8, evidence=None, explanation=""),
          "2.1.1": NA, "2.1.2": L(30, 26.82, evidence=2, explanation="  ",
                                  note="Thiếu số liệu quý IV"),
          "8.1": L(None, 25)},
}  # fmt: skip
HUYEN_2023_R1: dict[str, dict[str, Leaf | str]] = {
    "X": {"H1.1": L(28, 25), "H1.2": L(30, 27), "H8.1": L(None, 15)},  # 67 / 80 = 83.75
    "Y": {"H1.1": L(29, 27), "H1.2": L(30, 29), "H8.1": L(None, 16)},  # 72 / 80 = 90
}


def _scaled(ratio: float, na: tuple[str, ...] = ()) -> dict[str, Leaf | str]:
    maxima = {n.code: n.max_points for n in SO_NGANH}
    out: dict[str, Leaf | str] = {}
    for code in LEAVES:
        if code in na:
            out[code] = NA
        elif code == "8.1":
            out[code] = L(None, round(maxima[code] * ratio, 3))
        else:
            out[code] = L(maxima[code], round(maxima[code] * ratio, 3))
    return out


def build_scenario(engine: Engine) -> WarehouseBuilder:
    """Two groups, survey leaves, a not-applicable leaf, an exact tie, an unappraised round.

    * 2022 round 1 (so_nganh only, D absent): A 95 %, E 90 %, B 85 %, T 80 % of every leaf.
    * 2023 round 1: SO_NGANH_2023_R1 and HUYEN_2023_R1.
    * 2023 round 2: as round 1, except A's 2.1.2 appraised 33 (A: 74.5 / 84 = 88.69).
    * 2024 round 1: self scores only (not appraised); T leaves 2.1.2 blank.
    """
    b = WarehouseBuilder(engine)
    b.units(UNITS)
    for year in (2022, 2023, 2024):
        b.framework(year, "so_nganh", SO_NGANH)
    b.framework(2023, "huyen", HUYEN)
    for code, ratio in (("A", 0.95), ("E", 0.9), ("B", 0.85), ("T", 0.8)):
        b.scores(2022, 1, code, _scaled(ratio, na=("2.1.1",) if code == "A" else ()))
    for code, leaves in {**SO_NGANH_2023_R1, **HUYEN_2023_R1}.items():
        b.scores(2023, 1, code, leaves)
        if code == "A":
            leaves = {**leaves, "2.1.2": L(30, 33, evidence=2, explanation="Bổ sung")}
        b.scores(2023, 2, code, leaves)
    for code in ("T", "A"):
        self_only: dict[str, Leaf | str] = {
            leaf: (NA if v == NA else L(None if code == "T" and leaf == "2.1.2" else
                                        (v.self if isinstance(v, Leaf) else None), None))
            for leaf, v in SO_NGANH_2023_R1[code].items()
        }  # fmt: skip
        b.scores(2024, 1, code, self_only)
    b.round(2023, 1, datetime(2023, 10, 2, 7, 30), datetime(2023, 10, 20, 17, 0))
    b.round(2023, 2, datetime(2023, 11, 28, 7, 30), datetime(2023, 12, 4, 17, 0))
    b.submission(2023, 2, "T", datetime(2023, 12, 1, 10, 0), report=True, approved=True)
    b.submission(2023, 2, "B", datetime(2023, 12, 5, 8, 0), report=True, approved=False)
    b.submission(2023, 2, "E", None, report=False, approved=False)
    return b
