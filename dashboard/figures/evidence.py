"""The evidence page's charts: units × criteria heatmap of missing evidence, totals per round.

A cell is one unit and one field, criterion or sub-criterion (:func:`dashboard.queries.
evidence_matrix`); its value is the number of items missing evidence or their share of the
items requiring it.  Cells where nothing requires evidence stay empty (grey).  The colour scale
runs from white to dark brown with falling lightness, so it prints in black and white; the
count or share is also written in every cell that has something missing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting, metrics
from dashboard.figures import base_layout, empty_figure, rows_top_down
from dashboard.figures.labels import AXIS_NAME_WIDTH, node_label, plain, plain_all, shorten
from dashboard.i18n import t
from dashboard.theme import APPRAISED_COLOUR, GRID_COLOUR, MUTED_COLOUR

Measure = Literal["count", "share"]
Sort = Literal["worst", "name"]
MEASURES: tuple[Measure, ...] = ("count", "share")
SORTS: tuple[Sort, ...] = ("worst", "name")
# White to dark orange, lightness falling all the way (grey levels in print); black cell text
# stays readable on the darkest colour.
COLOURSCALE = [
    [0.0, "#ffffff"],
    [0.15, "#fee6ce"],
    [0.45, "#fdae6b"],
    [0.75, "#f16913"],
    [1.0, "#c44103"],
]
EMPTY_CELL = "#e9ecef"
CELL_HEIGHT = 28
COLOURBAR_LENGTH = 240  # px, right-aligned under the cells: fits a phone
# More columns than this and the cells are too narrow for their text (counts, "100%").
TEXT_MAX_COLUMNS: Final[dict[str, int]] = {"count": 45, "share": 20}


@dataclass(frozen=True)
class HeatmapGrid:
    """The heatmap's data: rows (units, top first), columns (nodes), values (None = empty)."""

    unit_codes: list[str]
    unit_names: list[str]
    node_codes: list[str]
    node_names: list[str]
    missing: list[list[int | None]]
    required: list[list[int]]
    share: list[list[float | None]]

    def values(self, measure: Measure) -> list[list[float | None]]:
        if measure == "share":
            return self.share
        return [[None if v is None else float(v) for v in row] for row in self.missing]


def _unit_order(matrix: pd.DataFrame, sort: Sort) -> pd.DataFrame:
    """Units, worst first (most items missing, then largest share, then name) or by name."""
    totals = (
        matrix.groupby(["unit_code", "unit_name"], sort=False)[
            ["missing_evidence", "evidence_required"]
        ]
        .sum()
        .reset_index()
    )
    totals["share"] = [
        metrics.share(int(m), int(r)) or 0.0
        for m, r in zip(totals["missing_evidence"], totals["evidence_required"], strict=True)
    ]
    if sort == "name":
        return totals.sort_values(["unit_name", "unit_code"]).reset_index(drop=True)
    return totals.sort_values(
        ["missing_evidence", "share", "unit_name"], ascending=[False, False, True]
    ).reset_index(drop=True)


def heatmap_grid(matrix: pd.DataFrame, sort: Sort = "worst") -> HeatmapGrid:
    """Pivot :func:`dashboard.queries.evidence_matrix` rows into the heatmap's grid."""
    units = _unit_order(matrix, sort)
    wanted = matrix.groupby("node_code")["evidence_required"].transform("sum") > 0
    nodes = (  # a column where nothing requires evidence (a survey field) is left out
        matrix.loc[wanted, ["node_code", "node_name", "node_order"]]
        .drop_duplicates("node_code")
        .sort_values(["node_order", "node_code"])
    )
    cells = {
        (u, n): row
        for u, n, row in zip(
            matrix["unit_code"], matrix["node_code"], matrix.itertuples(index=False), strict=True
        )
    }
    missing: list[list[int | None]] = []
    required: list[list[int]] = []
    share: list[list[float | None]] = []
    for unit in units["unit_code"]:
        row_missing: list[int | None] = []
        row_required: list[int] = []
        row_share: list[float | None] = []
        for node in nodes["node_code"]:
            cell: Any = cells.get((unit, node))
            needed = 0 if cell is None else int(cell.evidence_required)
            row_required.append(needed)
            row_missing.append(int(cell.missing_evidence) if needed else None)
            row_share.append(metrics.share(int(cell.missing_evidence), needed) if needed else None)
        missing.append(row_missing)
        required.append(row_required)
        share.append(row_share)
    return HeatmapGrid(
        unit_codes=[str(u) for u in units["unit_code"]],
        unit_names=[str(n) for n in units["unit_name"]],
        node_codes=[str(c) for c in nodes["node_code"]],
        node_names=[str(n) for n in nodes["node_name"]],
        missing=missing,
        required=required,
        share=share,
    )


