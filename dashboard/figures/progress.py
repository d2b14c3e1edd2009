"""The progress page's chart: when units sent, against the round's opening and lock times.

x = the time a unit pressed "GỬI", y = how many units had sent by then (a step line), one
marker per unit; a send after the lock is a vermillion cross (on time: a blue circle), and the
lock time is a solid vertical line, the opening a dotted one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting
from dashboard.figures import base_layout, empty_figure
from dashboard.figures.labels import hover_data, inside_legend, shorten
from dashboard.i18n import lang_of, t
from dashboard.theme import APPRAISED_COLOUR, DOWN_COLOUR, MUTED_COLOUR, TEXT_COLOUR

LATE_LABELS = 6  # late senders named on the chart when there are this few
HALF_DAY_MS = 43_200_000  # ticks closer than this show the time of day
LABEL_LINE = 17  # px: the opening's label sits a line above the lock's (no overlap on a phone)
# A day on the time axis's ticks: day/month in Vietnamese; the whole ISO date in English, where
# "04/12" would read as the 12th of April (see dashboard.formatting).
TICK_DAY = {"vi": "%d/%m", "en": "%Y-%m-%d"}


def send_order(units: pd.DataFrame) -> pd.DataFrame:
    """The units that sent, in the order they sent, with ``sent_count`` (1, 2, … cumulative)."""
    sent = units[units["sent"] & units["sent_at"].notna()]
    ordered = sent.sort_values(["sent_at", "unit_name"]).reset_index(drop=True)
    return ordered.assign(sent_count=range(1, len(ordered) + 1))


def _vertical(
    fig: go.Figure, when: datetime, text: str, dash: str, colour: str, anchor: str, line: int = 0
) -> None:
    """A vertical line across the plot at ``when`` with its label on top (date axes safe),
    ``line`` lines above the plot's top."""
    fig.add_shape(
        type="line",
        x0=when,
        x1=when,
        y0=0,
        y1=1,
        xref="x",
        yref="paper",
        line={"color": colour, "width": 2, "dash": dash},
    )
    fig.add_annotation(
        x=when,
        y=1,
        xref="x",
        yref="paper",
        text=text,
        showarrow=False,
        xanchor=anchor,
        yanchor="bottom",
        yshift=LABEL_LINE * line,
        font={"size": 12, "color": colour},
    )


def _x_range(times: list[datetime]) -> list[datetime]:
    low, high = min(times), max(times)
    pad = max((high - low) * 0.04, timedelta(hours=6))
    return [low - pad, high + pad]


def send_timeline(
    units: pd.DataFrame,
    opens_at: datetime | None,
    locks_at: datetime | None,
    *,
    lang: str = "vi",
) -> go.Figure:
    """Cumulative sends over time, one marker per unit, late sends marked, the lock drawn.

    ``units``: ``dashboard.queries.progress(...).units`` (optionally one group's rows).
    """
    order = send_order(units)
    if order.empty:
        return empty_figure(t("progress.nothing_sent", lang), lang=lang)
    late = order["late"].astype(bool)
    when = formatting.date_pattern(lang, time=True)
    fig = go.Figure(
        go.Scatter(
            x=order["sent_at"],
            y=order["sent_count"],
            mode="lines",
            line={"shape": "hv", "color": MUTED_COLOUR, "width": 1.5},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    styles = (
        (
            ~late,
            t("progress.on_time", lang),
            {
                "symbol": "circle",
                "size": 9,
                "color": APPRAISED_COLOUR,
                "line": {"color": "#000000", "width": 0.8},
            },
            False,
        ),
        (
            late,
            t("progress.late", lang),
            {
                "symbol": "x",
                "size": 13,
                "color": DOWN_COLOUR,
                "line": {"color": "#000000", "width": 1},
            },
            True,
        ),
    )
    for chosen, name, marker, label in styles:
        part = order[chosen]
        if part.empty:
            continue
        named = label and len(part) <= LATE_LABELS
        fig.add_trace(
            go.Scatter(
                x=part["sent_at"],
                y=part["sent_count"],
                mode="markers+text" if named else "markers",
                text=[shorten(n, 28) for n in part["unit_name"]] if named else None,
                textposition="top left",
                textfont={"size": 11, "color": DOWN_COLOUR},
                name=name,
                marker=marker,
                customdata=hover_data(
                    part, ["unit_name", "group_label"], ["unit_name", "group_label"]
                ),
                hovertemplate=f"<b>%{{customdata[0]}}</b><br>%{{x|{when}}}<br>{name}<extra></extra>",
            )
        )
    times = [t.to_pydatetime() for t in order["sent_at"]]
    # the lock: a solid line labelled to its left; the opening: dotted, labelled a line higher
    marks = (
        (locks_at, "progress.lock_line", "solid", TEXT_COLOUR, "right", 0),
        (opens_at, "progress.open_line", "dot", MUTED_COLOUR, "left", 1),
    )
    for moment, key, dash, colour, anchor, line in marks:
        if moment is None:
            continue
        times.append(moment)
        text = t(key, lang, time=formatting.datetime_vn(moment, lang=lang))
        _vertical(fig, moment, text, dash, colour, anchor, line)
    total = len(units)
    fig.add_hline(
        y=total,
        line={"color": MUTED_COLOUR, "dash": "dash", "width": 1},
        annotation_text=t("progress.all_units", lang, n=total),
        annotation_position="top left",
    )
    fig.update_layout(
        base_layout(
            lang,
            height=420,
            hovermode="closest",
            margin={"t": 40 + LABEL_LINE},
            legend=inside_legend("right", "bottom"),
        )
    )
    day = TICK_DAY[lang_of(lang)]
    fig.update_xaxes(
        type="date",
        range=_x_range(times),
        title_text=t("progress.time_axis", lang),
        tickformatstops=[
            {"dtickrange": [None, HALF_DAY_MS], "value": day + "<br>%H:%M"},
            {"dtickrange": [HALF_DAY_MS + 1, None], "value": day},
        ],
        hoverformat=when,
    )
    fig.update_yaxes(
        title_text=t("progress.cumulative_axis", lang),
        range=[0, total * 1.08 + 1],
        rangemode="tozero",
    )
    return fig
