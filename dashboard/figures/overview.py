"""The overview chart: per group, the range from the lowest to the highest index and the mean."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import base_layout, empty_figure, index_axis_title, rows_top_down, segments
from dashboard.figures.labels import plain, plain_all, wrap
from dashboard.i18n import group_label, t
from dashboard.theme import OKABE_ITO

GROUP_LABEL_WIDTH = 18  # a group's name beside the plot, on two lines of this many characters


def group_ranges(overview: pd.DataFrame, *, lang: str = "vi") -> go.Figure:
    """One row per group: a line from the worst to the best unit, markers for both and the mean.

    ``overview``: :func:`dashboard.queries.overview` (``group``, ``mean_index``,
    ``best_index``, ``worst_index``, ``best_unit``, ``worst_unit``).  Groups top to bottom in
    the table's order; a group without an index yet is left out.
    """
    shown = overview[overview["mean_index"].notna()] if not overview.empty else overview
    if shown.empty:
        return empty_figure(t("term.not_appraised", lang), lang=lang)
    labels = [plain(group_label(str(g), lang)) for g in shown["group"]]
    markers = (
        ("worst_index", "worst_unit", t("overview.worst", lang), OKABE_ITO[3], "triangle-left"),
        ("mean_index", None, t("overview.mean_index", lang), OKABE_ITO[0], "diamond"),
        ("best_index", "best_unit", t("overview.best", lang), OKABE_ITO[2], "triangle-right"),
    )
    traces = [segments(labels, shown["worst_index"], shown["best_index"], width=3)]
    for column, unit_col, name, colour, symbol in markers:
        units = plain_all(shown[unit_col]) if unit_col else [""] * len(shown)
        traces.append(
            go.Scatter(
                x=shown[column],
                y=labels,
                mode="markers",
                name=name,
                marker={
                    "color": colour,
                    "symbol": symbol,
                    "size": 14,
                    "line": {"color": "#000000", "width": 1},
                },
                customdata=units,
                hovertemplate="%{y}<br>" + name + ": %{x:.2f}<br>%{customdata}<extra></extra>",
            )
        )
    fig = go.Figure(traces)
    fig.update_layout(base_layout(lang, height=120 + 60 * len(labels)))
    fig.update_xaxes(title_text=index_axis_title(lang))
    # the hover (``%{y}``) names the group in full; the axis, on two short lines
    names = [wrap(group_label(str(g), lang), GROUP_LABEL_WIDTH) for g in shown["group"]]
    return rows_top_down(fig, labels, names, showgrid=False)
