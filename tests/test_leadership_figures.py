"""Figure builders (rankings, scorecard, overview): what they draw matches the metrics."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import metrics
from dashboard.figures.overview import group_ranges
from dashboard.figures.rankings import band_order, rank_arrow, ranked_rows, ranking_bars
from dashboard.figures.scorecard import field_bars, history_lines
from dashboard.theme import BAND_STYLES, TEMPLATE, band_styles

# (unit, name, achieved milli-points, applicable maximum milli-points, rank change vs round 1)
UNITS = [
    ("U-A", "Sở Nội vụ", 94_790, 100_000, 2),
    ("U-B", "Ban Dân tộc", 68_320, 84_000, -1),  # 81,333…: not-applicable criteria left out
    ("U-C", "Sở Tư pháp", 81_333, 100_000, 0),
    ("U-D", "Sở Y tế", 86_000, 100_000, None),
    ("U-E", "Sở Xây dựng", 86_000, 100_000, 3),  # tie with U-D: both rank 2, next is 4
    ("U-F", "Thanh tra tỉnh", 69_990, 100_000, -2),
    ("U-H", "Sở Tài chính", 72_500, 100_000, 1),
    ("U-G", "Sở Ngoại vụ", None, 100_000, None),  # not appraised yet: no index, no rank
]


@pytest.fixture
def ranking() -> pd.DataFrame:
    """A ranking table computed by dashboard.metrics, shaped like queries.rankings()."""
    raw = pd.DataFrame(UNITS, columns=["unit_code", "unit_name", "points", "max", "change"])
    raw["points"] = raw["points"].astype(object).where(raw["points"].notna(), None)
    raw["group"] = "so_nganh"
    exact = [metrics.exact_index(p, m) for p, m in zip(raw["points"], raw["max"], strict=True)]
    raw["index_exact"] = pd.Series(exact, dtype=object)
    raw["index"] = pd.Series([metrics.round_half_up(v) for v in exact], dtype="float64")
    table = metrics.rank_within(raw, "index_exact", by=["group"])
    table["band"] = metrics.band_column(table, "index_exact")
    table["rank_change_round"] = raw["change"].astype("Int64")
    return table


def bars(fig: go.Figure) -> dict[str, tuple[float, go.Bar]]:
    """unit code -> (bar value, its trace)."""
    return {
        code: (x, trace) for trace in fig.data for code, x in zip(trace.y, trace.x, strict=True)
    }


def test_bars_run_top_to_bottom_in_rank_order(ranking: pd.DataFrame) -> None:
    fig = ranking_bars(ranking)
    top_to_bottom = list(fig.layout.yaxis.categoryarray)[::-1]
    expected = ranking[ranking["rank"].notna()].sort_values(["rank", "unit_name"])
    assert top_to_bottom == list(expected["unit_code"])
    assert top_to_bottom == ["U-A", "U-E", "U-D", "U-B", "U-C", "U-H", "U-F"]
    labels = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext, strict=True))
    assert labels["U-D"].startswith("2. Sở Y tế") and labels["U-E"].startswith("2. Sở Xây dựng")
    assert labels["U-B"].startswith("4. ")  # the rank after a tie is skipped
    # both show 81,33, but 68,32/84 = 81,333… beats 81,333: ranked on the unrounded index
    assert labels["U-C"].startswith("5. ")


def test_bar_values_are_the_metrics_indices(ranking: pd.DataFrame) -> None:
    drawn = bars(ranking_bars(ranking))
    for row in ranking.itertuples():
        if row.index_exact is None:
            assert row.unit_code not in drawn  # no index yet: no bar, never a 0 bar
            continue
        value, _ = drawn[row.unit_code]
        assert value == metrics.round_half_up(row.index_exact)
    assert drawn["U-B"][0] == 81.33  # 68,32 of an applicable 84 points
    assert metrics.exact_index(68_320, 84_000) == Fraction(6832, 84)


def test_each_band_has_its_own_colour_and_pattern(ranking: pd.DataFrame) -> None:
    fig = ranking_bars(ranking)
    styles = band_styles(band_order())
    for code, (_, trace) in bars(fig).items():
        band = ranking.loc[ranking["unit_code"] == code, "band"].iloc[0]
        assert trace.marker.color == styles[band].colour
        assert trace.marker.pattern.shape == styles[band].pattern
        assert trace.name == f"Xếp loại {band}"
    assert {trace.name for trace in fig.data} == {"Xếp loại A", "Xếp loại B", "Xếp loại C",
                                                  "Xếp loại D"}  # fmt: skip
    # Told apart in black and white: every band a different pattern and a different colour.
    assert len({s.pattern for s in BAND_STYLES[:4]}) == 4
    assert len({s.colour for s in BAND_STYLES[:4]}) == 4


def test_bar_click_data_carries_the_unit_code(ranking: pd.DataFrame) -> None:
    for trace in ranking_bars(ranking).data:
        assert [row[0] for row in trace.customdata] == list(trace.y)


def test_rank_changes_are_arrows_on_the_axis(ranking: pd.DataFrame) -> None:
    assert [rank_arrow(v) for v in (2, -1, 0, None, pd.NA)] == ["▲2", "▼1", "=", "", ""]
    fig = ranking_bars(ranking)
    labels = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext, strict=True))
    assert "▲2" in labels["U-A"] and "▼1" in labels["U-B"] and labels["U-C"].endswith("=")
    assert "▲" not in labels["U-D"] and "▼" not in labels["U-D"]


def test_english_labels_and_english_number_format(ranking: pd.DataFrame) -> None:
    fig = ranking_bars(ranking, lang="en")
    assert fig.layout.xaxis.title.text == "Index (%)"
    assert {t.name for t in fig.data} >= {"Band A"}
    assert fig.layout.separators == ".,"  # 81.33 under ?lang=en, on screen and in exports
    assert ranking_bars(ranking).layout.separators == ",."  # 81,33 in Vietnamese


def test_a_group_not_appraised_yet_says_so() -> None:
    table = pd.DataFrame({"unit_code": ["X"], "unit_name": ["X"], "rank": [pd.NA],
                          "index": [float("nan")], "band": [None]})  # fmt: skip
    fig = ranking_bars(table)
    assert not fig.data
    assert fig.layout.annotations[0].text == "Chưa thẩm định"
    assert ranked_rows(table).empty


def test_field_bars_show_sub_indices_in_framework_order() -> None:
    fields = pd.DataFrame(
        {
            "code": ["1", "2", "8"],
            "name": ["Công tác chỉ đạo, điều hành CCHC", "Cải cách thể chế", "Tác động"],
            "index": [97.5, 100.0, 88.95],
            "self_index": [95.0, 100.0, float("nan")],  # field 8: survey only, no self score
        }
    )
    fig = field_bars(fields)
    assert list(fig.layout.yaxis.categoryarray)[::-1] == ["1", "2", "8"]
    by_name = {trace.name: dict(zip(trace.y, trace.x, strict=True)) for trace in fig.data}
    assert by_name["Thẩm định"] == {"1": 97.5, "2": 100.0, "8": 88.95}
    assert pd.isna(by_name["Tự chấm"]["8"]) and by_name["Tự chấm"]["1"] == 95.0
    patterns = {trace.name: trace.marker.pattern.shape for trace in fig.data}
    assert patterns["Thẩm định"] != patterns["Tự chấm"]  # distinct in black and white


def test_history_runs_oldest_to_newest_with_rank() -> None:
    history = pd.DataFrame(
        {
            "year": [2023, 2021, 2022],
            "round": [1, 2, 2],
            "index": [90.5, 85.25, float("nan")],
            "self_index": [92.0, 88.0, 91.0],
            "rank": pd.array([3, 7, pd.NA], dtype="Int64"),
            "units_ranked": [20, 20, 20],
        }
    )
    fig = history_lines(history)
    appraised = next(trace for trace in fig.data if trace.name == "Thẩm định")
    assert list(appraised.x) == ["2021 – lần 2", "2022 – lần 2", "2023 – lần 1"]
    assert list(appraised.y[:1]) == [85.25] and pd.isna(appraised.y[1])
    assert list(appraised.customdata) == ["7/20", "—", "3/20"]


def test_overview_ranges_match_the_overview_table() -> None:
    overview = pd.DataFrame(
        {
            "group": ["so_nganh", "huyen", "trung_uong"],
            "mean_index": [85.5, 82.04, float("nan")],
            "best_index": [94.79, 93.98, float("nan")],
            "worst_index": [73.43, 70.59, float("nan")],
            "best_unit": ["Sở Thông tin và Truyền thông", "Huyện Long Phú", None],
            "worst_unit": ["Sở Khoa học và Công nghệ", "Thị xã Vĩnh Châu", None],
        }
    )
    fig = group_ranges(overview)
    traces = {trace.name: dict(zip(trace.y, trace.x, strict=True)) for trace in fig.data
              if trace.name}  # fmt: skip
    assert traces["Chỉ số bình quân"] == {"Sở, ban, ngành tỉnh": 85.5, "UBND cấp huyện": 82.04}
    assert traces["Cao nhất"]["UBND cấp huyện"] == 93.98
    assert traces["Thấp nhất"]["Sở, ban, ngành tỉnh"] == 73.43
    assert "Cơ quan Trung ương đặt tại tỉnh" not in traces["Chỉ số bình quân"]  # not appraised


def test_every_figure_uses_the_shared_template(ranking: pd.DataFrame) -> None:
    fig = ranking_bars(ranking)
    assert fig.layout.template == TEMPLATE
    assert TEMPLATE.layout.separators == ",."
    assert TEMPLATE.layout.colorway[0] == "#0072B2"  # Okabe-Ito


def test_scorecard_rows_show_not_applicable_and_unscored_as_such() -> None:
    from dashboard.components.tables import scorecard_rows

    nan = float("nan")
    tree = pd.DataFrame(
        {
            "code": ["3", "3.3", "3.3.1", "3.5", "3.5.1", "3.5.2", "8", "8.1"],
            "name": [
                "TTHC",
                "Một cửa",
                "Bộ phận một cửa",
                "Phản ánh",
                "Tiếp nhận",
                "Xử lý",
                "Tác động",
                "Hài lòng",
            ],
            "level": [1, 2, 3, 2, 3, 3, 1, 2],
            "is_leaf": [False, False, True, False, True, True, False, True],
            "method": ["self"] * 6 + ["survey", "survey"],
            "framework_max_points": [4.0, 1.0, 1.0, 3.0, 1.5, 1.5, 2.0, 2.0],
            "max_points": [3.0, 0.0, 0.0, 3.0, 1.5, 1.5, 2.0, 2.0],
            "points": [2.25, nan, nan, 2.25, 1.5, 0.75, 1.8, 1.8],
            "self_points": [1.5, nan, nan, 1.5, 1.5, nan, nan, nan],
            "gap_points": [0.0, nan, nan, 0.0, 0.0, nan, nan, nan],
            "self_score": [nan, nan, nan, nan, 1.5, nan, nan, nan],
            "appraised_score": [nan, nan, nan, nan, 1.5, 0.75, nan, 1.8],
            "gap": [nan, nan, nan, nan, 0.0, nan, nan, nan],
            "applicable": [None, None, False, None, True, True, None, True],
            "evidence_count": pd.array(
                [pd.NA, pd.NA, pd.NA, pd.NA, 2, 0, pd.NA, pd.NA], dtype="Int64"
            ),
            "missing_evidence": [0, 0, 0, 0, 0, 0, 0, 0],
            "explanation": [None, None, None, None, "Đã thực hiện", None, None, None],
            "appraisal_note": [None] * 8,
        }
    )
    rows = scorecard_rows(tree, "vi").set_index("code")
    assert rows.loc["3", "max__text"] == "3 / 4"  # applicable of the framework maximum
    assert rows.loc["3.3.1", "max__text"] == "Không áp dụng (tối đa 1 điểm, không tính)"
    assert rows.loc["3.3", "self__text"] == "Không áp dụng"  # all its leaves left out
    assert rows.loc["3.5.2", "self__text"] == "Chưa chấm"  # blank is not yet scored, never 0
    assert rows.loc["3.5.2", "appraised__text"] == "0,75"
    assert rows.loc["8.1", "self__text"] == "—"  # survey: nobody self-scores it
    assert rows.loc["3.5.1", "evidence__text"] == "2" and rows.loc["3.5", "evidence__text"] == ""
