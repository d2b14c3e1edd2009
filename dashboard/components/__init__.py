"""Building blocks every page uses.  How to write a page on this shell:

1. A module in ``dashboard/pages/`` registers itself::

       dash.register_page(__name__, path="/chenh-lech", name="Chênh lệch", order=3,
                          i18n_key="page.gaps")

   ``order`` places it in the navbar (``components.navbar``), ``i18n_key`` names it in both
   languages (add the key to ``dashboard/i18n.py``), ``nav=False`` hides it from the bar.

2. ``def layout(**kwargs)`` reads the view from the query string and builds the frame::

       state = ViewState.from_query(kwargs)           # year, round, group, ..., score, lang
       view = resolve(engine(), state, PAGE)          # once; None = empty warehouse
       if view is None:
           return page_frame("page.gaps", state.lang, [no_data(state.lang)])
       options = filter_options(engine(), view, ("year", "round", "group", "field"))
       bar = filter_bar(view, options, view.lang, extra=[score_switch(view, view.lang)])
       return page_frame("page.gaps", view.lang, [bar, view_store(ID("view"), view), ...])

   Filters need no callback of their own: every control with id ``filter_id(name)`` is
   written to the URL by ``url_state.write_filter_to_url``, and the page is rendered again
   from the new URL.  Reload, shared links and back/forward therefore all just work.
   A page's own view option (a ``filter_id`` control outside the bar) works the same way;
   controls appearing with a page are never taken for a user's choice (so opening a page
   writes nothing into the URL and back always leaves it), see ``url_state.rendered_values``.
   ``ViewState`` knows year/round/group/field/criterion/unit/score/lang; read any other
   parameter straight from ``kwargs``.

3. Callbacks (``@callback``, never ``app.callback``) take ``Input(ID("view"), "data")`` — the
   resolved view as a dict (``View.restore(data)``) — read through
   ``dashboard.queries``, compute through ``dashboard.metrics``, draw through
   ``dashboard.figures``.  Ids come from ``dashboard.ids.PageIds("gaps")``.  Graphs use
   ``graph(id, figure)`` (Vietnamese locale, no logo).  Links to another view:
   ``href("/don-vi", view, unit=code)``.

4. Empty and partial states: ``no_data``, ``no_match``, ``not_appraised``, ``pick_unit``.
   Tables: ``grid.data_grid`` with ``grid.number_column`` / ``grid.text_column``; numbers keep
   a ``<col>__text`` twin made by ``grid.with_text`` (``dashboard.formatting``), so the grid
   sorts numbers and shows ``91,43``.  Charts: ``dashboard.theme.TEMPLATE`` and
   ``band_styles``; figure builders live in ``dashboard/figures/``.
"""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.downloads import export_menu
from dashboard.components.filters import filter_bar, score_switch
from dashboard.components.options import filter_options
from dashboard.components.states import no_data, no_match, not_appraised, page_header, pick_unit
from dashboard.components.url_state import href
from dashboard.queries.warehouse import engine
from dashboard.theme import GRAPH_CONFIG
from dashboard.view import PAGES, AnyView, View, ViewState, resolve

__all__ = [
    "PAGES",
    "View",
    "ViewState",
    "card",
    "engine",
    "filter_bar",
    "filter_options",
    "graph",
    "href",
    "no_data",
    "no_match",
    "not_appraised",
    "page_frame",
    "page_header",
    "pick_unit",
    "resolve",
    "score_switch",
    "view_store",
]


def page_frame(title_key: str, lang: str, children: list[Any], lead: str | None = None) -> html.Div:
    """A page: its <h1> (the page's name in ``lang``), an optional lead line, then ``children``."""
    return html.Div([page_header(title_key, lang, lead), *children], className="cchc-page")


def view_store(store_id: str, view: View) -> dcc.Store:
    """The resolved view, for the page's callbacks (``View.restore``; memory only: the URL is
    the state)."""
    return dcc.Store(id=store_id, data=view.params(), storage_type="memory")


def graph(graph_id: Any, figure: Any = None, **kwargs: Any) -> dcc.Graph:
    """A chart with the shared config: Vietnamese locale (decimal comma), no Plotly logo."""
    props: dict[str, Any] = {"config": GRAPH_CONFIG, "className": "cchc-graph", **kwargs}
    if figure is not None:
        props["figure"] = figure
    return dcc.Graph(id=graph_id, **props)


def export_tools(slug: str, view: AnyView, *kinds: str, chart: str | None = None) -> list[Any]:
    """Download menus ("Tải biểu đồ", "Tải bảng") for a card's ``tools``, carrying ``view``.

    ``chart`` names which of the page's charts the chart menu exports (``None``: the main
    one).  One menu per (page, chart) and per (page, table) on a page: the links' ids are
    their routes.
    """
    search = href("", view)
    return [
        export_menu(slug, kind, chart=chart, search=search, lang=view.lang)  # type: ignore[arg-type]
        for kind in kinds
    ]


def card(title: Any, body: list[Any], *, tools: list[Any] | None = None, **kwargs: Any) -> dbc.Card:
    """A titled card (section of a page); ``tools`` (e.g. export menus) sit right of the title."""
    header: list[Any] = [html.H2(title, className="h6 mb-0 me-auto")]
    if tools:
        header.append(html.Div(tools, className="d-flex gap-1 d-print-none"))
    return dbc.Card(
        [
            dbc.CardHeader(header, className="d-flex align-items-center gap-2"),
            dbc.CardBody(body),
        ],
        className="mb-3 cchc-card " + kwargs.pop("className", ""),
        **kwargs,
    )
