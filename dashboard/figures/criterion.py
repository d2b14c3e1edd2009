"""The criteria page's charts: how units scored on one field or criterion, who lost the most.

Input: :func:`dashboard.queries.criterion_explorer` (one row per unit, scores over the node's
leaves).  Self and appraised indices differ in marker shape as well as colour (print).  Unit
names are written above their bars (:func:`dashboard.figures.labels.names_above_bars`).
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import base_layout, empty_figure, rows_top_down
from dashboard.figures.labels import ABOVE_NAME_WIDTH, hover_data, names_above_bars, shorten
from dashboard.i18n import t
from dashboard.theme import APPRAISED_COLOUR, DOWN_COLOUR, SELF_COLOUR

TOP_UNITS = 15
ROW_HEIGHT = 40  # a name line above a bar


def _box(table: pd.DataFrame, column: str, name: str, colour: str, symbol: str) -> go.Box:
    present = table[table[column].notna()]
    return go.Box(
        x=present[column],
        name=name,
        orientation="h",
        boxpoints="all",
        jitter=0.5,
        pointpos=0,
        hoveron="points",
        line={"color": colour, "width": 1.5},
        fillcolor="rgba(0,0,0,0)",
        marker={
            "color": colour,
            "symbol": symbol,
            "size": 9,
            "opacity": 0.85,
            "line": {"color": "#000000", "width": 0.8},
        },
        customdata=hover_data(present, ["unit_name"], ["unit_name"]),
        hovertemplate="<b>%{customdata[0]}</b><br>" + name + ": %{x:.2f}<extra></extra>",
    )


def score_distribution(table: pd.DataFrame, *, lang: str = "vi") -> go.Figure:
    """Every unit's self and appraised index on the node, as two box-and-points rows."""
    rows = [
        ("self_index", t("score.self", lang), SELF_COLOUR, "circle-open"),
        ("index", t("score.appraised", lang), APPRAISED_COLOUR, "diamond"),
    ]
    boxes = [_box(table, c, n, colour, s) for c, n, colour, s in rows if table[c].notna().any()]
    if not boxes:
        return empty_figure(t("term.not_appraised", lang), lang=lang)
    fig = go.Figure(boxes)
    fig.update_layout(
        base_layout(lang, height=140 + 110 * len(boxes), showlegend=False, hovermode="closest")
    )
    values = pd.concat([table[c] for c, _, _, _ in rows]).dropna()
    low = max(0.0, 5 * math.floor((float(values.min()) - 3) / 5))
    fig.update_xaxes(title_text=t("term.index", lang), range=[low, 102])
    fig.update_yaxes(
        showgrid=False, categoryorder="array", categoryarray=[name for _, name, _, _ in rows][::-1]
    )
    return fig


def most_lost(table: pd.DataFrame, n: int = TOP_UNITS) -> pd.DataFrame:
    """The ``n`` units that lost the most points on the node (appraised), largest first."""
    lost = table[table["lost_points"] > 0]
    ordered = lost.sort_values(["lost_points", "unit_name"], ascending=[False, True])
    return ordered.head(n).reset_index(drop=True)


def lost_points_bars(table: pd.DataFrame, *, lang: str = "vi", top: int = TOP_UNITS) -> go.Figure:
    """Units by points lost on the node (applicable maximum − appraised points), most on top."""
    if table.empty or table["points"].isna().all():
        return empty_figure(t("term.not_appraised", lang), lang=lang)
    chosen = most_lost(table, top)
    if chosen.empty:
        return empty_figure(t("criteria.lost_points", lang) + ": 0", lang=lang)
    order = list(chosen["unit_code"])
    fig = go.Figure(
        go.Bar(
            x=chosen["lost_points"],
            y=order,
            orientation="h",
            marker={
                "color": DOWN_COLOUR,
                "line": {"color": "#343a40", "width": 0.6},
            },
            texttemplate="%{x:.2f}",
            textposition="outside",
            cliponaxis=False,
            customdata=hover_data(
                chosen, ["unit_name", "points", "max_points", "index"], ["unit_name"]
            ),
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>"
                + t("criteria.lost_axis", lang)
                + ": %{x:.2f}<br>"
                + t("term.points", lang)
                + ": %{customdata[1]:.2f}/%{customdata[2]:.2f}<br>"
                + t("term.index", lang)
                + ": %{customdata[3]:.2f}<extra></extra>"
            ),
        )
    )
    fig.update_layout(
        base_layout(lang, height=110 + ROW_HEIGHT * len(order), margin={"r": 60}, showlegend=False)
    )
    fig.update_xaxes(title_text=t("criteria.lost_axis", lang), rangemode="tozero")
    names = [shorten(n, ABOVE_NAME_WIDTH) for n in chosen["unit_name"]]
    return names_above_bars(rows_top_down(fig, order, names, type="category"))
