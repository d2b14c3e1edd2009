"""The Dash app: ``app`` (Dash) and ``server`` (Flask, for ``gunicorn dashboard.app:server``).

Shell, for whoever adds a page (details in ``dashboard/components/__init__.py``):

* Pages live in ``dashboard/pages/`` (Dash Pages, ``use_pages=True``); each registers itself
  with ``dash.register_page(__name__, path=..., name=..., order=N, i18n_key="page.<slug>")``
  and defines ``layout(**kwargs)``; its callbacks use ``@callback``.
* The URL is the state: ``?year=&round=&group=&field=&criterion=&unit=&score=&lang=``.
  Filter controls write to it (``components.url_state``); pages render from it.
* Vietnamese by default, ``?lang=en`` for English (``dashboard.i18n.t``).
* No CDN: Bootstrap's CSS is served from the installed Bootstrap-Flask (``dashboard.vendor``),
  styles in
  ``assets/app.css``, Plotly's ``vi`` locale in ``assets/plotly-locale-vi.js``; Dash serves its
  own JavaScript (``serve_locally``).
* The warehouse is ``etl.db.get_engine()`` (``CCHC_DATABASE_URL``), opened on first use by
  ``queries.warehouse.engine``.
* Light/dark theme: the navbar button stores the choice in the browser and sets
  ``<html data-bs-theme>``; figures stay theme-free (CSS recolours them on screen).
* Hardening (``dashboard.security``, bounds in ``dashboard.limits``): request size and query
  string limits, Content-Security-Policy and the other security headers; exports bounded in
  time and number (``dashboard.export.guard``); while the warehouse cannot be reached, pages
  and callbacks say so and recover alone (``dashboard.outage``).
* Accounts (``dashboard.auth``): nothing but ``/login`` and ``/assets/`` is served to anyone
  not signed in; the gate (``dashboard.auth.gate``) puts the user and their data scope on
  ``flask.g`` for every request (``dashboard.auth.current_user`` / ``current_scope``).
* Several instances: with ``CCHC_CACHE_URL`` the query cache and the sessions are in Redis
  (``dashboard.shared_cache``, ``dashboard.auth.sessions``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dash
import flask
from dash import Dash, dcc, html

from dashboard import ids, outage, security, shared_cache, vendor
from dashboard.auth import gate
from dashboard.components.navbar import navbar
from dashboard.export.routes import register as register_exports
from dashboard.i18n import lang_of, t
from dashboard.queries.cache import configure_cache

PACKAGE = Path(__file__).resolve().parent
PAGES = PACKAGE / "pages"
ASSETS = PACKAGE.parent / "assets"

# Imported for their callbacks (filters -> URL).
import dashboard.components.url_state  # noqa: E402, F401  isort: skip


class CchcDash(Dash):
    """Dash whose page says which language it is in (``<html lang>``: screen readers,
    translation prompts, hyphenation); the navbar keeps it current when ``?lang=`` changes."""

    def interpolate_index(self, *args: Any, **kwargs: Any) -> Any:
        page = str(super().interpolate_index(*args, **kwargs))
        lang = lang_of(flask.request.args.get("lang")) if flask.has_request_context() else "vi"
        return page.replace("<html>", f'<html lang="{lang}">', 1)


app = CchcDash(
    __name__,
    use_pages=True,
    pages_folder=str(PAGES),
    assets_folder=str(ASSETS),
    serve_locally=True,
    compress=True,  # gzip for pages, scripts, CSS and callback answers (flask-compress)
    external_stylesheets=[vendor.BOOTSTRAP_CSS],  # served below, from an installed package
    title=t("app.title"),
    update_title="",
    suppress_callback_exceptions=True,
    meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    on_error=outage.on_callback_error,
)
server = app.server
security.install(app)
vendor.install(server)
gate.install(server)  # after the request limits: who is asking, /login and /logout
shared_cache.install(configure_cache, server.secret_key)  # Redis, when CCHC_CACHE_URL is set
outage.install(app)
register_exports(server)  # /export/chart|table|report downloads

app.layout = html.Div(
    [
        dcc.Store(id=ids.THEME_STORE, storage_type="local"),
        html.Div(id=ids.THEME_DUMMY, hidden=True),
        html.Div(id=ids.LANG_DUMMY, hidden=True),
        dcc.Store(id=ids.SCOPED_SEARCH, storage_type="memory"),
        navbar(),
        html.Main(
            [html.Div(id=ids.OUTAGE), dash.page_container], className="container-fluid cchc-main"
        ),
        html.Footer(
            t("app.source"),
            id=ids.FOOTER,
            className="container-fluid cchc-footer text-body-secondary",
        ),
    ],
    className="cchc-app",
)
