"""The gaps, evidence, criteria and progress charts draw exactly the warehouse's numbers.

A small hand-made warehouse (tests/warehouse_builder.py's scenario): what each chart shows is
compared with the query layer and, for a few cells, with numbers worked out by hand.
2023 round 1, departments (self / appraised on the self-scored leaves, self maximum 70):
T 70 / 65,425, B 70 / 64, D 54 / 49,6 (2.1.1 not applicable), E 70 / 61, A 50 / 43,32 (evidence
missing on 1.1.1 and 1.2).  Round 2 differs only in A's 2.1.2, appraised 33 instead of 26,82.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Engine

from dashboard import queries
from dashboard.components.states import duration_text, status_text
from dashboard.figures import criterion as criterion_fig
from dashboard.figures import evidence as evidence_fig
from dashboard.figures import gap_bars as gap_bars_fig
from dashboard.figures import gaps as gaps_fig
from dashboard.figures import progress as progress_fig
from dashboard.figures.labels import node_label, shorten
from dashboard.metrics import node_summary, round_status
from tests.warehouse_builder import build_scenario

GROUP = "so_nganh"


@pytest.fixture
def wh(sqlite_engine: Engine) -> Engine:
    build_scenario(sqlite_engine)
    return sqlite_engine


def traces(fig: Any, name: str) -> Any:
    return next(t for t in fig.data if t.name == name)


def annotation_texts(fig: Any) -> list[str]:
    return [a.text for a in fig.layout.annotations]


# --- gaps ----------------------------------------------------------------------------------------


def test_scatter_points_are_the_units_self_and_appraised_indices(wh: Engine) -> None:
    scores = queries.unit_scores(wh, 2023, 1, GROUP)
    fig = gaps_fig.gap_scatter(scores, labelled=3)
    drawn: dict[str, tuple[float, float]] = {}
    for trace in fig.data[1:]:
        for (code, *_), x, y in zip(trace.customdata, trace.x, trace.y, strict=True):
            drawn[code] = (x, y)
    expected = {
        c: (s, a)
        for c, s, a in zip(
            scores["unit_code"], scores["self_index"], scores["appraised_self_index"], strict=True
        )
    }
    assert drawn == expected
    assert drawn["E"] == (100.0, 87.14)  # 61 / 70
    assert drawn["A"] == (92.59, 80.22)  # 50 / 54 and 43,32 / 54
    # everyone over-claimed: all below the diagonal, as triangles; the worst three are named
    assert {t.name for t in fig.data} == {"Tự chấm = thẩm định", "Tự chấm cao hơn"}
    assert sorted(annotation_texts(fig)) == sorted(["Sở Y tế", "Ban Dân tộc", "Sở Nội vụ"])
    diagonal = fig.data[0]
    assert list(diagonal.x) == list(diagonal.y)


def test_scatter_marks_units_that_did_not_over_claim_differently() -> None:
    scores = pd.DataFrame(
        {
            "unit_code": ["U", "V"],
            "unit_name": ["Đơn vị U", "Đơn vị V"],
            "self_index": [90.0, 80.0],
            "appraised_self_index": [92.0, 70.0],
            "gap_index": [-2.0, 10.0],
            "gap_points": [-1.0, 5.0],
        }
    )
    fig = gaps_fig.gap_scatter(scores)
    assert list(traces(fig, "Không cao hơn").x) == [90.0]
    assert traces(fig, "Không cao hơn").marker.symbol == "circle-open"
    assert traces(fig, "Tự chấm cao hơn").marker.symbol == "triangle-down"
    assert annotation_texts(fig) == ["Đơn vị V"]


def test_unappraised_round_says_so_instead_of_plotting(wh: Engine) -> None:
    scores = queries.unit_scores(wh, 2024, 1, GROUP)
    fig = gaps_fig.gap_scatter(scores)
    assert annotation_texts(fig) == ["Chưa thẩm định"]
    assert annotation_texts(gaps_fig.gap_scatter(scores, lang="en")) == ["Not appraised yet"]
    table = queries.criterion_explorer(wh, 2024, 1, GROUP, "1")
    assert annotation_texts(criterion_fig.lost_points_bars(table)) == ["Chưa thẩm định"]


def test_field_bars_are_the_mean_gap_of_each_field(wh: Engine) -> None:
    fields = queries.field_scores(wh, 2023, 1, GROUP)
    fig = gap_bars_fig.field_gap_bars(fields)
    drawn = {y: x for t in fig.data for x, y in zip(t.x, t.y, strict=True)}
    # field 1, gap over its 20 self-scored points: T 2,5; B 0; D 7,5; E 10; A 17,5 -> 7,5
    assert drawn["1. Công tác chỉ đạo, điều hành CCHC"] == pytest.approx(7.5)
    exact = fields[fields["field_code"] == "2"]["gap_index_exact"]  # not the rounded indices
    assert drawn["2. Cải cách thủ tục hành chính"] == round(exact.mean() + 1e-9, 2)
    assert len(drawn) == 2  # the survey field has no gap
    assert all(t.marker.pattern.shape == "/" for t in fig.data)  # over-claims are hatched


def test_criterion_bars_show_the_largest_total_over_claims_first(wh: Engine) -> None:
    table = queries.criterion_gaps(wh, 2023, 1, GROUP)
    fig = gap_bars_fig.criterion_gap_bars(table, top=2)
    expected = table[table["gap_points"] > 0].head(2)
    bars = fig.data[0]
    assert list(bars.x) == list(expected["gap_points"])
    assert list(bars.y) == [
        node_label(c, n, 48)
        for c, n in zip(expected["criterion_code"], expected["criterion_name"], strict=True)
    ]
    # 2.1 total: T 4,075 + B 6 + D 2,9 + E 7 + A 3,18
    assert bars.x[0] == pytest.approx(23.155)
    assert list(fig.layout.yaxis.categoryarray) == list(bars.y)[::-1]  # largest on top


def test_dumbbell_ends_are_the_round_1_and_round_2_gaps(wh: Engine) -> None:
    table = queries.gap_rounds(wh, 2023, GROUP)
    assert gaps_fig.compared_rounds(table) == (1, 2)
    fig = gaps_fig.gap_round_dumbbell(table, 1, 2)
    first, second = traces(fig, "Lần 1"), traces(fig, "Lần 2")
    for trace, round_ in ((first, 1), (second, 2)):
        part = table[table["round"] == round_].set_index("unit_code")["gap_index"]
        assert dict(zip(trace.y, trace.x, strict=True)) == part.to_dict()
    ends = dict(zip(first.y, zip(first.x, second.x, strict=True), strict=True))
    assert ends["A"] == (12.37, 0.93)  # 6,68 then 0,5 over 54 self-scored points
    assert list(fig.layout.yaxis.categoryarray)[-1] == "E"  # largest round-1 gap on top
    assert gaps_fig.compared_rounds(queries.gap_rounds(wh, 2022, GROUP)) is None


# --- evidence ------------------------------------------------------------------------------------


def _missing_by_hand(wh: Engine, unit: str) -> dict[str, int]:
    """Missing-evidence leaves of a unit per criterion, counted from its leaf rows."""
    tree = queries.framework(wh, 2023, GROUP).set_index("code")
    counts: dict[str, int] = {}
    for _, leaf in queries.unit_leaves(wh, 2023, 1, unit).iterrows():
        code = leaf["criterion_code"]
        node = code if tree.loc[code, "level"] <= 2 else tree.loc[code, "parent_code"]
        counts[node] = counts.get(node, 0) + int(leaf["missing_evidence"])
    return counts


def test_heatmap_cells_are_each_units_missing_evidence_per_criterion(wh: Engine) -> None:
    matrix = queries.evidence_matrix(wh, 2023, 1, GROUP, "criterion")
    fig = evidence_fig.evidence_heatmap(matrix)
    heat = fig.data[0]
    assert list(heat.x) == ["1.1", "1.2", "2.1"]  # not the survey criterion 8.1: no evidence
    assert heat.y[0] == "A"  # the worst unit first (drawn on top)
    assert list(fig.layout.yaxis.categoryarray)[-1] == "A"
    for row, unit in enumerate(heat.y):
        by_hand = _missing_by_hand(wh, unit)
        for column, node in enumerate(heat.x):
            assert heat.z[row][column] == by_hand[node], (unit, node)
            assert heat.customdata[row][column][0] == queries.unit_names(wh, [unit])[unit]
    assert list(heat.z[0][:3]) == [1.0, 1.0, 0.0]
    assert list(heat.text[0][:3]) == ["1", "1", ""]


def test_heatmap_share_and_sort_by_name(wh: Engine) -> None:
    matrix = queries.evidence_matrix(wh, 2023, 1, GROUP, "criterion")
    fig = evidence_fig.evidence_heatmap(matrix, measure="share", sort="name", lang="en")
    heat = fig.data[0]
    names = queries.unit_names(wh, heat.y)
    assert [names[c] for c in heat.y] == sorted(names.values())
    row = list(heat.y).index("A")
    assert list(heat.z[row][:3]) == [1.0, 1.0, 0.0]  # 1.1.1 is 1.1's only leaf requiring evidence
    assert heat.zmax == 1.0
    assert "Share" in fig.data[0].colorbar.title.text


def test_heatmap_leaves_cells_without_required_evidence_empty() -> None:
    matrix = pd.DataFrame(
        {
            "unit_code": ["U", "U", "U", "V", "V", "V"],
            "unit_name": ["Đơn vị U", "Đơn vị U", "Đơn vị U", "Đơn vị V", "Đơn vị V", "Đơn vị V"],
            "node_code": ["1", "2", "8", "1", "2", "8"],
            "node_name": ["Một", "Hai", "Khảo sát"] * 2,
            "node_order": [1, 2, 8] * 2,
            "evidence_required": [2, 0, 0, 2, 1, 0],  # U: 2 not applicable; 8 is a survey
            "missing_evidence": [1, 0, 0, 0, 1, 0],
        }
    )
    heat = evidence_fig.evidence_heatmap(matrix).data[0]
    assert list(heat.x) == ["1", "2"]
    assert list(heat.y) == ["U", "V"]  # tie on one item missing: the larger share (1/2 vs 1/3)
    assert [list(r) for r in heat.z] == [[1.0, None], [0.0, 1.0]]
    assert heat.customdata[0][1][4] == "Không yêu cầu TLKC"


def test_heatmap_at_field_level_matches_unit_evidence(wh: Engine) -> None:
    matrix = queries.evidence_matrix(wh, 2023, 1, GROUP, "field")
    grid = evidence_fig.heatmap_grid(matrix)
    per_unit = queries.unit_evidence(wh, 2023, 1, GROUP).set_index("unit_code")
    for unit, row in zip(grid.unit_codes, grid.missing, strict=True):
        assert sum(v or 0 for v in row) == per_unit.loc[unit, "missing_evidence"]


def test_round_totals_show_how_round_2_closed_the_gaps(wh: Engine) -> None:
    by_round = {r: queries.unit_evidence(wh, 2023, r, GROUP) for r in (1, 2)}
    totals = evidence_fig.round_totals(by_round)
    assert list(totals["round"]) == [1, 2]
    assert list(totals["missing_evidence"]) == [
        int(by_round[r]["missing_evidence"].sum()) for r in (1, 2)
    ]
    assert totals["missing_evidence"].iloc[0] == 2
    fig = evidence_fig.round_total_bars(totals, current=2)
    assert list(fig.data[0].x) == ["Lần 1", "Lần 2"]
    assert list(fig.data[0].y) == list(totals["missing_evidence"])
    assert list(fig.data[0].marker.pattern.shape) == ["/", ""]  # the round on screen is solid


# --- criteria ------------------------------------------------------------------------------------


def test_criterion_charts_and_summary_follow_the_explorer(wh: Engine) -> None:
    table = queries.criterion_explorer(wh, 2023, 1, GROUP, "1")
    dist = criterion_fig.score_distribution(table)
    appraised = traces(dist, "Thẩm định")
    assert sorted(appraised.x) == sorted([97.5, 100.0, 92.5, 90.0, 82.5])
    lost = criterion_fig.lost_points_bars(table, top=2)
    assert list(lost.data[0].x) == [3.5, 2.0]  # A 20 − 16,5, E 20 − 18
    assert list(lost.data[0].y) == ["A", "E"]
    summary = node_summary(table)
    assert summary["units"] == 5
    assert summary["mean_index"] == 92.5
    assert (summary["missing_evidence"], summary["evidence_required"]) == (2, 10)
    assert summary["missing_evidence_share"] == 0.2


# --- progress ------------------------------------------------------------------------------------


def test_timeline_marks_late_sends_and_draws_the_lock(wh: Engine) -> None:
    p = queries.progress(wh, 2023, 2)
    fig = progress_fig.send_timeline(p.units, p.opens_at, p.locks_at)
    on_time, late = traces(fig, "Gửi đúng hạn"), traces(fig, "Gửi trễ hạn")
    assert [c[0] for c in on_time.customdata] == ["Sở Tư pháp"]
    assert [c[0] for c in late.customdata] == ["Sở Nội vụ"]  # 05/12 08:00, after the lock
    assert list(late.y) == [2]
    assert late.marker.symbol == "x"
    lines = [s for s in fig.layout.shapes if s.type == "line" and s.yref == "paper"]
    assert pd.Timestamp(lines[0].x0) == pd.Timestamp(datetime(2023, 12, 4, 17, 0))
    assert "Khóa 04/12/2023 17:00" in annotation_texts(fig)
    mine = p.units["group"] == GROUP
    one = queries.progress(wh, 2023, 2, GROUP)  # one group's units, counted in the query
    assert list(one.units["unit_code"]) == list(p.units.loc[mine, "unit_code"])
    assert one.counts["units"] == int(mine.sum())
    assert one.counts["sent"] == int(p.units.loc[mine, "sent"].sum())
    assert one.counts["not_sent"] == one.counts["units"] - one.counts["sent"]


def test_nothing_sent_yet_is_said() -> None:
    units = pd.DataFrame(
        {"unit_code": ["U"], "unit_name": ["Đơn vị U"], "group_label": ["x"], "sent": [False],
         "sent_at": [pd.NaT], "late": [False]}
    )  # fmt: skip
    fig = progress_fig.send_timeline(units, None, None)
    assert annotation_texts(fig) == ["Chưa có đơn vị nào gửi."]


def test_round_status_and_countdown() -> None:
    opens, locks = datetime(2023, 11, 28, 7, 30), datetime(2023, 12, 4, 17, 0)
    status, delta = round_status(opens, locks, datetime(2023, 12, 1, 12, 55))
    assert status == "open" and delta is not None
    assert status_text(status, delta, "vi") == "Còn 3 ngày 4 giờ"
    assert status_text(status, delta, "en") == "3 d 4 h left"
    assert round_status(opens, locks, locks) == ("locked", None)
    assert status_text("locked", None, "vi") == "Đã khóa"
    status, delta = round_status(opens, locks, datetime(2023, 11, 28, 7, 0))
    assert status == "not_open" and status_text(status, delta, "vi") == "Chưa mở (30 phút)"
    assert round_status(None, None, opens) == ("no_schedule", None)
    assert duration_text(timedelta(hours=5, minutes=12), "vi") == "5 giờ 12 phút"


def test_labels_are_shortened_but_keep_their_code() -> None:
    assert shorten("Sở Nông nghiệp và Phát triển nông thôn", 20) == "Sở Nông nghiệp và P…"
    assert node_label("1.2", "Báo cáo", 48) == "1.2. Báo cáo"
