"""Figures fit a phone and speak the view's language (issue 8).

Every builder: no fixed width (the chart takes its container's), Plotly's ``separators`` from
``lang`` (``0,66`` / ``0.66``).  Long names: cut with "…" on the axis, whole in the hover,
escaped everywhere (names are data, never HTML).  Bar charts from zero write the names above
the bars.  The browser side (390 px, real Chromium) is tests/test_phone_layout.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest
from sqlalchemy import Engine

from dashboard import metrics, queries
from dashboard.figures import criterion as criterion_fig
from dashboard.figures import empty_figure
from dashboard.figures import evidence as evidence_fig
from dashboard.figures import gap_bars as gap_bars_fig
from dashboard.figures import gaps as gaps_fig
from dashboard.figures import overview as overview_fig
from dashboard.figures import progress as progress_fig
from dashboard.figures import rankings as rankings_fig
from dashboard.figures import scorecard as scorecard_fig
from dashboard.figures.labels import ABOVE_NAME_WIDTH, AXIS_NAME_WIDTH, plain, wrap
from tests.warehouse_builder import build_scenario

GROUP = "so_nganh"
LONG = "<b>Văn phòng</b> Đoàn đại biểu Quốc hội & Hội đồng nhân dân tỉnh Sóc Trăng"
SHORT = "Sở Y tế"


@pytest.fixture
def wh(sqlite_engine: Engine) -> Engine:
    build_scenario(sqlite_engine)
    return sqlite_engine


def ranking_table(names: list[str]) -> pd.DataFrame:
    """A ranked group shaped like ``queries.rankings()``: unit ``U0`` first, ``U1`` next…"""
    raw = pd.DataFrame(
        {
            "unit_code": [f"U{i}" for i in range(len(names))],
            "unit_name": names,
            "points": [90_000 - 3_000 * i for i in range(len(names))],
            "max": 100_000,
            "group": GROUP,
        }
    )
    exact = [metrics.exact_index(p, m) for p, m in zip(raw["points"], raw["max"], strict=True)]
    raw["index_exact"] = pd.Series(exact, dtype=object)
    raw["index"] = pd.Series([metrics.round_half_up(v) for v in exact], dtype="float64")
    table = metrics.rank_within(raw, "index_exact", by=["group"])
    table["band"] = metrics.band_column(table, "index_exact")
    table["rank_change_round"] = pd.array([2] + [None] * (len(names) - 1), dtype="Int64")
    return table


def ticks(fig: go.Figure, axis: str = "yaxis") -> dict[Any, str]:
    layout_axis = fig.layout[axis]
    return dict(zip(layout_axis.tickvals, layout_axis.ticktext, strict=True))


def shown_text(label: str) -> str:
    """What Plotly draws for a label: its escapes undone, its own markup (``<br>``,
    ``<span>``) dropped."""
    import html
    import re

    return html.unescape(re.sub(r"<br>|<span[^>]*>|</span>", " ", label))


# --- names: cut on the axis, whole in the hover, escaped -------------------------------------


def test_wrap_breaks_between_words_and_cuts_the_rest() -> None:
    assert wrap("UBND cấp huyện", 18) == "UBND cấp huyện"
    assert wrap("Cơ quan Trung ương đặt tại tỉnh", 18) == "Cơ quan Trung ương<br>đặt tại tỉnh"
    assert wrap("Sở Lao động - Thương binh và Xã hội tỉnh Sóc Trăng", 14) == (
        "Sở Lao động -<br>Thương binh v…"
    )
    assert wrap("<b>x</b> & y", 30) == "&lt;b&gt;x&lt;/b&gt; &amp; y"  # escaped, never HTML
    assert wrap("Ủyban" * 10, 10) == "ỦybanỦyba…"  # a word longer than a line is cut


def test_ranking_names_are_cut_above_the_bars_and_whole_in_the_hover() -> None:
    fig = rankings_fig.ranking_bars(ranking_table([LONG, SHORT]))
    labels = ticks(fig)
    name = shown_text(labels["U0"]).removeprefix("1. ").split("  ")[0]
    assert name.endswith("…") and len(name) == ABOVE_NAME_WIDTH
    assert LONG.startswith(name[:-1].rstrip())
    assert "<b>" not in labels["U0"] and "&lt;b&gt;" in labels["U0"]
    assert shown_text(labels["U1"]) == "2. Sở Y tế"  # a short name stays whole
    hover = {row[0]: row[1] for trace in fig.data for row in trace.customdata}
    assert hover["U0"] == plain(LONG)  # the whole name, escaped
    # the names sit above the bars, inside the plot; the bars in the rows' lower half
    assert fig.layout.yaxis.ticklabelposition == "inside top"
    for trace in fig.data:
        assert trace.offset + trace.width <= 0 and trace.offset >= -0.5


def test_names_beside_a_plot_are_phone_sized() -> None:
    width = AXIS_NAME_WIDTH
    rows = pd.DataFrame(
        {
            "unit_code": ["U0", "U0", "U1", "U1"],
            "unit_name": [LONG, LONG, SHORT, SHORT],
            "round": [1, 2, 1, 2],
            "gap_index": [5.0, 2.0, -1.0, 3.0],
        }
    )
    dumbbell = gaps_fig.gap_round_dumbbell(rows, 1, 2)
    assert shown_text(ticks(dumbbell)["U0"]) == LONG[: width - 1].rstrip() + "…"
    assert shown_text(ticks(dumbbell)["U1"]) == SHORT
    assert dumbbell.data[1].customdata[0][0] == plain(LONG)

    matrix = pd.DataFrame(
        {
            "unit_code": ["U0", "U1"],
            "unit_name": [LONG, SHORT],
            "node_code": ["1", "1"],
            "node_name": ["Công tác chỉ đạo, điều hành cải cách hành chính"] * 2,
            "node_order": [1, 1],
            "evidence_required": [3, 3],
            "missing_evidence": [2, 1],
        }
    )
    heatmap = evidence_fig.evidence_heatmap(matrix)
    assert max(len(shown_text(label)) for label in ticks(heatmap).values()) == width
    assert heatmap.data[0].customdata[0][0][0] == plain(LONG)
    assert heatmap.data[0].colorbar.orientation == "h"  # under the cells, not beside them


def test_a_units_fields_are_named_above_their_bars_in_framework_order() -> None:
    fields = pd.DataFrame(
        {
            "code": ["1", "2", "10"],
            "name": ["Công tác chỉ đạo, điều hành cải cách hành chính của tỉnh", "Thể chế", "X"],
            "index": [97.5, 100.0, 88.95],
            "self_index": [95.0, 100.0, float("nan")],
        }
    )
    fig = scorecard_fig.field_bars(fields)
    assert fig.layout.yaxis.type == "category"  # "10" below "2", not a number axis
    assert list(fig.layout.yaxis.categoryarray)[::-1] == ["1", "2", "10"]
    assert ticks(fig)["1"].endswith("…")
    assert set(fig.data[0].customdata) >= {"1. " + fields["name"][0]}  # hover: the whole name
    offsets = sorted((trace.offset, trace.offset + trace.width) for trace in fig.data)
    assert offsets[0][1] <= offsets[1][0] and offsets[1][1] <= 0  # two bars side by side


def test_group_names_wrap_onto_two_lines_and_hover_whole() -> None:
    overview = pd.DataFrame(
        {
            "group": ["trung_uong"],
            "mean_index": [85.5],
            "best_index": [94.79],
            "worst_index": [73.43],
            "best_unit": [LONG],
            "worst_unit": [SHORT],
        }
    )
    fig = overview_fig.group_ranges(overview, lang="en")
    assert list(ticks(fig).values()) == ["Central agencies<br>in the province"]
    assert list(fig.data[1].y) == ["Central agencies in the province"]  # the hover's %{y}


# --- every chart: the container's width, the language's numbers ------------------------------


def builders(wh: Engine) -> dict[str, Callable[[str], go.Figure]]:
    """Each figure builder with real input from the scenario warehouse, by ``lang``."""
    scores = queries.unit_scores(wh, 2023, 1, GROUP)
    fields = queries.field_scores(wh, 2023, 1, GROUP)
    criteria = queries.criterion_gaps(wh, 2023, 1, GROUP)
    gap_rounds = queries.gap_rounds(wh, 2023, GROUP)
    matrix = queries.evidence_matrix(wh, 2023, 1, GROUP, "field")
    totals = evidence_fig.round_totals(
        {r: queries.unit_evidence(wh, 2023, r, GROUP) for r in (1, 2)}
    )
    explorer = queries.criterion_explorer(wh, 2023, 1, GROUP, "1")
    progress = queries.progress(wh, 2023, 2)
    ranking = ranking_table([LONG, SHORT, "Ban Dân tộc"])
    card = pd.DataFrame({"code": ["1"], "name": ["Chỉ đạo"], "index": [66.0], "self_index": [70.5]})
    history = pd.DataFrame(
        {"year": [2023], "round": [1], "index": [90.5], "self_index": [92.0],
         "rank": pd.array([3], dtype="Int64"), "units_ranked": [20]}
    )  # fmt: skip
    overview = pd.DataFrame(
        {"group": ["huyen"], "mean_index": [82.04], "best_index": [93.98],
         "worst_index": [70.59], "best_unit": ["Huyện Long Phú"], "worst_unit": ["Thị xã"]}
    )  # fmt: skip
    return {
        "ranking": lambda lang: rankings_fig.ranking_bars(ranking, lang=lang),
        "fields": lambda lang: scorecard_fig.field_bars(card, lang=lang),
        "history": lambda lang: scorecard_fig.history_lines(history, lang=lang),
        "overview": lambda lang: overview_fig.group_ranges(overview, lang=lang),
        "scatter": lambda lang: gaps_fig.gap_scatter(scores, lang=lang),
        "field_gaps": lambda lang: gap_bars_fig.field_gap_bars(fields, lang=lang),
        "criterion_gaps": lambda lang: gap_bars_fig.criterion_gap_bars(criteria, lang=lang),
        "dumbbell": lambda lang: gaps_fig.gap_round_dumbbell(gap_rounds, 1, 2, lang=lang),
        "heatmap": lambda lang: evidence_fig.evidence_heatmap(matrix, lang=lang),
        "round_totals": lambda lang: evidence_fig.round_total_bars(totals, 2, lang=lang),
        "distribution": lambda lang: criterion_fig.score_distribution(explorer, lang=lang),
        "lost_points": lambda lang: criterion_fig.lost_points_bars(explorer, lang=lang),
        "timeline": lambda lang: progress_fig.send_timeline(
            progress.units, progress.opens_at, progress.locks_at, lang=lang
        ),
        "empty": lambda lang: empty_figure("—", lang=lang),
    }


def test_every_chart_takes_its_containers_width_and_the_languages_separators(
    wh: Engine,
) -> None:
    for name, build in builders(wh).items():
        for lang, separators in (("vi", ",."), ("en", ".,")):
            fig = build(lang)
            assert fig.data or name == "empty", name
            assert fig.layout.width is None, name  # never a fixed width: a phone is 390 px
            assert fig.layout.autosize is True, name
            assert fig.layout.separators == separators, (name, lang)


def test_texts_written_by_the_server_follow_the_language(wh: Engine) -> None:
    progress = queries.progress(wh, 2023, 2)
    fig = progress_fig.send_timeline(
        progress.units, progress.opens_at, progress.locks_at, lang="en"
    )
    notes = [a.text for a in fig.layout.annotations]
    assert any("2023-12-04 17:00" in note for note in notes), notes  # ISO dates in English
    assert fig.layout.xaxis.hoverformat == "%Y-%m-%d %H:%M"
    assert all("%Y-%m-%d" in stop.value for stop in fig.layout.xaxis.tickformatstops)
    assert "%{x|%Y-%m-%d %H:%M}" in fig.data[1].hovertemplate
    vi = progress_fig.send_timeline(progress.units, progress.opens_at, progress.locks_at)
    assert any("04/12/2023 17:00" in a.text for a in vi.layout.annotations)
    opening, lock = sorted(vi.layout.annotations[:2], key=lambda a: a.yshift or 0)[::-1]
    assert opening.yshift > (lock.yshift or 0)  # the two labels on their own lines

    matrix = pd.DataFrame(
        {
            "unit_code": ["U", "U"],
            "unit_name": ["Đơn vị U"] * 2,
            "node_code": ["1", "2"],
            "node_name": ["Một", "Hai"],
            "node_order": [1, 2],
            "evidence_required": [3, 1234],
            "missing_evidence": [2, 1200],
        }
    )
    for lang, share, count in (("vi", "66,7%", "1.200"), ("en", "66.7%", "1,200")):
        heat = evidence_fig.evidence_heatmap(matrix, lang=lang).data[0]
        assert heat.customdata[0][0][4] == share
        assert heat.text[0][1] == count


def test_the_names_on_a_timeline_and_a_scatter_keep_their_hover(wh: Engine) -> None:
    units = pd.DataFrame(
        {
            "unit_code": ["U0"],
            "unit_name": [LONG],
            "group_label": ["Sở, ban, ngành tỉnh"],
            "sent": [True],
            "sent_at": [pd.Timestamp(datetime(2023, 12, 5, 8, 0))],
            "late": [True],
        }
    )
    fig = progress_fig.send_timeline(units, None, datetime(2023, 12, 4, 17, 0))
    late = next(trace for trace in fig.data if trace.text is not None)
    assert late.text[0].endswith("…") and late.customdata[0][0] == plain(LONG)
