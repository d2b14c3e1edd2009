"""Text that fits and shows as written: long Vietnamese names shortened for ticks (whole in
hovers), legends placed inside the plot, clear of the mode bar.

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
from typing import Any

import pandas as pd

from dashboard.theme import MUTED_COLOUR


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
