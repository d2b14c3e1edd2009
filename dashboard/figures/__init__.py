"""Pure figure builders: DataFrames from ``dashboard.queries`` in, ``go.Figure`` out.

No Dash, no SQL, no formatting of numbers into strings: values stay numbers on the axes and
Plotly formats them through the shared template (``separators=",."``), so the screen, exports
and print agree.  Built with ``go.*`` (not ``px``) for speed.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.i18n import t
from dashboard.theme import TEMPLATE


def empty_figure(message: str, height: int = 220) -> go.Figure:
    """A blank chart that says why it is blank (kept a figure so exports still work)."""
    fig = go.Figure(layout={"template": TEMPLATE, "height": height})
    fig.add_annotation(
        text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 15}
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def index_axis_title(lang: str) -> str:
    return t("term.index", lang)
