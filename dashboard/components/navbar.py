"""The top bar: brand, one link per registered page, language switch, theme toggle, print,
and the signed-in user's name and role with "Đăng xuất" (a POST form carrying the session's
form token, :func:`dashboard.auth.csrf_token`).

Built from ``dash.page_registry`` (sorted by the ``order`` given to ``register_page``), so a new
page appears by registering itself.  A page's navbar label is ``t(page["i18n_key"], lang)``
(falling back to its ``name``); ``nav=False`` in ``register_page`` keeps it out of the bar.
The links carry the current year/round/group/lang, so moving between pages keeps the view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, clientside_callback, dcc, html

from dashboard import ids
from dashboard.auth import CSRF_FIELD, LOGOUT_PATH, User, csrf_token, current_user
from dashboard.components.downloads import (
    REPORT_MENU_CLASS,
    REPORT_MENU_ID,
    report_menu,
)
from dashboard.components.downloads import label as export_label
from dashboard.components.url_state import href, merge_search, parse_search, scoped_search
from dashboard.i18n import TEXTS, t
from dashboard.view import CARRIED, PAGES, REPORT_ROLES, ViewState


def page_label(page: Mapping[str, Any], lang: str) -> str:
    key = page.get("i18n_key")
    if isinstance(key, str) and key in TEXTS:
        return t(key, lang)
    return str(page.get("name", ""))


def nav_pages(
    registry: Iterable[Mapping[str, Any]], role: str | None = None, province: str | None = None
) -> list[Mapping[str, Any]]:
    """Pages shown in the bar, in ``order``: those an account of ``role`` and ``province``
    may open (:meth:`dashboard.view.Page.open_to` for a registered page, else the ``roles``
    given; no role: nobody signed in, whom the gate keeps out anyway)."""
    by_url = {page.url: page for page in PAGES.values()}

    def opens(p: Mapping[str, Any]) -> bool:
        if role is None:
            return True
        page = by_url.get(p["path"])
        return page.open_to(role, province) if page else role in p.get("roles", (role,))

    shown = [p for p in registry if p.get("nav", True) and opens(p)]
    return sorted(shown, key=lambda p: (p.get("order") is None, p.get("order") or 0, p["path"]))


def _is_active(page_path: str, pathname: str) -> bool:
    if page_path == "/":
        return pathname in ("", "/")
    return pathname == page_path or pathname.startswith(page_path + "/")


def nav_links(pathname: str, search: str | None) -> list[Any]:
    """The navbar's links for the current URL."""
    state = ViewState.from_query(parse_search(search))
    user = current_user()
    return [
        dbc.NavItem(
            dbc.NavLink(
                page_label(page, state.lang),
                href=href(page["path"], state, CARRIED),
                active=_is_active(page["path"], pathname or "/"),
                className="cchc-nav-link",
            )
        )
        for page in nav_pages(
            dash.page_registry.values(),
            user.role if user else None,
            user.province if user else None,
        )
    ]


def navbar() -> html.Header:
    """The static frame; its texts and links are filled from the URL by the callback below."""
    return html.Header(
        dbc.Navbar(
            dbc.Container(
                [
                    dbc.NavbarBrand(id=ids.BRAND, href="/", className="fw-semibold"),
                    dbc.NavbarToggler(id=ids.NAVBAR + "-toggler"),
                    dbc.Collapse(
                        [
                            dbc.Nav(id=ids.NAV_LINKS, navbar=True, className="me-auto"),
                            html.Div(
                                [
                                    report_menu(),
                                    dcc.Link(
                                        id=ids.LANG_LINK,
                                        href="/?lang=en",
                                        className="btn btn-sm btn-outline-light",
                                    ),
                                    html.Button(
                                        "◐",
                                        id=ids.THEME_TOGGLE,
                                        n_clicks=0,
                                        className="btn btn-sm btn-outline-light",
                                        type="button",
                                    ),
                                    html.Button(
                                        "⎙",
                                        id=ids.NAVBAR + "-print",
                                        n_clicks=0,
                                        className="btn btn-sm btn-outline-light",
                                        type="button",
                                    ),
                                    html.Div(
                                        id=ids.ACCOUNT,
                                        className="d-flex gap-2 align-items-center cchc-account",
                                    ),
                                ],
                                className="d-flex gap-2 align-items-center cchc-nav-tools",
                            ),
                        ],
                        id=ids.NAVBAR + "-collapse",
                        navbar=True,
                    ),
                ],
                fluid=True,
            ),
            id=ids.NAVBAR,
            color="primary",
            dark=True,
            className="cchc-navbar mb-3 d-print-none",
        )
    )


