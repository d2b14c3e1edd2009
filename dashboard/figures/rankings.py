"""The ranking chart: one group's units as horizontal bars, rank 1 on top, coloured by band.

Each unit's rank, name and rank change are written above its bar (a phone shows the bars at
full width), the name cut to :data:`LABEL_WIDTH` characters and whole in the hover.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import metrics
from dashboard.figures import base_layout, empty_figure, hatch, index_axis_title, rows_top_down
from dashboard.figures.labels import ABOVE_NAME_WIDTH, hover_data, names_above_bars, plain, shorten
from dashboard.i18n import t
from dashboard.theme import (
    DOWN_COLOUR,
    NO_BAND_STYLE,
    UP_COLOUR,
    BandStyle,
    band_styles,
)

BAR_HEIGHT = 40  # a name line above a bar
CHROME_HEIGHT = 120
LABEL_WIDTH = ABOVE_NAME_WIDTH  # characters of a unit name kept on the axis


def band_order(bands: metrics.Bands = metrics.DEFAULT_BANDS) -> list[str]:
    """Band labels, best first."""
    return [label for label, _ in sorted(bands, key=lambda pair: pair[1], reverse=True)]


def rank_arrow(change: Any) -> str:
    """``▲2`` moved up two places, ``▼1`` down one, ``=`` unchanged, ``""`` not comparable."""
    if change is None or pd.isna(change):
        return ""
    places = int(change)
    if places > 0:
        return f"▲{places}"
    if places < 0:
        return f"▼{-places}"
    return "="


def ranked_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The units with an index, in rank order (ties by name): the bars, top to bottom; units
    not finished (no rank) last, by their index so far."""
    ranked = table[table["index"].notna()]
    order = ["rank", "index", "unit_name", "unit_code"]
    return ranked.sort_values(order, ascending=[True, False, True, True]).reset_index(drop=True)


def rank_text(rank: Any) -> str:
    """``3``, or ``—`` for a unit not ranked (not finished)."""
    return "—" if pd.isna(rank) else str(int(rank))


def _tick_label(row: pd.Series, change_col: str | None) -> str:
    arrow = rank_arrow(row[change_col]) if change_col and change_col in row.index else ""
    label = f"{rank_text(row['rank'])}. {shorten(row['unit_name'], LABEL_WIDTH)}"
    if not arrow:
        return label
    colour = UP_COLOUR if arrow.startswith("▲") else DOWN_COLOUR if arrow.startswith("▼") else None
    shown = f'<span style="color:{colour}">{arrow}</span>' if colour else arrow
    return f"{label}  {shown}"


def _bar_trace(part: pd.DataFrame, name: str, style: BandStyle, lang: str) -> go.Bar:
    return go.Bar(
        x=part["index"],
        y=part["unit_code"],
        orientation="h",
        name=name,
        marker={
            "color": style.colour,
            "line": {"color": "#343a40", "width": 0.6},
            "pattern": hatch(style.pattern, colour=style.text_colour),
        },
        customdata=hover_data(part, ["unit_code", "unit_name", "rank_text"], ["unit_name"]),
        texttemplate="%{x:.2f}",
        textposition="outside",
        cliponaxis=False,
        hovertemplate=(
            "<b>%{customdata[1]}</b><br>"
            + t("term.rank", lang)
            + ": %{customdata[2]}<br>"
            + t("term.index", lang)
            + ": %{x:.2f}<extra>"
            + name
            + "</extra>"
        ),
    )


def ranking_bars(
    table: pd.DataFrame,
    *,
    lang: str = "vi",
    title: str | None = None,
    bands: metrics.Bands = metrics.DEFAULT_BANDS,
    change_col: str | None = "rank_change_round",
) -> go.Figure:
    """One group's ranking from :func:`dashboard.queries.rankings` rows.

    Bars top to bottom in rank order; x = the index; one trace per band (legend = bands), each
    with its colour and fill pattern; ``customdata[0]`` is the unit code (click → unit page).
    The axis label shows the rank, the name and the rank change in ``change_col`` (▲▼).
    """
    ranked = ranked_rows(table)
    if ranked.empty:
        return empty_figure(t("term.not_appraised", lang), lang=lang)
    ranked["rank_text"] = [rank_text(v) for v in ranked["rank"]]
    order = list(ranked["unit_code"])
    labels = [_tick_label(row, change_col) for _, row in ranked.iterrows()]
    styles = band_styles(band_order(bands))
    traces = []
    for label in [*styles, None]:
        part = ranked[ranked["band"].isna()] if label is None else ranked[ranked["band"] == label]
        if part.empty:
            continue
        name = (
            t("term.no_band", lang)
            if label is None
            else t("term.band_legend", lang, band=plain(label))
        )
        style = NO_BAND_STYLE if label is None else styles[label]
        traces.append(_bar_trace(part, name, style, lang))
    fig = go.Figure(traces)
    fig.update_layout(
        base_layout(
            lang,
            title={"text": plain(title)} if title else None,
            height=CHROME_HEIGHT + BAR_HEIGHT * len(order),
            barmode="overlay",
            clickmode="event",
            legend={"traceorder": "normal"},
            margin={"r": 50},
        )
    )
    fig.update_xaxes(title_text=index_axis_title(lang), range=[0, 105], fixedrange=True)
    return names_above_bars(rows_top_down(fig, order, labels, fixedrange=True))
