"""One look for every chart: the Plotly template, the palette, the band styles and the graph
config.

* Separators: every figure sets its view language's (``layout.separators`` from
  ``formatting.plotly_separators`` through ``figures.base_layout``: ``0,66`` in Vietnamese,
  ``0.66`` in English), so screens and exported images agree whatever locale the browser
  has.  The template's ``separators=",."`` is only the Vietnamese default for a figure built
  without ``base_layout``.
* Graph config (:func:`graph_config`): Plotly's locale per language (month and day names, the
  modebar's tooltips: ``vi`` from ``assets/plotly-locale-vi.js``, English is Plotly's own
  ``en``), responsive to its container, no Plotly logo, and no modebar button or link that
  sends the chart's data elsewhere (Chart Studio, Plotly cloud).
* Palette: Okabe-Ito, safe for the common colour-vision deficiencies.
* Bands (A/B/C/D, Tốt/Khá/…) differ in colour **and** in fill pattern, so a chart printed in
  black and white still tells them apart.
* The template has a white background (exports and print); the dark theme recolours the screen
  through CSS (``assets/app.css``), so figures stay pure data and never depend on the theme.

Figure builders pass ``template=TEMPLATE`` (or call ``figures.base_layout``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.i18n import lang_of

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

# Plotly's locale per language: ``vi`` is served by assets/plotly-locale-vi.js, ``en`` is built in.
PLOTLY_LOCALES: Final = {"vi": "vi", "en": "en"}
# Modebar buttons that send the chart elsewhere: plotly.js 4's "Share chart..." and its
# predecessors' names (removing a name a version lacks does nothing).
CLOUD_BUTTONS: Final = ("sendChartToCloud", "sendDataToCloud", "editInChartStudio")


def graph_config(lang: str) -> dict[str, Any]:
    """``dcc.Graph(config=...)`` in ``lang``: its Plotly locale, resized with its container
    (the figure keeps its height), no logo, PNG downloads at twice the size; nothing that
    sends the data elsewhere (no "Share chart", no "Edit in Chart Studio", no Plotly link, no
    cloud address)."""
    return {
        "locale": PLOTLY_LOCALES[lang_of(lang)],
        "responsive": True,
        "displaylogo": False,
        "showLink": False,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "plotlyServerURL": "",
        "modeBarButtonsToRemove": list(CLOUD_BUTTONS),
        "toImageButtonOptions": {"format": "png", "scale": 2},
    }
