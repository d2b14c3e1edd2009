"""The gaps page's bar charts: the mean gap per field, the criteria most over-claimed.

Gap = self − appraised on the same base (self-scored criteria only), positive = over-claimed.
Over-claims are hatched vermillion, the rest plain blue, so the bars read the same printed in
black and white.  The criteria over-claimed (all bars from zero) have their names above the
bars; the fields (bars either side of zero) keep them beside the plot on two short lines.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import metrics
from dashboard.figures import base_layout, empty_figure, hatch, rows_top_down
from dashboard.figures.labels import (
    AXIS_NAME_WIDTH,
    hover_template,
    names_above_bars,
    node_label,
    plain,
    wrap,
)
from dashboard.i18n import t
from dashboard.theme import APPRAISED_COLOUR, DOWN_COLOUR, TEXT_COLOUR

TOP_CRITERIA = 12
ROW_HEIGHT = 40  # a name line above a bar, or a name on two lines
CHROME_HEIGHT = 110
FIELD_MIN_HEIGHT = 420  # beside the scatter: about as tall
OVER_STYLE = {"color": DOWN_COLOUR, "pattern": hatch("/", solidity=0.2)}
UNDER_STYLE = {"color": APPRAISED_COLOUR, "pattern": {"shape": ""}}


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
    ticktext: list[str] | None = None,
) -> go.Figure:
    """Bars top to bottom in the order of ``labels`` (the category values; ``ticktext``: other
    texts written beside them), the value axis's zero drawn."""
    fig.update_layout(
        base_layout(
            lang,
            height=max(min_height, CHROME_HEIGHT + ROW_HEIGHT * len(labels)),
            barmode="overlay",
            bargap=0.25,
            margin={"r": 60},
        )
    )
    fig.update_xaxes(
        title_text=axis_title, zeroline=True, zerolinecolor=TEXT_COLOUR, zerolinewidth=1
    )
    return rows_top_down(fig, labels, ticktext, type="category", showgrid=False)


def field_gap_bars(field_scores: pd.DataFrame, *, lang: str = "vi") -> go.Figure:
    """One bar per field: the mean gap index of its units (:func:`field_gap_summary`)."""
    summary = field_gap_summary(field_scores)
    if summary.empty:
        return empty_figure(t("term.not_appraised", lang), lang=lang)
    labels = [
        node_label(c, n, 44)
        for c, n in zip(summary["field_code"], summary["field_name"], strict=True)
    ]
    hover = hover_template(
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
    # bars either side of zero: the names stay beside the plot, on two short lines
    names = [
        wrap(f"{c}. {n}", AXIS_NAME_WIDTH)
        for c, n in zip(summary["field_code"], summary["field_name"], strict=True)
    ]
    axis_title = t("gaps.field_axis", lang)
    return _bar_layout(fig, labels, axis_title, lang, min_height=FIELD_MIN_HEIGHT, ticktext=names)


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
    hover = hover_template(
        "<b>%{customdata[0]}</b>",
        t("gaps.criteria_axis", lang) + ": %{x:+.2f}",
        t("gaps.over_units", lang) + ": %{customdata[1]}/%{customdata[2]}",
    )
    fig = go.Figure(
        _signed_bars(chosen, "gap_points", labels, hover, ["full_name", "over_units", "all_units"])
    )
    _bar_layout(fig, labels, t("gaps.criteria_axis", lang), lang)
    return names_above_bars(fig)
