"""When the warehouse cannot be reached: a message, never a blank page or a 500 traceback.

The database server may be down, restarting or out of reach.  Then:

* a page shows the navbar and "Kho dữ liệu không truy cập được" (English under ``?lang=en``)
  in place of its content: every registered page's ``layout`` is wrapped (:func:`guard_pages`);
* a callback that fails the same way shows that message above the page (``ids.OUTAGE``,
  through :func:`on_callback_error`, the Dash app's ``on_error``) and changes nothing else; the
  message goes away with the next navigation;
* any other request (downloads) answers 503 in plain text with ``Retry-After``.

Nothing is remembered about the failure: the engine is a pool that opens connections on
demand (``pool_pre_ping`` drops the dead ones), and the query cache only ever holds results,
so the first request after the server is back gets data again.  Any other error is raised
as before.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

import dash
from dash import Dash, Input, Output, callback, html, set_props
from flask import Response, has_request_context, request
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from dashboard import ids, limits
from dashboard.components.states import warehouse_down
from dashboard.i18n import Lang, both, lang_of
from dashboard.security import refusal

log = logging.getLogger(__name__)


def unreachable(exc: BaseException) -> bool:
    """Is ``exc``, or an error it was raised from, the warehouse not answering (connection
    refused or lost, server starting up or shutting down)?"""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OperationalError | InterfaceError):
            return True
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        current = current.__cause__ or current.__context__
    return False


def _report(exc: BaseException) -> None:
    log.warning("warehouse unreachable: %s", str(exc).splitlines()[0] if str(exc) else exc)


def outage_page(lang: str) -> html.Div:
    """What a page shows while the warehouse cannot be reached."""
    return html.Div([warehouse_down(lang)], className="cchc-page cchc-outage")


def guard_layout(layout: Callable[..., Any]) -> Callable[..., Any]:
    """``layout`` showing :func:`outage_page` when the warehouse cannot be reached."""

    @functools.wraps(layout)
    def guarded(**kwargs: Any) -> Any:
        try:
            return layout(**kwargs)
        except Exception as exc:
            if not unreachable(exc):
                raise
            _report(exc)
            return outage_page(lang_of(kwargs.get("lang")))

    guarded.cchc_guarded = True  # type: ignore[attr-defined]
    return guarded


def guard_pages(registry: MutableMapping[str, dict[str, Any]]) -> None:
    """Wrap the layout of every page in ``registry`` (``dash.page_registry``), once."""
    for page in registry.values():
        layout = page.get("layout")
        if callable(layout) and not getattr(layout, "cchc_guarded", False):
            page["layout"] = guard_layout(layout)


def _page_lang() -> Lang:
    """The language of the page a callback came from (its URL is the request's referrer)."""
    if not has_request_context() or not request.referrer:
        return lang_of(None)
    return lang_of(parse_qs(urlsplit(request.referrer).query).get("lang", [None])[0])


def on_callback_error(exc: Exception) -> Any:
    """The Dash app's ``on_error``: the outage message for a warehouse error, else re-raise."""
    if not unreachable(exc):
        raise exc
    _report(exc)
    set_props(ids.OUTAGE, {"children": warehouse_down(_page_lang())})
    return None  # Dash: no update to the callback's own outputs


def _answer(exc: DBAPIError) -> Response:
    if not unreachable(exc):
        raise exc
    _report(exc)
    return refusal(503, both("error.warehouse_title"), limits.WAREHOUSE_RETRY_AFTER_S)


def install(app: Dash) -> None:
    """Guard ``app``'s pages and answer other requests 503 while the warehouse is down.

    ``app`` must have been made with ``on_error=on_callback_error`` and hold an element with
    id ``ids.OUTAGE`` in its layout.
    """
    guard_pages(dash.page_registry)
    app.server.register_error_handler(DBAPIError, _answer)


@callback(
    Output(ids.OUTAGE, "children"),
    Input(ids.URL, "pathname"),
    Input(ids.URL, "search"),
    prevent_initial_call=True,
)
def clear_outage(_pathname: Any, _search: Any) -> None:
    """A new view: the message goes; the view's own callbacks report again if need be."""
    return None