def _cell_text(grid: HeatmapGrid, measure: Measure, lang: str) -> list[list[str]]:
    """What each cell says: empty where nothing is missing, else the count or the share."""
    out = []
    for row_missing, row_share in zip(grid.missing, grid.share, strict=True):
        out.append(
            [
                ""
                if not m
                else (
                    formatting.percent(s, 0, lang=lang)
                    if measure == "share"
                    else formatting.integer(m, lang=lang)
                )
                for m, s in zip(row_missing, row_share, strict=True)
            ]
        )
    return out


def _custom(grid: HeatmapGrid, lang: str) -> list[list[list[Any]]]:
    """Per cell: unit name, node code and full name, missing, required, share text."""
    rows = []
    for name, row_missing, row_required, row_share in zip(
        grid.unit_names, grid.missing, grid.required, grid.share, strict=True
    ):
        rows.append(
            [
                [
                    plain(name),
                    plain(f"{code}. {node}"),
                    m if m is not None else 0,
                    r,
                    formatting.percent(s, lang=lang)
                    if s is not None
                    else t("evidence.not_required", lang),
                ]
                for code, node, m, r, s in zip(
                    grid.node_codes,
                    grid.node_names,
                    row_missing,
                    row_required,
                    row_share,
                    strict=True,
                )
            ]
        )
    return rows


def evidence_heatmap(
    matrix: pd.DataFrame,
    *,
    lang: str = "vi",
    measure: Measure = "count",
    sort: Sort = "worst",
) -> go.Figure:
    """Units (rows, worst on top) × nodes (columns) coloured by missing evidence.

    ``matrix``: :func:`dashboard.queries.evidence_matrix` of one group.  A cell's ``y`` is the
    unit code and its ``x`` the node code (what a click reports); the hover names both in full.
    """
    if matrix.empty:
        return empty_figure(t("empty.no_match_title", lang), lang=lang)
    grid = heatmap_grid(matrix, sort)
    values = grid.values(measure)
    top = 1.0 if measure == "share" else max([v for row in values for v in row if v] or [1.0])
    few_columns = len(grid.node_codes) <= 12
    ticks = (
        [node_label(c, n, 26) for c, n in zip(grid.node_codes, grid.node_names, strict=True)]
        if few_columns
        else plain_all(grid.node_codes)
    )
    colorbar_title = t(f"evidence.colorbar_{measure}", lang).replace("<br>", " ")  # one line
    heatmap = go.Heatmap(
        z=values,
        x=grid.node_codes,
        y=grid.unit_codes,
        zmin=0,
        zmax=top,
        colorscale=COLOURSCALE,
        xgap=1,
        ygap=1,
        hoverongaps=False,
        text=_cell_text(grid, measure, lang),
        texttemplate="%{text}" if len(grid.node_codes) <= TEXT_MAX_COLUMNS[measure] else None,
        textfont={"size": 11, "color": "#000000"},
        customdata=_custom(grid, lang),
        colorbar={  # under the cells, so they keep the chart's width on a phone
            "title": {"text": colorbar_title, "side": "top"},
            "tickformat": ".0%" if measure == "share" else "d",
            "dtick": None if measure == "share" else max(1, math.ceil(top / 6)),
            "orientation": "h",
            "thickness": 12,
            "lenmode": "pixels",
            "len": COLOURBAR_LENGTH,
            "x": 1,
            "xanchor": "right",
            "y": 0,
            "yanchor": "top",
            "ypad": 12,
        },
        hovertemplate=(
            "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
            + t("evidence.missing_of", lang)
            + ": %{customdata[2]}/%{customdata[3]} (%{customdata[4]})<extra></extra>"
        ),
    )
    fig = go.Figure(heatmap)
    fig.update_layout(
        base_layout(
            lang,
            height=170 + CELL_HEIGHT * len(grid.unit_codes) + (90 if few_columns else 0),
            plot_bgcolor=EMPTY_CELL,
            margin={"t": 30 if not few_columns else 110},
            clickmode="event",
        )
    )
    fig.update_xaxes(
        type="category",
        side="top",
        tickvals=grid.node_codes,
        ticktext=ticks,
        tickangle=45 if few_columns else -90 if len(grid.node_codes) > 30 else 0,
        tickfont={"size": 9 if len(grid.node_codes) > 60 else 12},
        showgrid=False,
        fixedrange=True,
    )
    names = [shorten(n, AXIS_NAME_WIDTH) for n in grid.unit_names]
    return rows_top_down(
        fig, grid.unit_codes, names, type="category", showgrid=False, fixedrange=True
    )


