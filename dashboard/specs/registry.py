"""The chart registry: ``(page slug, chart name)`` → :class:`ChartSpec`, in page order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import plotly.graph_objects as go
from sqlalchemy import Engine

from dashboard.i18n import both, t
from dashboard.view import PAGES, Page, UnknownPageError, View, default_group


class FigureFn(Protocol):
    def __call__(self, engine: Engine, view: View, *, report: bool = False) -> go.Figure: ...


@dataclass(frozen=True)
class ChartSpec:
    """One chart: its page, name, title (``dashboard.i18n`` key) and the function drawing it.

    ``one_group``: the chart compares units within one group, so it is drawn for the view's
    group, else the year's first (a page showing every group calls it once per group)."""

    page: str
    name: str
    title_key: str
    draw: FigureFn
    one_group: bool = False

    def title(self, lang: str) -> str:
        return t(self.title_key, lang)


CHARTS: dict[str, dict[str, ChartSpec]] = {slug: {} for slug in PAGES}


def register(
    page: str, name: str, title_key: str | None = None, *, one_group: bool = False
) -> Callable[[FigureFn], FigureFn]:
    """Decorator: ``fn`` draws chart ``name`` of ``page``; the first one a page registers is
    its main chart, titled by the page's export title unless ``title_key`` says otherwise."""

    def add(fn: FigureFn) -> FigureFn:
        charts = CHARTS[page]
        key = title_key or PAGES[page].export_title_key
        charts[name] = ChartSpec(page, name, key, fn, one_group)
        return fn

    return add


def chart_names(page: Page) -> tuple[str, ...]:
    """The page's charts, the main one first."""
    return tuple(CHARTS[page.slug])


def chart_spec(page: Page, name: str | None = None) -> ChartSpec:
    """Chart ``name`` of ``page`` (``None``: the main one); :class:`UnknownPageError` if the
    page has no such chart."""
    charts = CHARTS[page.slug]
    if name is None and charts:
        return next(iter(charts.values()))
    key = (name or "").strip().lower()
    if key not in charts:
        known = ", ".join(charts)
        raise UnknownPageError(both("error.unknown_chart", page=page.slug, name=name, known=known))
    return charts[key]


def chart_view(engine: Engine, spec: ChartSpec, view: View) -> View:
    """``view`` as the chart draws it: with the one-group default when the chart needs it."""
    if spec.one_group and view.group is None:
        return view.with_(group=default_group(engine, view.year))
    return view


def figure(engine: Engine, spec: ChartSpec, view: View, *, report: bool = False) -> go.Figure:
    """The chart for ``view`` (resolved for its page), as on screen or, with ``report``, as
    printed in the leadership report."""
    return spec.draw(engine, chart_view(engine, spec, view), report=report)


class NothingToDrawError(ValueError):
    """The view lacks what the chart or table needs (a unit, a field, a second round);
    ``str()`` says what to choose, in both languages."""

    status = 400


def view_group(view: View) -> str:
    """The view's group, for a chart of one group (:class:`NothingToDrawError` without one)."""
    if view.group is None:
        raise NothingToDrawError(both("error.no_group"))
    return view.group


def view_unit(view: View) -> str:
    """The view's unit, for a chart of one unit (:class:`NothingToDrawError` without one)."""
    if not view.unit:
        raise NothingToDrawError(both("error.choose_unit"))
    return view.unit
