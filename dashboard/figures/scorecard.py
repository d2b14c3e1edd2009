"""One unit's charts: sub-index per field (field names above the bars), its index across
years and rounds, and where it stands among the indices of its group (no other unit named)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import base_layout, empty_figure, hatch, index_axis_title, rows_top_down
from dashboard.figures.labels import (
    ABOVE_NAME_WIDTH,
    hover_template,
    names_above_bars,
    plain,
    shorten,
)
from dashboard.i18n import t
from dashboard.theme import APPRAISED_COLOUR, DOWN_COLOUR, MUTED_COLOUR, SELF_COLOUR

FIELD_NAME_WIDTH = ABOVE_NAME_WIDTH
ROW_HEIGHT = 70  # a name line above two bars


def field_bars(fields: pd.DataFrame, *, lang: str = "vi") -> go.Figure:
    """Sub-index per field: appraised (solid) and self (hatched) bars, fields top to bottom.

    ``fields``: the level-1 rows of a scorecard (``code``, ``name``, ``index``,
    ``self_index``).  A field scored only by survey has no self bar; a field not appraised yet
    has no appraised bar.
    """
    if fields.empty or fields[["index", "self_index"]].isna().all().all():
        return empty_figure(t("term.not_scored", lang), lang=lang)
    codes = [plain(c) for c in fields["code"]]
    labels = [
        f"{c}. {shorten(n, FIELD_NAME_WIDTH)}" for c, n in zip(codes, fields["name"], strict=True)
    ]
    full_names = [f"{c}. {plain(n)}" for c, n in zip(codes, fields["name"], strict=True)]
    series = (
        ("self_index", t("score.self", lang), SELF_COLOUR, "/"),
        ("index", t("score.appraised", lang), APPRAISED_COLOUR, ""),
    )
    fig = go.Figure(
        [
            go.Bar(
                x=fields[column],
                y=codes,
                orientation="h",
                name=name,
                marker={"color": colour, "pattern": hatch(pattern)},
                texttemplate="%{x:.2f}",
                textposition="outside",
                cliponaxis=False,
                customdata=full_names,
                hovertemplate="%{customdata}: %{x:.2f}<extra>" + name + "</extra>",
            )
            for column, name, colour, pattern in series
        ]
    )
    fig.update_layout(
        base_layout(
            lang,
            barmode="group",
            height=110 + ROW_HEIGHT * len(codes),
            legend={"traceorder": "reversed"},
            margin={"r": 50},
        )
    )
    fig.update_xaxes(title_text=index_axis_title(lang), range=[0, 108], fixedrange=True)
    return names_above_bars(rows_top_down(fig, codes, labels, fixedrange=True), slots=2)


def period_labels(history: pd.DataFrame, lang: str) -> list[str]:
    """``"2023 – lần 2"`` for every (year, round) row."""
    return [
        t("term.year_round", lang, year=int(y), round=int(r))
        for y, r in zip(history["year"], history["round"], strict=True)
    ]


def history_lines(history: pd.DataFrame, *, lang: str = "vi") -> go.Figure:
    """The unit's appraised and self index in every (year, round), oldest first.

    ``history``: :func:`dashboard.queries.unit_history` (``year``, ``round``, ``index``,
    ``self_index``, ``rank``, ``units_ranked``).  Hover shows the rank in the group.
    """
    if history.empty:
        return empty_figure(t("term.not_scored", lang), lang=lang)
    ordered = history.sort_values(["year", "round"]).reset_index(drop=True)
    x = period_labels(ordered, lang)
    ranks = [
        "—" if pd.isna(r) else f"{int(r)}/{int(n)}"
        for r, n in zip(ordered["rank"], ordered["units_ranked"], strict=True)
    ]
    series = (
        ("index", t("score.appraised", lang), APPRAISED_COLOUR, "circle", "solid"),
        ("self_index", t("score.self", lang), SELF_COLOUR, "diamond-open", "dash"),
    )
    fig = go.Figure(
        [
            go.Scatter(
                x=x,
                y=ordered[column],
                name=name,
                mode="lines+markers+text" if column == "index" else "lines+markers",
                line={"color": colour, "dash": dash, "width": 2.5},
                marker={"symbol": symbol, "size": 10, "color": colour},
                text=[f"{t('term.rank', lang)} {r}" for r in ranks] if column == "index" else None,
                textposition="bottom center",
                customdata=ranks,
                connectgaps=False,
                hovertemplate="%{x}<br>"
                + name
                + ": %{y:.2f}<br>"
                + t("term.rank", lang)
                + ": %{customdata}<extra></extra>",
            )
            for column, name, colour, symbol, dash in series
        ]
    )
    low = pd.concat([ordered["index"], ordered["self_index"]]).min()
    bottom = 0 if pd.isna(low) else max(0, float(low) - 10)
    fig.update_layout(base_layout(lang, height=340))
    fig.update_yaxes(title_text=index_axis_title(lang), range=[bottom, 102])
    fig.update_xaxes(type="category")
    return fig


def _spread(n: int) -> list[float]:
    """Heights for ``n`` dots on one row, spread so equal values stay apart (the same every
    time: by position, not at random)."""
    return [((i * 0.618034) % 1.0 - 0.5) * 0.6 for i in range(n)]


def peer_strip(
    values: Sequence[float], mean: float | None, own: float | None, *, lang: str = "vi"
) -> go.Figure:
    """The indices of a unit's group as dots on one line, the group mean as a dashed line and
    the unit's own index as a large diamond: numbers only — no other unit's name or code is
    in the figure, not even in its hover.

    ``values``: :attr:`dashboard.queries.GroupIndices.values`; ``own``: the unit's index
    (``None``: not ranked, no diamond)."""
    if not values:
        return empty_figure(t("term.not_appraised", lang), lang=lang)
    units, mean_name, this = (t(f"unit.peers_{k}", lang) for k in ("units", "mean", "this"))
    traces = [
        go.Scatter(
            x=list(values), y=_spread(len(values)), mode="markers", name=units,
            marker={"color": MUTED_COLOUR, "size": 10, "opacity": 0.75,
                    "line": {"color": "#000000", "width": 0.6}},
            hovertemplate=hover_template(units + ": %{x:.2f}"),
        ),
    ]  # fmt: skip
    if mean is not None:
        traces.append(
            go.Scatter(
                x=[mean, mean], y=[-0.45, 0.45], mode="lines", name=mean_name,
                line={"color": APPRAISED_COLOUR, "dash": "dash", "width": 2},
                hovertemplate=hover_template(mean_name + ": %{x:.2f}"),
            )
        )  # fmt: skip
    if own is not None:
        traces.append(
            go.Scatter(
                x=[own], y=[0], mode="markers+text", name=this, text=[this],
                textposition="top center", cliponaxis=False,
                marker={"color": DOWN_COLOUR, "size": 18, "symbol": "diamond",
                        "line": {"color": "#000000", "width": 1}},
                hovertemplate=hover_template(this + ": %{x:.2f}"),
            )
        )  # fmt: skip
    fig = go.Figure(traces)
    fig.update_layout(base_layout(lang, height=230, hovermode="closest"))
    shown = [*values, *(v for v in (mean, own) if v is not None)]
    low = max(0.0, 5 * math.floor((min(shown) - 3) / 5))
    fig.update_xaxes(title_text=index_axis_title(lang), range=[low, 102])
    fig.update_yaxes(visible=False, range=[-0.6, 0.75], fixedrange=True)
    return fig
