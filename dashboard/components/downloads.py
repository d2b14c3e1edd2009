"""Download menus for pages and the navbar: links to the export routes with the current view.

Each link's ``href`` is its route plus the page's query string.  One clientside callback
copies the query string onto every link whenever the URL changes (as the navbar's callback
holds it to the user's scope, ``ids.SCOPED_SEARCH``: a unit typed into the address bar that
the user may not see is never written back), so a download carries the filters on screen::

    from dashboard.components.downloads import export_menu
    html.Div([export_menu("rankings", "chart"), dcc.Graph(...)])
    html.Div([export_menu("gaps", "chart", chart="fields"), dcc.Graph(...)])

and in the navbar: ``report_menu()``; a unit's feedback notice: ``notice_menu(unit_code)``,
every unit's notices in one zip: ``notices_menu()``.
"""

from __future__ import annotations

from typing import Literal

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, clientside_callback, html

from dashboard import ids
from dashboard.i18n import t
from dashboard.view import (
    IMAGE_FORMATS,
    NOTICE_FORMATS,
    REPORT_FORMATS,
    TABLE_FORMATS,
    chart_path,
    notice_path,
    notices_path,
    report_path,
    table_path,
)

Kind = Literal["chart", "table"]
LINK_TYPE = "cchc-export-link"
REPORT_MENU_ID = "cchc-report-menu"
REPORT_MENU_CLASS = "cchc-report-menu d-print-none"


def label(key: str, lang: str = "vi") -> str:
    """A download menu's text (``download.*`` in ``dashboard.i18n``)."""
    return t(f"download.{key}", lang)


def _link(base: str, text: str, search: str) -> html.A:
    return html.A(
        text,
        href=base + search,
        id={"type": LINK_TYPE, "base": base},
        download="",
        className="dropdown-item",
    )


def _paths(slug: str, kind: Kind, chart: str | None) -> list[tuple[str, str]]:
    """``(format, route path)`` of each download the menu offers."""
    if kind == "chart":
        return [(fmt, chart_path(slug, fmt, chart)) for fmt in IMAGE_FORMATS]
    return [(fmt, table_path(slug, fmt)) for fmt in TABLE_FORMATS]


def export_menu(
    slug: str,
    kind: Kind = "chart",
    *,
    chart: str | None = None,
    search: str = "",
    lang: str = "vi",
) -> dbc.DropdownMenu:
    """A small "Tải biểu đồ" / "Tải bảng" dropdown for the chart or table of page ``slug``.

    ``chart`` names one of the page's charts (``dashboard.specs.CHARTS``; ``None`` =
    the main one); it is part of the links' paths, so each chart of a page has its own menu.
    ``search`` is the current query string for the first render; the clientside callback
    keeps it current afterwards.
    """
    return dbc.DropdownMenu(
        [_link(path, label(fmt, lang), search) for fmt, path in _paths(slug, kind, chart)],
        label=label(f"menu.{kind}", lang),
        size="sm",
        color="secondary",
        align_end=True,
        className="cchc-export-menu d-print-none",
    )


def report_menu(*, search: str = "", lang: str = "vi") -> dbc.DropdownMenu:
    """The navbar's "Báo cáo" button: the leadership report of the current view, PDF or DOCX.

    Styled like the navbar's other small outline buttons (``.cchc-nav-tools``).
    """
    return dbc.DropdownMenu(
        [_link(report_path(fmt), label(f"report.{fmt}", lang), search) for fmt in REPORT_FORMATS],
        label=label("menu.report", lang),
        id=REPORT_MENU_ID,
        size="sm",
        color="outline-light",
        align_end=True,
        className=REPORT_MENU_CLASS + " d-none",  # shown by the navbar to REPORT_ROLES
    )


def notice_menu(unit_code: str, *, search: str = "", lang: str = "vi") -> dbc.DropdownMenu:
    """A "Thông báo" dropdown: the feedback notice of unit ``unit_code`` for the view's year
    and round, PDF or DOCX.

    The unit is part of the links' paths (the query string follows the view as for every
    download): build the menu again when the page shows another unit.  The server gives a
    unit's notice to a unit's account for its own unit only, to the others within their
    scope (``dashboard.export.routes``).
    """
    return dbc.DropdownMenu(
        [
            _link(notice_path(unit_code, fmt), label(f"notice.{fmt}", lang), search)
            for fmt in NOTICE_FORMATS
        ],
        label=label("menu.notice", lang),
        size="sm",
        color="secondary",
        align_end=True,
        className="cchc-export-menu cchc-notice-menu d-print-none",
    )


def notices_menu(*, search: str = "", lang: str = "vi") -> dbc.DropdownMenu:
    """A "Thông báo các đơn vị" dropdown: every unit's notice (of the view's group, else of
    every group, within the user's scope) in one zip, a PDF and a DOCX each.  For the roles
    that get the report pack, not for a unit's account (the server refuses it)."""
    return dbc.DropdownMenu(
        [_link(notices_path(), label("notices.zip", lang), search)],
        label=label("menu.notices", lang),
        size="sm",
        color="secondary",
        align_end=True,
        className="cchc-export-menu cchc-notices-menu d-print-none",
    )


clientside_callback(
    """
    function (search, linkIds) {
        return (linkIds || []).map(function (id) { return id.base + (search || ""); });
    }
    """,
    Output({"type": LINK_TYPE, "base": ALL}, "href"),
    Input(ids.SCOPED_SEARCH, "data"),  # the URL's, held to the user's scope by the navbar
    State({"type": LINK_TYPE, "base": ALL}, "id"),
)
