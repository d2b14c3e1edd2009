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
   ``ViewState`` knows year/round/group/field/criterion/unit/score/lang and the page options.

3. Callbacks (``@draws(ID, outputs)`` for the one drawing the page from its stored view,
   ``@page_callback(PAGE, ...)`` for any other — both refuse, 403, a role that may not open
   the page — never ``app.callback``) take ``Input(ID("view"), "data")`` — the resolved
   view as a dict (``restore(data)``: held to the signed-in user's scope) — read through
   ``dashboard.queries``, compute through ``dashboard.metrics``, draw through
   ``dashboard.figures``.  Ids come from ``dashboard.ids.PageIds("gaps")``.  Graphs use
   ``graph(id, view.lang, figure)`` (``theme.graph_config``: the language's Plotly locale, no
   logo).  Links to another view: ``href("/don-vi", view, unit=code)``.

4. Layout (``components.layout``): ``card(title, body, tools=export_tools(SLUG, view,
   "chart"))`` for every section, ``tiles`` for a row of figures, ``message`` for a one-line
   state, ``option_switch`` for a page option (declared in the page's ``options`` in
   ``dashboard.view.PAGES``; read it with ``view.option(PAGE, name)``).  The page's charts
   are drawn by ``dashboard.specs`` (``specs.figure(engine(), spec, view)``), the same
   functions the downloads use.

5. Empty and partial states: ``no_data``, ``no_match``, ``not_appraised``, ``pick_unit``.
   Tables: ``grid.data_grid`` with ``grid.number_column`` / ``grid.text_column``; numbers keep
   a ``<col>__text`` twin made by ``grid.with_text(frame, formatters, view.lang)``
   (``dashboard.formatting``), so the grid sorts numbers and shows ``91,43`` (``91.43`` in
   English).  Charts: ``dashboard.theme.TEMPLATE`` and
   ``band_styles``; figure builders live in ``dashboard/figures/``.
"""

from __future__ import annotations

from dashboard.components.filters import filter_bar, score_switch
from dashboard.components.layout import (
    card,
    chart_card,
    draws,
    export_tools,
    graph,
    group_text,
    may_open,
    message,
    option_switch,
    page_callback,
    page_frame,
    page_ids,
    register_page,
    restore,
    table_card,
    tiles,
    view_or_empty,
    view_store,
)
from dashboard.components.options import filter_options
from dashboard.components.states import (
    forbidden,
    no_data,
    no_match,
    not_appraised,
    page_header,
    pick_unit,
)
from dashboard.components.url_state import href
from dashboard.queries.warehouse import engine
from dashboard.view import PAGES, View, ViewState, resolve

__all__ = [
    "PAGES",
    "View",
    "ViewState",
    "card",
    "chart_card",
    "draws",
    "engine",
    "export_tools",
    "filter_bar",
    "filter_options",
    "forbidden",
    "graph",
    "group_text",
    "href",
    "may_open",
    "message",
    "no_data",
    "no_match",
    "not_appraised",
    "option_switch",
    "page_callback",
    "page_frame",
    "page_header",
    "page_ids",
    "pick_unit",
    "register_page",
    "resolve",
    "restore",
    "score_switch",
    "table_card",
    "tiles",
    "view_or_empty",
    "view_store",
]
