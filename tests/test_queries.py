"""The query layer on real warehouses (SQLite and PostgreSQL), against hand-computed numbers.

The scenario is tests/warehouse_builder.py's ``build_scenario``; the expected values below were
worked out by hand from its leaf scores.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from contextlib import redirect_stdout
from datetime import datetime
from typing import Any

import pandas as pd
import pytest
from flask_caching.backends import SimpleCache
from sqlalchemy import Engine, event

from dashboard import queries
from dashboard.cli import main
from dashboard.components.grid import records
from tests.warehouse_builder import HUYEN, Leaf, WarehouseBuilder, build_scenario


@pytest.fixture
def warehouse(engine: Engine) -> Engine:
    build_scenario(engine)
    return engine


def _by_unit(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("unit_code")


def test_catalogue(warehouse: Engine) -> None:
    assert queries.years(warehouse) == [2022, 2023, 2024]
    assert queries.rounds_of(warehouse, 2023) == [1, 2]
    assert queries.latest(warehouse) == (2024, 1)
    schedule = queries.rounds(warehouse).set_index(["year", "round"])
    assert schedule.loc[(2023, 2), "locks_at"] == pd.Timestamp("2023-12-04 17:00")
    assert pd.isna(schedule.loc[(2022, 1), "opens_at"])
    groups = queries.groups(warehouse)
    assert groups["group"].tolist() == ["so_nganh", "huyen", "tinh"]
    assert groups["label"].tolist() == ["Sở, ban, ngành tỉnh", "UBND cấp huyện", "Tỉnh, thành phố"]
    assert queries.groups(warehouse, 2024)["group"].tolist() == ["so_nganh"]
    units = queries.units(warehouse, "huyen")
    assert units["unit_name"].tolist() == ["Huyện Kế Sách", "Thị xã Vĩnh Châu"]
    tree = queries.framework(warehouse, 2023, "so_nganh")
    assert tree["code"].tolist()[:3] == ["1", "1.1", "1.1.1"]
    assert queries.fields(warehouse, 2023, "so_nganh")["code"].tolist() == ["1", "2", "8"]
    assert queries.criteria(warehouse, 2023, "so_nganh", "1")["code"].tolist() == ["1.1", "1.2"]


def test_rankings_hand_computed(warehouse: Engine) -> None:
    table = queries.rankings(warehouse, 2023, 1)
    so = table[table["group"] == "so_nganh"]
    assert so["unit_code"].tolist() == ["T", "B", "D", "E", "A"]
    assert so["rank"].tolist() == [1, 2, 2, 4, 5]  # B 90/100 and D 75.6/84 tie exactly
    assert so["index"].tolist() == [91.43, 90.0, 90.0, 85.0, 81.33]
    a = _by_unit(table).loc["A"]
    assert (a["points"], a["max_points"], a["band"]) == (68.32, 84.0, "B")
    assert a["unit_name"] == "Ban Dân tộc"
    assert a["completeness"] == 1.0
    assert _by_unit(table).loc["T", "index_exact"] == pytest.approx(91.425)
    huyen = table[table["group"] == "huyen"]
    assert huyen[["unit_code", "rank", "index"]].values.tolist() == [
        ["Y", 1, 90.0],
        ["X", 2, 83.75],
    ]
    # vs 2022 round 1 (A 1, E 2, B 3, T 4; D absent)
    assert _by_unit(table)["rank_change_year"].to_dict() == {
        "T": 3, "B": 1, "D": None, "E": -2, "A": -4, "Y": None, "X": None,
    }  # fmt: skip


def test_rank_change_against_the_previous_round(warehouse: Engine) -> None:
    table = _by_unit(queries.rankings(warehouse, 2023, 2, "so_nganh"))
    assert table.loc["A", "index"] == 88.69  # 74.5 / 84
    assert table["rank"].to_dict() == {"T": 1, "B": 2, "D": 2, "A": 4, "E": 5}
    assert table.loc["A", "rank_change_round"] == 1
    assert table.loc["E", "rank_change_round"] == -1
    assert table.loc["A", "prev_round"] == 1


def test_self_ranking_uses_self_scored_criteria_only(warehouse: Engine) -> None:
    table = _by_unit(queries.rankings(warehouse, 2023, 1, "so_nganh", score="self"))
    assert (table.loc["A", "points"], table.loc["A", "max_points"]) == (50.0, 54.0)
    assert table.loc["A", "index"] == 92.59
    assert table["rank"].to_dict() == {"B": 1, "D": 1, "E": 1, "T": 1, "A": 5}


def test_round_not_appraised_has_no_index_and_no_rank(warehouse: Engine) -> None:
    table = _by_unit(queries.rankings(warehouse, 2024, 1))
    assert table["index"].isna().all()
    assert table["rank"].isna().all()
    assert table["band"].isna().all()
    assert table.loc["T", "completeness"] == 0.0
    self_table = _by_unit(queries.rankings(warehouse, 2024, 1, score="self"))
    # T left 2.1.2 blank: 36 of 70, with 4 of 5 self-scored leaves done
    assert self_table.loc["T", "index"] == 51.43
    assert self_table.loc["T", "completeness"] == 0.8


def test_unit_gaps_on_the_same_base(warehouse: Engine) -> None:
    table = _by_unit(queries.unit_scores(warehouse, 2023, 1, "so_nganh"))
    a = table.loc["A"]
    assert (a["self_index"], a["appraised_self_index"], a["gap_points"]) == (92.59, 80.22, 6.68)
    assert table["gap_points"].to_dict() == {"E": 9.0, "A": 6.68, "B": 6.0, "T": 4.575, "D": 4.4}
    field_one = _by_unit(queries.unit_scores(warehouse, 2023, 1, "so_nganh", "1"))
    assert field_one.loc["A", "gap_points"] == 3.5  # 1 + 0.5 + 2


def test_field_sub_indices(warehouse: Engine) -> None:
    table = queries.field_scores(warehouse, 2023, 1, "so_nganh")
    a = table[table["unit_code"] == "A"].set_index("field_code")
    assert a.loc["1", "index"] == 82.5  # 16.5 / 20
    assert a.loc["2", "max_points"] == 34.0  # 2.1.1 not applicable
    assert a.loc["2", "index"] == 78.88  # 26.82 / 34
    assert a.loc["8", "index"] == 83.33  # survey 25 / 30
    assert pd.isna(a.loc["8", "self_index"])  # no self-scored criteria in field 8
    assert a.loc["1", "field_name"] == "Công tác chỉ đạo, điều hành CCHC"


def test_criterion_gaps_largest_over_claim_first(warehouse: Engine) -> None:
    table = queries.criterion_gaps(warehouse, 2023, 1, "so_nganh")
    assert table["criterion_code"].tolist() == ["2.1", "1.1", "1.2", "8.1"]
    assert table["gap_points"].tolist()[:3] == [23.155, 4.0, 3.5]
    assert pd.isna(table["gap_points"].iloc[3])  # survey: never self-scored
    first = table.iloc[0]
    assert (first["units"], first["over_claiming_units"]) == (5, 5)
    assert table.iloc[1]["over_claiming_units"] == 3  # D, E, A


def test_gap_per_round(warehouse: Engine) -> None:
    table = queries.gap_rounds(warehouse, 2023, "so_nganh")
    a = table[table["unit_code"] == "A"].set_index("round")
    assert a.loc[1, "gap_points"] == 6.68
    assert a.loc[2, "gap_points"] == 0.5  # 2.1.2 appraised 33 over a self score of 30


def test_evidence_at_unit_field_and_criterion_level(warehouse: Engine) -> None:
    units = _by_unit(queries.unit_evidence(warehouse, 2023, 1, "so_nganh"))
    assert units.loc["A", ["evidence_required", "missing_evidence"]].tolist() == [3, 2]
    assert units.loc["A", "missing_evidence_share"] == pytest.approx(2 / 3)
    assert units.loc["A", "missing_explanation"] == 3
    assert units.loc["B", "missing_evidence"] == 0
    assert units.index[0] == "A"  # largest share first
    matrix = queries.evidence_matrix(warehouse, 2023, 1, "so_nganh", level="criterion")
    a = matrix[matrix["unit_code"] == "A"].set_index("node_code")
    assert a.loc["1.1", ["evidence_required", "missing_evidence"]].tolist() == [1, 1]
    assert a.loc["2.1", "missing_evidence"] == 0
    assert a.loc["1.2", "node_name"] == "Báo cáo CCHC định kỳ"
    leaf = queries.evidence_matrix(warehouse, 2023, 1, "so_nganh", level="leaf", field_code="1")
    assert set(leaf["node_code"]) == {"1.1.1", "1.1.2", "1.2"}


def test_missing_items_of_one_unit(warehouse: Engine) -> None:
    items = queries.missing_items(warehouse, 2023, 1, "A")
    assert items["criterion_code"].tolist() == ["1.1.1", "1.1.2", "1.2", "2.1.2"]
    by_code = items.set_index("criterion_code")
    assert (
        by_code.loc["1.1.1", "missing_evidence"] and not by_code.loc["1.1.1", "missing_explanation"]
    )
    assert by_code.loc["1.2", "missing_evidence"] and by_code.loc["1.2", "missing_explanation"]
    assert by_code.loc["2.1.2", "appraisal_note"] == "Thiếu số liệu quý IV"
    assert list(queries.missing_items(warehouse, 2023, 1, "A", node="1.1")["criterion_code"]) == [
        "1.1.1", "1.1.2",
    ]  # fmt: skip


def test_scorecard(warehouse: Engine) -> None:
    card = queries.scorecard(warehouse, 2023, 1, "A")
    assert (card.index, card.self_index, card.rank, card.units_ranked) == (81.33, 92.59, 5, 5)
    assert card.band == "B"
    tree = card.tree.set_index("code")
    assert tree.loc["1.1", "self_points"] == 10.0
    assert tree.loc["1.1", "points"] == 8.5
    assert tree.loc["1.1", "gap_points"] == 1.5
    assert tree.loc["2", "max_points"] == 34.0  # applicable maximum
    assert tree.loc["2", "framework_max_points"] == 50.0
    assert not tree.loc["2.1.1", "applicable"]
    assert tree.loc["1.1.1", "explanation"] == "Đã ban hành kế hoạch"
    assert card.fields["code"].tolist() == ["1", "2", "8"]
    history = card.history.set_index(["year", "round"])
    assert history["rank"].to_dict() == {(2022, 1): 1, (2023, 1): 5, (2023, 2): 4, (2024, 1): None}
    assert history.loc[(2023, 2), "index"] == 88.69
    assert pd.isna(history.loc[(2024, 1), "index"])


def test_criterion_explorer_and_explanations(warehouse: Engine) -> None:
    table = _by_unit(queries.criterion_explorer(warehouse, 2023, 1, "so_nganh", "1.1"))
    assert table.loc["A", ["max_points", "points", "lost_points"]].tolist() == [10.0, 8.5, 1.5]
    assert table.loc["D", "lost_points"] == 1.5
    assert table.loc["A", "missing_evidence_share"] == 1.0
    assert table.loc["A", "explained"] == 1
    texts = queries.explanations(warehouse, 2023, 1, "so_nganh", "2", unit_code="A")
    assert texts[["criterion_code", "appraisal_note"]].values.tolist() == [
        ["2.1.2", "Thiếu số liệu quý IV"]
    ]
    with pytest.raises(queries.SelectionError, match=r"9\.9"):
        queries.criterion_explorer(warehouse, 2023, 1, "so_nganh", "9.9")


def test_progress_counts_units_without_a_submission_as_not_sent(warehouse: Engine) -> None:
    result = queries.progress(warehouse, 2023, 2)
    assert result.opens_at == datetime(2023, 11, 28, 7, 30)
    assert result.locks_at == datetime(2023, 12, 4, 17, 0)
    assert result.counts == {
        "units": 7, "sent": 2, "not_sent": 5, "late": 1, "report_attached": 2, "approved": 1,
    }  # fmt: skip
    table = _by_unit(result.units)
    assert table.loc["B", "late"] and not table.loc["T", "late"]
    assert not table.loc["E", "sent"]  # a row without a sending time
    assert "P" not in table.index  # group "tinh" has no 2023 framework


def test_overview_per_group(warehouse: Engine) -> None:
    table = queries.overview(warehouse, 2023, 1).set_index("group")
    so = table.loc["so_nganh"]
    assert so["units"] == 5
    assert so["mean_index"] == 87.55  # (91.425 + 90 + 90 + 85 + 81.333…) / 5
    assert (so["best_unit_code"], so["worst_unit_code"]) == ("T", "A")
    assert so["mean_gap_points"] == 6.13  # (4.575 + 6 + 4.4 + 9 + 6.68) / 5
    assert so["missing_evidence_share"] == pytest.approx(2 / 15)
    assert table.loc["huyen", "best_unit"] == "Thị xã Vĩnh Châu"


def test_unknown_selection_is_a_bilingual_error(warehouse: Engine) -> None:
    with pytest.raises(queries.SelectionError, match=r"năm 2030.*year 2030"):
        queries.check_selection(warehouse, 2030)
    with pytest.raises(queries.SelectionError, match=r"lần 3.*round 3"):
        queries.check_selection(warehouse, 2023, 3)
    with pytest.raises(queries.SelectionError, match=r"nhóm xa.*group xa"):
        queries.check_selection(warehouse, 2023, 1, "xa")
    assert queries.check_selection(warehouse, 2023) == 2


def test_a_new_load_invalidates_the_cache(warehouse: Engine) -> None:
    before = queries.rankings(warehouse, 2023, 1, "huyen")
    assert len(before) == 2
    builder = WarehouseBuilder(warehouse)
    builder.units([("Z", "Huyện Mỹ Tú", "huyen")])
    builder.known_framework(2023, "huyen", HUYEN)
    full = {"H1.1": Leaf(30, 30), "H1.2": Leaf(30, 30), "H8.1": Leaf(None, 20)}
    builder.scores(2023, 1, "Z", full)
    after = queries.rankings(warehouse, 2023, 1, "huyen")
    assert after["unit_code"].tolist() == ["Z", "Y", "X"]
    assert after["index"].tolist()[0] == 100.0


def test_a_shared_cache_backend_holds_the_results(warehouse: Engine) -> None:
    shared = SimpleCache()  # pickles values, as Redis would
    queries.configure_cache(shared)
    try:
        first = queries.rankings(warehouse, 2023, 1)
        assert any(key.startswith("cchc:") for key in shared._cache)
        first.loc[0, "index"] = 0.0  # callers get copies: the cached value is unharmed
        assert queries.rankings(warehouse, 2023, 1).loc[0, "index"] == 91.43
    finally:
        queries.configure_cache(None)


def test_group_aggregates_never_read_raw_score_rows(warehouse: Engine) -> None:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(warehouse, "before_cursor_execute", record)
    try:
        queries.configure_cache(None)
        queries.rankings(warehouse, 2023, 2)
        queries.overview(warehouse, 2023, 2)
        queries.evidence_matrix(warehouse, 2023, 2, level="criterion")
        queries.criterion_gaps(warehouse, 2023, 2)
    finally:
        event.remove(warehouse, "before_cursor_execute", record)
    on_facts = [s for s in statements if "FROM score_fact" in s]
    assert on_facts
    for statement in on_facts:
        assert "GROUP BY" in statement or "DISTINCT" in statement, statement


# --- the same answers on SQLite and PostgreSQL -------------------------------------------------

Snapshot = Callable[[Engine], Any]

SNAPSHOTS: dict[str, Snapshot] = {
    "rankings": lambda e: queries.rankings(e, 2023, 2),
    "rankings_self": lambda e: queries.rankings(e, 2024, 1, score="self"),
    "unit_scores": lambda e: queries.unit_scores(e, 2023, 1),
    "field_scores": lambda e: queries.field_scores(e, 2023, 1),
    "criterion_gaps": lambda e: queries.criterion_gaps(e, 2023, 1),
    "gap_rounds": lambda e: queries.gap_rounds(e, 2023),
    "evidence": lambda e: queries.evidence_matrix(e, 2023, 1, level="criterion"),
    "missing": lambda e: queries.missing_items(e, 2023, 1, "A"),
    "scorecard": lambda e: queries.scorecard(e, 2023, 1, "A").tree,
    "history": lambda e: queries.unit_history(e, "A"),
    "explorer": lambda e: queries.criterion_explorer(e, 2023, 1, "so_nganh", "2"),
    "progress": lambda e: queries.progress(e, 2023, 2).units,
    "overview": lambda e: queries.overview(e, 2023, 1),
}


def _cli(*args: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(list(args)) == 0
    return out.getvalue()


@pytest.mark.postgres
def test_sqlite_and_postgresql_give_identical_results(
    sqlite_engine: Engine, pg_engine: Engine
) -> None:
    for engine in (sqlite_engine, pg_engine):
        build_scenario(engine)
    for name, snapshot in SNAPSHOTS.items():
        left, right = snapshot(sqlite_engine), snapshot(pg_engine)
        pd.testing.assert_frame_equal(left, right, check_exact=True, obj=name)
    for fmt in ("table", "csv", "json"):
        outputs = [
            _cli("rank", "--year", "2023", "--format", fmt, "--db", str(e.url))
            for e in (sqlite_engine, pg_engine)
        ]
        assert outputs[0] == outputs[1]
        assert "Ban Dân tộc" in outputs[0]


def test_records_are_json_safe(warehouse: Engine) -> None:
    rows = records(queries.rankings(warehouse, 2024, 1))
    found = {(r["unit_code"], r["rank"], r["index"]) for r in rows}
    assert found == {("A", None, None), ("T", None, None)}
    progress_rows = records(queries.progress(warehouse, 2023, 2).units)
    sent = {r["unit_code"]: r["sent_at"] for r in progress_rows}
    assert sent["T"] == "2023-12-01T10:00:00" and sent["A"] is None
    json.dumps(rows + records(queries.scorecard(warehouse, 2023, 1, "A").tree))
