"""The gaps page's charts: self vs appraised index, gap per field, per criterion, per round.

Gap = self − appraised on the same base (self-scored criteria only), positive = over-claimed.
Over-claims are drawn in vermillion with a hatch or a down-pointing marker, the rest in blue
with open markers, so the charts read the same printed in black and white.  The criteria
over-claimed (all bars from zero) have their names above the bars; the fields (bars either side
of zero) keep them beside the plot on two short lines.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard import metrics
from dashboard.figures import base_layout, empty_figure
from dashboard.figures.labels import (
    AXIS_NAME_WIDTH,
    hover_data,
    inside_legend,
    names_above_bars,
    node_label,
    plain,
    shorten,
    wrap,
)
from dashboard.i18n import t
from dashboard.theme import APPRAISED_COLOUR, DOWN_COLOUR, MUTED_COLOUR, TEXT_COLOUR

LABELLED = 5  # over-claimers named on the scatter
TOP_CRITERIA = 12
ROW_HEIGHT = 26
TALL_ROW_HEIGHT = 40  # a name line above a bar, or a name on two lines
CHROME_HEIGHT = 110
FIELD_MIN_HEIGHT = 420  # beside the scatter: about as tall
OVER_STYLE = {
    "color": DOWN_COLOUR,
    "pattern": {
        "shape": "/",
        "fillmode": "overlay",
        "fgcolor": "#000000",
        "solidity": 0.2,
        "size": 7,
    },
}
UNDER_STYLE = {"color": APPRAISED_COLOUR, "pattern": {"shape": ""}}


def _hover(*lines: str) -> str:
    return "<br>".join(lines) + "<extra></extra>"


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
    hover = _hover(
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


# --- per field ---------------------------------------------------------------------------------


def field_gap_summary(field_scores: pd.DataFrame) -> pd.DataFrame:
    """Per field: mean gap index over its units (of their exact gap indices), total gap
    points, over-claiming units.

    ``field_scores``: :func:`dashboard.queries.field_scores` of one group.  Fields without any
    gap (survey-only fields) are left out.  Columns: ``field_code``, ``field_name``,
    ``field_order``, ``mean_gap_index``, ``gap_points``, ``units``, ``over_claiming_units``.
    """
    rows = []
    present = field_scores[field_scores["gap_index"].notna()]
    for (code, name, order), part in present.groupby(
        ["field_code", "field_name", "field_order"], sort=False
    ):
        rows.append(
            {
                "field_code": code,
                "field_name": name,
                "field_order": order,
                "mean_gap_index": metrics.mean_rounded(part["gap_index_exact"]),
                "gap_points": float(part["gap_points"].sum()),
                "units": len(part),
                "over_claiming_units": int(metrics.over_claiming(part).sum()),
            }
        )
    columns = [
        "field_code",
        "field_name",
        "field_order",
        "mean_gap_index",
        "gap_points",
        "units",
        "over_claiming_units",
    ]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values("field_order").reset_index(drop=True)


def _signed_bars(
    frame: pd.DataFrame, value_col: str, labels: list[str], hover: str, custom: list[str]
) -> list[go.Bar]:
    """Horizontal bars, over-claims (> 0) hatched vermillion, the rest plain blue."""
    traces = []
    for positive in (True, False):
        chosen = frame[value_col] > 0 if positive else ~(frame[value_col] > 0)
        part = frame[chosen]
        if part.empty:
            continue
        style = OVER_STYLE if positive else UNDER_STYLE
        traces.append(
            go.Bar(
                x=part[value_col],
                y=[labels[i] for i in part.index],
                orientation="h",
                showlegend=False,
                marker={**style, "line": {"color": "#343a40", "width": 0.6}},
                texttemplate="%{x:+.2f}",
                textposition="outside",
                cliponaxis=False,
                customdata=part[custom].to_numpy(dtype=object),
                hovertemplate=hover,
            )
        )
    return traces


def _bar_layout(
    fig: go.Figure,
    labels: list[str],
    axis_title: str,
    lang: str,
    *,
    min_height: int = 0,
    row_height: int = ROW_HEIGHT,
) -> go.Figure:
    fig.update_layout(
        base_layout(
            lang,
            height=max(min_height, CHROME_HEIGHT + row_height * len(labels)),
            barmode="overlay",
            bargap=0.25,
            margin={"r": 60},
        )
    )
    fig.update_xaxes(
        title_text=axis_title, zeroline=True, zerolinecolor=TEXT_COLOUR, zerolinewidth=1
    )
    fig.update_yaxes(
        type="category", categoryorder="array", categoryarray=labels[::-1], showgrid=False
    )
    return fig


def field_gap_bars(field_scores: pd.DataFrame, *, lang: str = "vi") -> go.Figure:
    """One bar per field: the mean gap index of its units (:func:`field_gap_summary`)."""
    summary = field_gap_summary(field_scores)
    if summary.empty:
        return empty_figure(t("term.not_appraised", lang), lang=lang)
    labels = [
        node_label(c, n, 44)
        for c, n in zip(summary["field_code"], summary["field_name"], strict=True)
    ]
    hover = _hover(
        "<b>%{customdata[0]}</b>",
        t("gaps.field_axis", lang) + ": %{x:+.2f}",
        t("gaps.gap_points", lang) + ": %{customdata[1]:+.2f}",
        t("gaps.over_units", lang) + ": %{customdata[2]}/%{customdata[3]}",
    )
    summary = summary.assign(
        full_name=[
            plain(f"{c}. {n}")
            for c, n in zip(summary["field_code"], summary["field_name"], strict=True)
        ]
    )
    custom = ["full_name", "gap_points", "over_claiming_units", "units"]
    fig = go.Figure(_signed_bars(summary, "mean_gap_index", labels, hover, custom))
    _bar_layout(
        fig,
        labels,
        t("gaps.field_axis", lang),
        lang,
        min_height=FIELD_MIN_HEIGHT,
        row_height=TALL_ROW_HEIGHT,
    )
    # bars either side of zero: the names stay beside the plot, on two short lines
    fig.update_yaxes(
        tickvals=labels,
        ticktext=[
            wrap(f"{c}. {n}", AXIS_NAME_WIDTH)
            for c, n in zip(summary["field_code"], summary["field_name"], strict=True)
        ],
    )
    return fig


# --- per criterion -----------------------------------------------------------------------------


def top_over_claimed(criterion_gaps: pd.DataFrame, n: int = TOP_CRITERIA) -> pd.DataFrame:
    """The ``n`` criteria with the largest positive total gap (framework order on ties)."""
    over = criterion_gaps[criterion_gaps["gap_points"] > 0]
    ordered = over.sort_values(["gap_points", "criterion_order"], ascending=[False, True])
    return ordered.head(n).reset_index(drop=True)


def criterion_gap_bars(
    criterion_gaps: pd.DataFrame, *, lang: str = "vi", top: int = TOP_CRITERIA
) -> go.Figure:
    """The criteria with the largest total over-claim across units, largest on top.

    ``criterion_gaps``: :func:`dashboard.queries.criterion_gaps` of one group.
    """
    chosen = top_over_claimed(criterion_gaps, top)
    if chosen.empty:
        return empty_figure(t("gaps.no_over_claim", lang), lang=lang)
    labels = [
        node_label(c, n, 48)
        for c, n in zip(chosen["criterion_code"], chosen["criterion_name"], strict=True)
    ]
    chosen = chosen.assign(
        full_name=[
            plain(f"{c}. {n}")
            for c, n in zip(chosen["criterion_code"], chosen["criterion_name"], strict=True)
        ],
        over_units=chosen["over_claiming_units"].astype("int64"),
        all_units=chosen["units"].astype("int64"),
    )
    hover = _hover(
        "<b>%{customdata[0]}</b>",
        t("gaps.criteria_axis", lang) + ": %{x:+.2f}",
        t("gaps.over_units", lang) + ": %{customdata[1]}/%{customdata[2]}",
    )
    fig = go.Figure(
        _signed_bars(chosen, "gap_points", labels, hover, ["full_name", "over_units", "all_units"])
    )
    _bar_layout(fig, labels, t("gaps.criteria_axis", lang), lang, row_height=TALL_ROW_HEIGHT)
    return names_above_bars(fig)


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
    line_x: list[float | None] = []
    line_y: list[str | None] = []
    for code, a, b in zip(rows["unit_code"], rows["gap_first"], rows["gap_second"], strict=True):
        line_x += [a, b, None]
        line_y += [code, code, None]
    traces: list[go.Scatter] = [
        go.Scatter(
            x=line_x,
            y=line_y,
            mode="lines",
            line={"color": MUTED_COLOUR, "width": 2},
            hoverinfo="skip",
            showlegend=False,
        )
    ]
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
                hovertemplate=_hover(
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
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=order[::-1],
        tickvals=order,
        ticktext=[shorten(n, AXIS_NAME_WIDTH) for n in rows["unit_name"]],
        showgrid=True,
    )
    return fig
