"""The one way a page is laid out: a frame with its title, cards with their download menus,
a row of figures (tiles), one-line states and a page option switch.

A page builds ``page_frame(title_key, lang, [filter_bar(...), view_store(...), card(...), …])``;
a card whose chart or table can be downloaded gets ``tools=export_tools(slug, view, "chart")``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, dcc, html
from flask import abort

from dashboard.auth import current_scope, current_user
from dashboard.components.downloads import Kind, export_menu
from dashboard.components.grid import data_grid
from dashboard.components.states import forbidden, no_data, page_header
from dashboard.components.url_state import href
from dashboard.i18n import group_label, t
from dashboard.ids import PageIds, filter_id
from dashboard.queries.cache import SelectionError
from dashboard.queries.warehouse import engine
from dashboard.theme import graph_config
from dashboard.view import PAGES, AnyView, NotAViewError, Page, View, ViewState, resolve

APP_TITLE = "Chỉ số CCHC"
F = TypeVar("F", bound=Callable[..., Any])


def register_page(module: str, slug: str) -> Page:
    """Register page ``slug`` of :data:`dashboard.view.PAGES` with Dash Pages: its path, its
    place and name in the navbar (registry order, ``page.<slug>`` in ``dashboard.i18n``; shown
    to the page's ``roles`` only) and its browser title.  A page module calls it once:
    ``PAGE = register_page(__name__, slug)``."""
    page = PAGES[slug]
    name = t(page.title_key, "vi")
    dash.register_page(
        module,
        path=page.url,
        name=name,
        order=list(PAGES).index(slug) + 1,
        i18n_key=page.title_key,
        title=f"{name} — {APP_TITLE}",
        roles=page.roles,  # the navbar shows the page to these roles only
    )
    return page


def page_ids(page: Page) -> PageIds:
    """The page's component ids (``ID("grid")`` → ``"<slug>-grid"``), unique across pages."""
    return PageIds(page.slug)


def may_open(page: Page) -> bool:
    """Whether the signed-in user's role may open ``page`` (no user: the request gate has
    already answered anonymous requests; outside a request: the server's own use)."""
    user = current_user()
    return user is None or page.open_to(user.role, user.province)


def view_or_empty(page: Page, params: Mapping[str, Any]) -> View | html.Div:
    """The page's view resolved from its URL parameters (``layout(**kwargs)``) within the
    signed-in user's scope, or — when the user's role may not open the page, or the
    warehouse holds no scores yet — the page saying so, to return as it is."""
    state = ViewState.from_query(params)
    if not may_open(page):
        return page_frame(page.title_key, state.lang, [forbidden(state.lang)])
    view = resolve(engine(), state, page, current_scope())
    if view is None:
        return page_frame(page.title_key, state.lang, [no_data(state.lang)])
    return view


def chart_card(
    title: str, graph_id: str, view: AnyView, slug: str, chart: str | None = None, *extra: Any
) -> dbc.Card:
    """A card holding one chart (loading indicator, ``extra`` lines above it) and its download
    menu: chart ``chart`` of page ``slug`` (its main chart when ``None``) for ``view``."""
    body = [*extra, dcc.Loading(graph(graph_id, view.lang), type="dot")]
    return card(title, body, tools=export_tools(slug, view, "chart", chart=chart))


def table_card(
    title: str, grid_id: str, columns: list[dict[str, Any]], view: AnyView, slug: str, **grid: Any
) -> dbc.Card:
    """A card holding a grid (filled by the page's callback, rows keyed by ``unit_code``
    unless ``row_id`` says otherwise) and the download menu of page ``slug``'s table."""
    grid.setdefault("row_id", "unit_code")
    body = [data_grid(grid_id, pd.DataFrame(), columns, view.lang, **grid)]
    return card(title, body, tools=export_tools(slug, view, "table"))


def page_callback(page: Page, *dependencies: Any, **options: Any) -> Callable[[F], F]:
    """``dash.callback`` for a callback of ``page``: refused (403) to a user whose role may
    not open the page — a forged request, since the page is never shown to them — and (400)
    when it names a view or a choice no page could have sent.  Every
    callback of a page is registered through it (or :func:`draws`)."""

    def register(fn: F) -> F:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            if not may_open(page):
                abort(403)  # a forged callback of a page the user's role may not open
            try:
                return fn(*args, **kwargs)
            except (NotAViewError, SelectionError):
                abort(400)  # a stored view or choice no page could have sent: forged or damaged

        callback(*dependencies, **options)(run)
        return fn

    return register


def restore(data: Any, page: Page | None = None) -> View:
    """The page's stored view in one of its callbacks, held to the signed-in user's scope
    (:meth:`View.restore`: the data is the browser's); a stored view no page could have
    written raises :class:`NotAViewError`, which :func:`page_callback` answers with 400."""
    return View.restore(data, current_scope(), page)


def draws(
    ids: PageIds, outputs: Mapping[str, str]
) -> Callable[[Callable[[View], Any]], Callable[[View], Any]]:
    """Decorator: ``fn(view)`` fills the page's components ``outputs`` (``{local id:
    property}``) whenever the page's stored view (``ids("view")``) is set; it receives the
    view as the page resolved it (:func:`restore`), never resolved again."""

    def register(fn: Callable[[View], Any]) -> Callable[[View], Any]:
        def run(data: Mapping[str, Any]) -> Any:
            return fn(restore(data, PAGES[ids.page]))

        run.__name__ = f"{ids.page}_{fn.__name__}"  # Dash names callbacks by their function
        page_callback(
            PAGES[ids.page],
            *(Output(ids(local), prop) for local, prop in outputs.items()),
            Input(ids("view"), "data"),
        )(run)
        return fn

    return register


def page_frame(title_key: str, lang: str, children: list[Any], lead: str | None = None) -> html.Div:
    """A page: its <h1> (the page's name in ``lang``), an optional lead line, then ``children``."""
    return html.Div([page_header(title_key, lang, lead), *children], className="cchc-page")


def view_store(store_id: str, view: View) -> dcc.Store:
    """The resolved view, for the page's callbacks (``View.restore``; memory only: the URL is
    the state)."""
    return dcc.Store(id=store_id, data=view.params(), storage_type="memory")


def graph(graph_id: Any, lang: str, figure: Any = None, **kwargs: Any) -> dcc.Graph:
    """A chart with the shared config in ``lang`` (``theme.graph_config``: Plotly's locale,
    resized with its container, no logo, nothing that sends the data elsewhere)."""
    props: dict[str, Any] = {"config": graph_config(lang), "className": "cchc-graph", **kwargs}
    if figure is not None:
        props["figure"] = figure
    return dcc.Graph(id=graph_id, **props)


def export_tools(slug: str, view: AnyView, *kinds: Kind, chart: str | None = None) -> list[Any]:
    """Download menus ("Tải biểu đồ", "Tải bảng") for a card's ``tools``, carrying ``view``
    (its filters and page options).

    ``chart`` names which of the page's charts the chart menu exports (``None``: the main
    one).  One menu per (page, chart) and per (page, table) on a page: the links' ids are
    their routes.
    """
    search = href("", view)
    return [export_menu(slug, kind, chart=chart, search=search, lang=view.lang) for kind in kinds]


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


def tiles(items: Sequence[tuple[str, str, str]]) -> dbc.Row:
    """A row of ``(label, value, kind)`` figures; ``kind`` names the value's CSS class."""
    return dbc.Row(
        [
            dbc.Col(
                html.Div(
                    [
                        html.Div(label, className="small text-body-secondary"),
                        html.Div(value, className=f"fs-4 fw-semibold cchc-tile-{kind}"),
                    ],
                    className="cchc-tile border rounded px-3 py-2 h-100",
                ),
                xs=6,
                md=3,
                className="mb-2",
            )
            for label, value, kind in items
        ],
        className="g-2 mb-3 cchc-tiles",
    )


def message(text: str, colour: str, kind: str) -> dbc.Alert:
    """A one-line state (``kind`` becomes the class ``cchc-state-<kind>``)."""
    return dbc.Alert(text, color=colour, className=f"cchc-state cchc-state-{kind} mb-3")


def option_switch(
    name: str, label: str, choices: Sequence[tuple[str, str]], value: str
) -> html.Div:
    """A button group for a page option; its value goes to the URL as ``?name=value``."""
    return html.Div(
        [
            html.Div(label, className="small text-body-secondary mb-1"),
            dbc.RadioItems(
                id=filter_id(name),
                options=[{"label": text, "value": v} for v, text in choices],
                value=value,
                inline=True,
                className=f"btn-group cchc-option cchc-option-{name}",
                inputClassName="btn-check",
                labelClassName="btn btn-outline-primary btn-sm",
                labelCheckedClassName="active",
            ),
        ],
        className="me-3 mb-2",
    )


def group_text(view: AnyView) -> str:
    """The view's group by name, or "all" (for a page's lead line)."""
    return group_label(view.group, view.lang) if view.group else t("filter.all", view.lang)
