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

from typing import Any

import plotly.graph_objects as go

from dashboard.formatting import plotly_separators
from dashboard.i18n import DEFAULT_LANG, t
from dashboard.theme import TEMPLATE


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
