"""Text that fits and shows as written: long Vietnamese names shortened for ticks (whole in
hovers), legends placed inside the plot, clear of the mode bar.

On a phone (a chart about 350 px wide) a name beside the plot takes the room of the bars, so:

* bar charts whose bars all start at zero and carry their value write each name *above* its
  bar, across the plot's width (:func:`names_above_bars`): the ranking, points lost, the
  criteria over-claimed, a unit's fields;
* other charts keep names beside the plot, cut to :data:`AXIS_NAME_WIDTH` characters (or
  wrapped onto two lines of it, :func:`wrap`, where a row is tall enough).

Either way the hover shows the whole name (``customdata``), escaped like every name.

Plotly reads a subset of HTML in every string it draws (tick labels, hover text, ``text``,
annotations, legend names, titles, and ``customdata`` substituted into a hover template): a
unit named ``<a href="…">x</a>`` would become a link, a ``<span style="font-size:90px">`` would
cover the chart.  So every text taken from the data goes through :func:`plain` (or
:func:`shorten`, which calls it) before a figure builder hands it to Plotly; Plotly turns
``&lt;`` back into ``<`` on screen.  Codes kept for clicks (``customdata[0]``, category
values behind ``ticktext``) stay raw, since Plotly does not draw them.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Iterable, Sequence
from typing import Any, Final

import pandas as pd
import plotly.graph_objects as go

from dashboard.theme import MUTED_COLOUR

# Characters of a name kept beside a plot: about 160 px, half a phone-wide chart.
AXIS_NAME_WIDTH: Final = 24
# Characters of a name written above its bar, across the plot (~300 px on a phone).
ABOVE_NAME_WIDTH: Final = 42
# Bars under their names: each category row is a name line above a bar this thick (a share of
# the row), the bar in the row's lower half.
ABOVE_BAR_SHARE: Final = 0.44


def plain(text: object) -> str:
    """``text`` from the data, drawn by Plotly as written (``<``, ``>``, ``&`` escaped)."""
    return html.escape(str(text), quote=False)


def plain_all(values: Iterable[object]) -> list[str | None]:
    """:func:`plain` of each value (tick labels, a hover's text); a missing value stays ``None``."""
    return [
        None if v is None or (isinstance(v, float) and pd.isna(v)) else plain(v) for v in values
    ]


def hover_data(frame: pd.DataFrame, columns: Sequence[str], texts: Collection[str]) -> Any:
    """``frame[columns]`` as a trace's ``customdata`` array, the ``texts`` columns (names from
    the data, shown by the hover template) escaped with :func:`plain`."""
    escaped = {column: pd.Series(plain_all(frame[column]), index=frame.index) for column in texts}
    return frame.assign(**escaped)[list(columns)].to_numpy(dtype=object)


def shorten(text: object, width: int = 42) -> str:
    """``text`` cut to ``width`` characters with an ellipsis (the hover shows it whole), ready
    for Plotly (:func:`plain`): pass the raw text, never text already escaped."""
    value = str(text)
    cut = value if len(value) <= width else value[: width - 1].rstrip() + "…"
    return plain(cut)


def wrap(text: object, width: int = AXIS_NAME_WIDTH, lines: int = 2) -> str:
    """``text`` on at most ``lines`` lines of ``width`` characters, broken between words (a
    word longer than a line is cut), the last line cut with an ellipsis if the text goes on;
    escaped with :func:`plain` like :func:`shorten`.  For labels beside a plot in rows tall
    enough for two lines."""
    words = str(text).split()
    rows: list[str] = []
    while words and len(rows) < lines:
        row = words.pop(0)
        while words and len(row) + 1 + len(words[0]) <= width:
            row += " " + words.pop(0)
        rows.append(row)
    if words:  # more than fits: the last line ends with "…"
        rows[-1] = rows[-1] + " " + " ".join(words)
    cut = [row if len(row) <= width else row[: width - 1].rstrip() + "…" for row in rows]
    return "<br>".join(plain(row) for row in cut)


def names_above_bars(fig: go.Figure, slots: int = 1) -> go.Figure:
    """Write the category labels (``yaxis.ticktext``) above their bars instead of beside the
    plot, so the bars keep the chart's whole width on a phone.

    Each horizontal bar trace is drawn in the lower part of its row (``slots`` bars side by
    side in a row: trace ``i`` takes slot ``i % slots``), the label just above it, inside the
    plot.  Plotly hides the value axis's ticks and grid lines under such labels, so the value
    axis shows its title only: the bars carry their values as text.
    """
    bars = [trace for trace in fig.data if isinstance(trace, go.Bar)]
    width = ABOVE_BAR_SHARE / slots
    for position, trace in enumerate(bars):
        slot = position % slots
        # the value beside the bar keeps its size (Plotly shrinks it to a thin bar otherwise)
        trace.update(width=width * 0.92, offset=-0.48 + slot * width, constraintext="none")
    # categories even when codes look like numbers ("1", "2"): rows in the given order
    fig.update_yaxes(type="category", ticklabelposition="inside top", ticks="", showgrid=False)
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False, ticks="")
    return fig


def node_label(code: object, name: object, width: int = 48) -> str:
    """``"1.2. Báo cáo CCHC định kỳ…"``: a criterion's code and (shortened) name."""
    return shorten(f"{code}. {name}", width)


def inside_legend(x: str, y: str) -> dict[str, object]:
    """A legend inside the plot's ``x`` ("left"/"right") ``y`` ("top"/"bottom") corner, boxed,
    clear of the mode bar above the plot."""
    return {
        "orientation": "v",
        "x": 0.01 if x == "left" else 0.99,
        "xanchor": x,
        "y": 0.99 if y == "top" else 0.01,
        "yanchor": y,
        "bgcolor": "rgba(255,255,255,0.9)",
        "bordercolor": MUTED_COLOUR,
        "borderwidth": 1,
    }


def hover_template(*lines: str) -> str:
    """A trace's hover: ``lines`` one under another, without Plotly's box naming the trace."""
    return "<br>".join(lines) + "<extra></extra>"
