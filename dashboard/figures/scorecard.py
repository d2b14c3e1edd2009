"""One unit's charts: sub-index per field (field names above the bars), and its index across
years and rounds."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import base_layout, empty_figure, hatch, index_axis_title, rows_top_down
from dashboard.figures.labels import ABOVE_NAME_WIDTH, names_above_bars, plain, shorten
from dashboard.i18n import t
from dashboard.theme import APPRAISED_COLOUR, SELF_COLOUR

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
