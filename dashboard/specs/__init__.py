"""Every chart and table of every page, once: a function from a resolved view to a figure or
a frame, called alike by the page's callback, the download routes, ``cchc export`` and the
report pack.

Adding a chart is one function with its ``@chart(...)`` line in :mod:`dashboard.specs.charts`;
a page's first chart is its main one (the default export).  The page registry itself (paths,
filters, the one-group rule) is :data:`dashboard.view.PAGES`.
"""

from __future__ import annotations

from dashboard.specs.registry import (
    CHARTS,
    ChartSpec,
    NothingToDrawError,
    chart_names,
    chart_spec,
    figure,
)

__all__ = ["CHARTS", "ChartSpec", "NothingToDrawError", "chart_names", "chart_spec", "figure"]

from dashboard.specs import charts as _charts  # noqa: F401  (registers the charts)
from dashboard.specs import findings as _findings  # noqa: F401  (issue 10's, and sheets)
from dashboard.specs import followup as _followup  # noqa: F401  (its chart and tables)
