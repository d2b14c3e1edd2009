"""One look for every chart: the Plotly template, the palette and the band styles.

* ``separators=",."``: Plotly's ``vi`` locale has no number separators, so the template sets
  the decimal comma and the thousands dot; screens and exported images agree.
* Palette: Okabe-Ito, safe for the common colour-vision deficiencies.
* Bands (A/B/C/D, Tốt/Khá/…) differ in colour **and** in fill pattern, so a chart printed in
  black and white still tells them apart.
* The template has a white background (exports and print); the dark theme recolours the screen
  through CSS (``assets/app.css``), so figures stay pure data and never depend on the theme.

Figure builders pass ``template=TEMPLATE`` (or call :func:`base_layout`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import plotly.graph_objects as go
import plotly.io as pio

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO: Final = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
    "#000000",  # black
)
FONT_FAMILY: Final = (
    "system-ui, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif"
)
TEXT_COLOUR: Final = "#212529"
GRID_COLOUR: Final = "#dee2e6"
MUTED_COLOUR: Final = "#6c757d"
NO_BAND_COLOUR: Final = "#adb5bd"
SELF_COLOUR: Final = OKABE_ITO[1]
APPRAISED_COLOUR: Final = OKABE_ITO[0]
UP_COLOUR: Final = "#0072B2"  # moved up (blue); the arrow's direction carries it in print
DOWN_COLOUR: Final = "#D55E00"  # moved down (vermillion)


@dataclass(frozen=True)
class BandStyle:
    """How one band is drawn: fill colour, Plotly pattern shape and a text colour on it."""

    colour: str
    pattern: str
    text_colour: str


# Best band first.  Lightness and pattern change together: solid, diagonal, dots, cross-hatch.
BAND_STYLES: Final[tuple[BandStyle, ...]] = (
    BandStyle("#0072B2", "", "#ffffff"),
    BandStyle("#56B4E9", "/", "#000000"),
    BandStyle("#E69F00", ".", "#000000"),
    BandStyle("#D55E00", "x", "#ffffff"),
    BandStyle("#CC79A7", "-", "#000000"),
    BandStyle("#F0E442", "+", "#000000"),
)
NO_BAND_STYLE: Final = BandStyle(NO_BAND_COLOUR, "", "#000000")


def band_styles(labels_best_first: Sequence[str]) -> dict[str, BandStyle]:
    """The style of each band label, in the order given (best band first)."""
    return {
        label: BAND_STYLES[min(position, len(BAND_STYLES) - 1)]
        for position, label in enumerate(labels_best_first)
    }


def _template() -> go.layout.Template:
    axis = {
        "gridcolor": GRID_COLOUR,
        "linecolor": MUTED_COLOUR,
        "zerolinecolor": GRID_COLOUR,
        "ticks": "outside",
        "tickcolor": MUTED_COLOUR,
        "automargin": True,
        "title": {"standoff": 8},
    }
    return go.layout.Template(
        layout=go.Layout(
            separators=",.",
            colorway=list(OKABE_ITO),
            font={"family": FONT_FAMILY, "size": 13, "color": TEXT_COLOUR},
            title={"font": {"size": 16}, "x": 0, "xanchor": "left"},
            paper_bgcolor="#ffffff",
            plot_bgcolor="#ffffff",
            xaxis=axis,
            yaxis=axis,
            legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
            hoverlabel={"font": {"family": FONT_FAMILY, "size": 13}},
            margin={"l": 10, "r": 20, "t": 50, "b": 40},
            bargap=0.25,
        )
    )


TEMPLATE: Final = _template()
pio.templates["cchc"] = TEMPLATE

# dcc.Graph(config=GRAPH_CONFIG): Vietnamese locale (assets/plotly-locale-vi.js), no logo.
GRAPH_CONFIG: Final = {
    "locale": "vi",
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
