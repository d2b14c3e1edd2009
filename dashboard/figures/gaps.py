"""The gaps page's unit charts: self vs appraised index, and each unit's gap round against
round.

Gap = self − appraised on the same base (self-scored criteria only), positive = over-claimed.
Over-claims are drawn in vermillion with a down-pointing marker, the rest in blue with open
markers, so the charts read the same printed in black and white.  The bars per field and per
criterion are in :mod:`dashboard.figures.gap_bars`.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard import metrics
from dashboard.figures import base_layout, empty_figure, rows_top_down, segments
from dashboard.figures.labels import (
    AXIS_NAME_WIDTH,
    hover_data,
    hover_template,
    inside_legend,
    shorten,
)
from dashboard.i18n import t
from dashboard.theme import APPRAISED_COLOUR, DOWN_COLOUR, MUTED_COLOUR, TEXT_COLOUR

LABELLED = 5  # over-claimers named on the scatter
ROW_HEIGHT = 26
CHROME_HEIGHT = 110


# --- self vs appraised index -------------------------------------------------------------------


def scatter_points(scores: pd.DataFrame) -> pd.DataFrame:
    """The units the scatter shows: :func:`dashboard.metrics.compared_units`."""
    return metrics.compared_units(scores)


def over_claimers(scores: pd.DataFrame, n: int = LABELLED) -> pd.DataFrame:
    """The ``n`` over-claiming units (:func:`dashboard.metrics.over_claiming`) with the
    largest gap index (ties by name)."""
    points = scatter_points(scores)
    over = points[metrics.over_claiming(points)]
    ordered = over.sort_values(["gap_index", "unit_name"], ascending=[False, True])
    return ordered.head(n).reset_index(drop=True)


def _axis_range(values: pd.Series) -> list[float]:
    """Both axes' range: the data with room below for the lowest units' labels."""
    low = max(0.0, math.floor(float(values.min())) - 5)
    high = min(102.0, math.ceil(float(values.max())) + 2)
    return [low, high]


LABEL_STEP = 24  # px between two stacked labels
SCATTER_NAME_WIDTH = 20  # a name beside its marker, inside a phone-wide plot


def _label_over_claimers(fig: go.Figure, named: pd.DataFrame, span: list[float]) -> None:
    """Name the over-claimers beside their markers; labels stacked top to bottom like their
    markers, each at least one line apart, on the side with room."""
    ordered = named.sort_values("appraised_self_index", ascending=False).reset_index(drop=True)
    middle = (len(ordered) - 1) / 2
    middle_x = span[0] + 0.5 * (span[1] - span[0])  # labels point to the wider side
    for step, (_, row) in enumerate(ordered.iterrows()):
        leftwards = float(row["self_index"]) > middle_x
        fig.add_annotation(
            x=row["self_index"],
            y=row["appraised_self_index"],
            text=shorten(row["unit_name"], SCATTER_NAME_WIDTH),
            showarrow=True,
            arrowhead=0,
            arrowcolor=MUTED_COLOUR,
            ax=-35 if leftwards else 35,
            ay=round(LABEL_STEP * (step - middle)),
            xanchor="right" if leftwards else "left",
            font={"size": 12, "color": TEXT_COLOUR},
            bgcolor="rgba(255,255,255,0.85)",
            bordercolor=MUTED_COLOUR,
            borderwidth=0.5,
        )


def gap_scatter(scores: pd.DataFrame, *, lang: str = "vi", labelled: int = LABELLED) -> go.Figure:
    """x = self index, y = appraised index (same base), one marker per unit, y = x drawn.

    ``scores``: :func:`dashboard.queries.unit_scores`.  Units below the diagonal over-claimed
    (triangles); the ``labelled`` largest over-claimers are named.  ``customdata[0]`` is the
    unit code.
    """
    points = scatter_points(scores)
    if points.empty:
        return empty_figure(t("term.not_appraised", lang), lang=lang)
    span = _axis_range(pd.concat([points["self_index"], points["appraised_self_index"]]))
    hover = hover_template(
        "<b>%{customdata[1]}</b>",
        t("term.self_index", lang) + ": %{x:.2f}",
        t("gaps.appraised_axis", lang) + ": %{y:.2f}",
        t("gaps.gap_index", lang) + ": %{customdata[2]:+.2f}",
        t("gaps.gap_points", lang) + ": %{customdata[3]:+.2f}",
    )
    traces: list[go.Scatter] = [
        go.Scatter(
            x=span,
            y=span,
            mode="lines",
            name=t("gaps.diagonal", lang),
            line={"color": MUTED_COLOUR, "dash": "dash", "width": 1.5},
            hoverinfo="skip",
        )
    ]
    over = points["gap_index"] > 0
    for part, name, marker in (
        (
            points[over],
            t("gaps.over", lang),
            {
                "symbol": "triangle-down",
                "size": 12,
                "color": DOWN_COLOUR,
                "line": {"color": "#000000", "width": 1},
            },
        ),
        (
            points[~over],
            t("gaps.not_over", lang),
            {"symbol": "circle-open", "size": 11, "color": APPRAISED_COLOUR, "line": {"width": 2}},
        ),
    ):
        if part.empty:
            continue
        traces.append(
            go.Scatter(
                x=part["self_index"],
                y=part["appraised_self_index"],
                mode="markers",
                name=name,
                marker=marker,
                customdata=hover_data(
                    part, ["unit_code", "unit_name", "gap_index", "gap_points"], ["unit_name"]
                ),
                hovertemplate=hover,
            )
        )
    fig = go.Figure(traces)
    _label_over_claimers(fig, over_claimers(points, labelled), span)
    fig.update_layout(
        base_layout(
            lang,
            height=500,
            hovermode="closest",
            legend=inside_legend("left", "top"),  # above the diagonal: rarely any unit there
        )
    )
    fig.update_xaxes(title_text=t("term.self_index", lang), range=span)
    fig.update_yaxes(title_text=t("gaps.appraised_axis", lang), range=span)
    return fig


# --- round against round -----------------------------------------------------------------------


def compared_rounds(gap_rounds: pd.DataFrame) -> tuple[int, int] | None:
    """The first and the last round of the year with a gap, or ``None`` with fewer than two."""
    present = sorted({int(r) for r in gap_rounds.loc[gap_rounds["gap_index"].notna(), "round"]})
    return (present[0], present[-1]) if len(present) >= 2 else None


def dumbbell_rows(gap_rounds: pd.DataFrame, first: int, second: int) -> pd.DataFrame:
    """Per unit with a gap in both rounds: ``gap_first``, ``gap_second``; largest first gap on top.

    Columns: ``unit_code``, ``unit_name``, ``gap_first``, ``gap_second``.
    """

    def of(round_: int, column: str) -> pd.DataFrame:
        part = gap_rounds[(gap_rounds["round"] == round_) & gap_rounds["gap_index"].notna()]
        return part[["unit_code", "unit_name", "gap_index"]].rename(columns={"gap_index": column})

    pairs = of(first, "gap_first").merge(
        of(second, "gap_second").drop(columns="unit_name"), on="unit_code"
    )
    ordered = pairs.sort_values(["gap_first", "unit_name"], ascending=[False, True])
    return ordered.reset_index(drop=True)


def gap_round_dumbbell(
    gap_rounds: pd.DataFrame, first: int, second: int, *, lang: str = "vi"
) -> go.Figure:
    """Per unit, its gap index in round ``first`` (open circle) and ``second`` (filled diamond).

    ``gap_rounds``: :func:`dashboard.queries.gap_rounds`.  A line joins the two; units sorted
    by the first round's gap, largest on top.
    """
    rows = dumbbell_rows(gap_rounds, first, second)
    if rows.empty:
        return empty_figure(t("term.not_appraised", lang), lang=lang)
    order = list(rows["unit_code"])
    traces = [segments(order, rows["gap_first"], rows["gap_second"], width=2)]
    ends = (
        (
            "gap_first",
            first,
            {"symbol": "circle-open", "size": 11, "color": DOWN_COLOUR, "line": {"width": 2.5}},
        ),
        (
            "gap_second",
            second,
            {
                "symbol": "diamond",
                "size": 11,
                "color": APPRAISED_COLOUR,
                "line": {"color": "#000000", "width": 1},
            },
        ),
    )
    for column, round_, marker in ends:
        name = t("gaps.round_n", lang, n=round_)
        traces.append(
            go.Scatter(
                x=rows[column],
                y=rows["unit_code"],
                mode="markers",
                name=name,
                marker=marker,
                customdata=hover_data(rows, ["unit_name"], ["unit_name"]),
                hovertemplate=hover_template(
                    "<b>%{customdata[0]}</b>", name + ": %{x:+.2f} " + t("b.points_pct", lang)
                ),
            )
        )
    fig = go.Figure(traces)
    fig.update_layout(
        base_layout(
            lang,
            height=CHROME_HEIGHT + ROW_HEIGHT * len(order),
            legend=inside_legend("right", "bottom"),  # the smallest gaps are at the bottom, left
        )
    )
    fig.update_xaxes(
        title_text=t("gaps.gap_index", lang),
        zeroline=True,
        zerolinecolor=TEXT_COLOUR,
        zerolinewidth=1,
    )
    names = [shorten(n, AXIS_NAME_WIDTH) for n in rows["unit_name"]]
    return rows_top_down(fig, order, names, type="category", showgrid=True)