@callback(
    Output(ids.NAV_LINKS, "children"),
    Output(ids.BRAND, "children"),
    Output(ids.LANG_LINK, "children"),
    Output(ids.LANG_LINK, "href"),
    Output(ids.LANG_LINK, "title"),
    Output(ids.THEME_TOGGLE, "title"),
    Output(ids.NAVBAR + "-print", "title"),
    Output(ids.FOOTER, "children"),
    Output(REPORT_MENU_ID, "label"),
    Output(REPORT_MENU_ID, "className"),
    Output(ids.SCOPED_SEARCH, "data"),
    Input(ids.URL, "pathname"),
    Input(ids.URL, "search"),
)
def update_navbar(pathname: str | None, search: str | None) -> tuple[Any, ...]:
    lang = ViewState.from_query(parse_search(search)).lang
    other = "vi" if lang == "en" else "en"
    scoped = scoped_search(search)
    switch = (pathname or "/") + merge_search(scoped, {"lang": None if other == "vi" else "en"})
    return (
        nav_links(pathname or "/", search),
        t("app.brand", lang),
        t("app.lang_switch", lang),
        switch,
        t("app.lang_switch_title", lang),
        t("app.theme_toggle", lang),
        t("app.print", lang),
        t("app.source", lang),
        export_label("menu.report", lang),
        report_menu_class(current_user()),
        scoped,
    )


def report_menu_class(user: User | None) -> str:
    """The report menu is shown only to whom the server hands the report pack
    (``REPORT_ROLES``); a unit's account does not see a button that would answer 403."""
    shown = user is not None and user.role in REPORT_ROLES
    return REPORT_MENU_CLASS + ("" if shown else " d-none")


def account_block(user: User | None, token: str, lang: str) -> list[Any]:
    """The signed-in user's name and role, and the sign-out button (nothing when nobody is
    signed in)."""
    if user is None:
        return []
    role = t(f"role.{user.role}", lang)
    return [
        html.Span(
            [html.Span(user.username, className="fw-semibold cchc-account-name"), " · ",
             html.Span(role, className="cchc-account-role")],
            className="small text-light text-nowrap",
            title=f"{user.username} · {role}" + (f" · {user.unit_code}" if user.unit_code else ""),
        ),
        html.Form(
            [
                dcc.Input(type="hidden", name=CSRF_FIELD, value=token),
                html.Button(t("auth.logout", lang), type="submit",
                            className="btn btn-sm btn-outline-light cchc-logout"),
            ],
            action=LOGOUT_PATH + ("?lang=en" if lang == "en" else ""),
            method="post",
            className="m-0",
        ),
    ]  # fmt: skip


@callback(
    Output(ids.ACCOUNT, "children"),
    Input(ids.URL, "search"),
)
def update_account(search: str | None) -> list[Any]:
    user = current_user()
    lang = ViewState.from_query(parse_search(search)).lang
    return account_block(user, csrf_token() if user else "", lang)


@callback(
    Output(ids.NAVBAR + "-collapse", "is_open"),
    Input(ids.NAVBAR + "-toggler", "n_clicks"),
    State(ids.NAVBAR + "-collapse", "is_open"),
    prevent_initial_call=True,
)
def toggle_collapse(_clicks: int | None, is_open: bool | None) -> bool:
    return not is_open


# Theme: the choice is kept in the browser (localStorage) and set on <html data-bs-theme>.
clientside_callback(
    "function(n, theme) { return theme === 'dark' ? 'light' : 'dark'; }",
    Output(ids.THEME_STORE, "data"),
    Input(ids.THEME_TOGGLE, "n_clicks"),
    State(ids.THEME_STORE, "data"),
    prevent_initial_call=True,
)
clientside_callback(
    """function(theme) {
        const value = theme === 'dark' ? 'dark' : 'light';
        document.documentElement.setAttribute('data-bs-theme', value);
        return value;
    }""",
    Output(ids.THEME_DUMMY, "children"),
    Input(ids.THEME_STORE, "data"),
)
# The page's language (<html lang>) follows ?lang= as the user switches it without a reload.
clientside_callback(
    """function(search) {
        const lang = new URLSearchParams(search || '').get('lang') === 'en' ? 'en' : 'vi';
        document.documentElement.setAttribute('lang', lang);
        return lang;
    }""",
    Output(ids.LANG_DUMMY, "children"),
    Input(ids.URL, "search"),
)
clientside_callback(
    "function(n) { if (n) { window.print(); } return 0; }",
    Output(ids.NAVBAR + "-print", "n_clicks"),
    Input(ids.NAVBAR + "-print", "n_clicks"),
    prevent_initial_call=True,
)
