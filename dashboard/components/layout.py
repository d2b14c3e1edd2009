"""The one way a page is laid out: a frame with its title, cards with their download menus,
a row of figures (tiles), one-line states and a page option switch.

A page builds ``page_frame(title_key, lang, [filter_bar(...), view_store(...), card(...), …])``;
a card whose chart or table can be downloaded gets ``tools=export_tools(slug, view, "chart")``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.downloads import Kind, export_menu
from dashboard.components.states import page_header
from dashboard.components.url_state import href
from dashboard.i18n import group_label, t
from dashboard.ids import filter_id
from dashboard.theme import GRAPH_CONFIG
from dashboard.view import AnyView, View


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
