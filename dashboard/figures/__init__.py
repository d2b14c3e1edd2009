"""Pure figure builders: DataFrames from ``dashboard.queries`` in, ``go.Figure`` out.

No Dash, no SQL, as little formatting of numbers into strings as possible: values stay numbers
on the axes and Plotly formats them with the view language's separators (:func:`base_layout`:
``0,66`` in Vietnamese, ``0.66`` in English), so the screen, exports and print agree.  Built
with ``go.*`` (not ``px``) for speed.

Every builder takes ``lang`` and starts its layout from :func:`base_layout`: no fixed width
(the chart takes its container's, 390 px on a phone), a height from the data.  Long names are
cut for the axes and shown whole in the hover (:mod:`dashboard.figures.labels`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import plotly.graph_objects as go

from dashboard.formatting import plotly_separators
from dashboard.i18n import DEFAULT_LANG, t
from dashboard.theme import MUTED_COLOUR, TEMPLATE


def base_layout(lang: str = DEFAULT_LANG, **settings: Any) -> dict[str, Any]:
    """The layout every figure starts from: the shared template, ``lang``'s decimal and
    thousands separators (Plotly's ``separators``), sized to its container's width."""
    shared = {"template": TEMPLATE, "separators": plotly_separators(lang), "autosize": True}
    return {**shared, **settings}


def empty_figure(message: str, height: int = 220, *, lang: str = DEFAULT_LANG) -> go.Figure:
    """A blank chart that says why it is blank (kept a figure so exports still work)."""
    fig = go.Figure(layout=base_layout(lang, height=height))
    fig.add_annotation(
        text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 15}
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def index_axis_title(lang: str) -> str:
    return t("term.index", lang)


def hatch(shape: str, *, colour: str = "#000000", solidity: float = 0.3) -> dict[str, Any]:
    """A bar's fill pattern (``"/"`` diagonal lines, ``""`` none) drawn in ``colour`` over the
    bar's own colour, so bars tell apart printed in black and white too."""
    return {
        "shape": shape,
        "fillmode": "overlay",
        "fgcolor": colour,
        "solidity": solidity,
        "size": 7,
    }


def rows_top_down(
    fig: go.Figure, rows: Sequence[Any], ticktext: Sequence[str] | None = None, **axis: Any
) -> go.Figure:
    """The y axis's categories ``rows`` from top to bottom in this order, each labelled with its
    ``ticktext`` (the category value itself without it); ``axis``: more y axis settings."""
    labels = {} if ticktext is None else {"tickvals": list(rows), "ticktext": list(ticktext)}
    fig.update_yaxes(categoryorder="array", categoryarray=list(rows)[::-1], **labels, **axis)
    return fig


def segments(
    rows: Iterable[Any], starts: Iterable[Any], ends: Iterable[Any], *, width: float
) -> go.Scatter:
    """One grey line per row from its start to its end value (the bar of a dumbbell or of a
    range), drawn under the markers: no hover, no legend entry."""
    x: list[Any] = []
    y: list[Any] = []
    for row, start, end in zip(rows, starts, ends, strict=True):
        x += [start, end, None]
        y += [row, row, None]
    return go.Scatter(
        x=x,
        y=y,
        mode="lines",
        line={"color": MUTED_COLOUR, "width": width},
        hoverinfo="skip",
        showlegend=False,
    )
