"""Text that fits: long Vietnamese names shortened for ticks (whole in hovers), legends placed
inside the plot, clear of the mode bar."""

from __future__ import annotations

from dashboard.theme import MUTED_COLOUR


def shorten(text: object, width: int = 42) -> str:
    """``text`` cut to ``width`` characters with an ellipsis (the hover shows it whole)."""
    value = str(text)
    return value if len(value) <= width else value[: width - 1].rstrip() + "…"


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