# --- round against round -----------------------------------------------------------------------


def round_totals(by_round: Mapping[int, pd.DataFrame]) -> pd.DataFrame:
    """Items missing evidence per round, summed over the units of each round's table.

    ``by_round``: ``{round: dashboard.queries.unit_evidence(...)}``.  Columns: ``round``,
    ``missing_evidence``, ``evidence_required``, ``missing_evidence_share``.
    """
    rows = []
    for round_, table in sorted(by_round.items()):
        missing = int(table["missing_evidence"].sum())
        required = int(table["evidence_required"].sum())
        rows.append(
            {
                "round": round_,
                "missing_evidence": missing,
                "evidence_required": required,
                "missing_evidence_share": metrics.share(missing, required),
            }
        )
    columns = ["round", "missing_evidence", "evidence_required", "missing_evidence_share"]
    return pd.DataFrame(rows, columns=columns)


def round_total_bars(totals: pd.DataFrame, current: int, *, lang: str = "vi") -> go.Figure:
    """One bar per round (its total of items missing evidence); the round on screen is solid."""
    if totals.empty:
        return empty_figure(t("empty.no_match_title", lang), height=260, lang=lang)
    labels = [t("gaps.round_n", lang, n=int(r)) for r in totals["round"]]
    is_current = [int(r) == current for r in totals["round"]]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=totals["missing_evidence"],
            marker={
                "color": [APPRAISED_COLOUR if c else "#ffffff" for c in is_current],
                "line": {"color": APPRAISED_COLOUR, "width": 2},
                "pattern": {
                    "shape": ["" if c else "/" for c in is_current],
                    "fgcolor": APPRAISED_COLOUR,
                    "solidity": 0.3,
                },
            },
            texttemplate="%{y:,d}",
            textposition="outside",
            cliponaxis=False,
            customdata=totals[["evidence_required"]].to_numpy(dtype=object),
            hovertemplate="%{x}: %{y:,d}/%{customdata[0]:,d}<extra></extra>",
        )
    )
    fig.update_layout(base_layout(lang, height=280, margin={"t": 30}, showlegend=False))
    fig.update_yaxes(
        title_text=t("evidence.rounds_axis", lang),
        rangemode="tozero",
        gridcolor=GRID_COLOUR,
        linecolor=MUTED_COLOUR,
    )
    fig.update_xaxes(type="category")
    return fig
