"""Axis labels that fit: long Vietnamese names shortened for ticks, kept whole in hovers."""

from __future__ import annotations


def shorten(text: object, width: int = 42) -> str:
    """``text`` cut to ``width`` characters with an ellipsis (the hover shows it whole)."""
    value = str(text)
    return value if len(value) <= width else value[: width - 1].rstrip() + "…"


def node_label(code: object, name: object, width: int = 48) -> str:
    """``"1.2. Báo cáo CCHC định kỳ…"``: a criterion's code and (shortened) name."""
    return shorten(f"{code}. {name}", width)
