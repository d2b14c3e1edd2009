"""Nạp dữ liệu — upload export files, read what each did, see the load history, undo a load.

Only a user who may load (``chuyen_vien``: ``dashboard.view.PAGES`` ``roles``, and
:func:`dashboard.loading.loader` on every request) sees the page; anyone else gets the
"forbidden" state, and a callback or upload they forge is answered 403 (an undo or upload
also audited ``refused``).

* **Upload**: a ``dcc.Upload`` takes several files at once.  What it has read never goes to
  the server in a Dash callback: the page's script (``assets/upload.js``, a clientside
  callback) checks the limits (``dashboard.limits``), sends the files to the page's upload
  route (:mod:`dashboard.loading.routes`, registered on the app's server by this page) with
  the upload's progress in a bar, shows "Đang nạp…" while the server loads them, and puts the
  per-file report the route answers in place.  (Dash's background callbacks would need
  diskcache or Celery; a bar fed by the browser's own upload progress needs neither.)
* **Load history**: the newest :data:`HISTORY_LIMIT` batches — who, what, when, rows,
  status — each loaded score batch with a "Hoàn tác" button that asks first, then undoes it
  (:func:`dashboard.loading.undo`: ``etl.undo.undo_batch``) and says what it did or why not.
"""

from __future__ import annotations

import time
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import (
    ALL,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    dcc,
    html,
)
from dash.exceptions import PreventUpdate
from flask import abort

from dashboard import components as ui
from dashboard import loading
from dashboard.components.upload import HISTORY_LIMIT, UNDO, history_table, picker, upload_config
from dashboard.i18n import lang_of, t
from dashboard.loading import routes
from dashboard.queries.warehouse import engine

PAGE = ui.register_page(__name__, "upload")
routes.register(dash.get_app().server)  # the upload route this page sends its files to

ID = ui.page_ids(PAGE)


def layout(**kwargs: Any) -> html.Div:
    lang = lang_of(kwargs.get("lang"))
    if not ui.may_open(PAGE) or loading.loader() is None:
        return ui.page_frame(PAGE.title_key, lang, [ui.forbidden(lang)])
    return ui.page_frame(
        PAGE.title_key,
        lang,
        [
            dcc.Store(id=ID("config"), data=upload_config(lang)),
            dcc.Store(id=ID("lang"), data=lang),
            dcc.Store(id=ID("loaded"), data=0),
            dcc.Store(id=ID("undone"), data=0),
            ui.card(t("upload.title", lang), [picker(lang)]),
            ui.card(
                t("upload.report_title", lang),
                [dcc.Loading(html.Div(id=ID("report")), type="dot")],
                className="cchc-upload-report-card",
            ),
            ui.card(
                t("upload.history_title", lang),
                [html.Div(id=ID("undo-result")), dcc.Loading(html.Div(id=ID("history")))],
            ),
        ],
        lead=t("upload.lead", lang),
    )


clientside_callback(
    ClientsideFunction("cchc_upload", "send"),
    Output(ID("report"), "children"),
    Output(ID("loaded"), "data"),
    Output(ID("picker"), "contents"),
    Input(ID("picker"), "contents"),
    State(ID("picker"), "filename"),
    State(ID("config"), "data"),
    State(ID("loaded"), "data"),
    prevent_initial_call=True,
)


# --- the load history ------------------------------------------------------------------------


@callback(
    Output(ID("history"), "children"),
    Input(ID("loaded"), "data"),
    Input(ID("undone"), "data"),
    State(ID("lang"), "data"),
)
def history(_loaded: Any, _undone: Any, lang: Any) -> Any:
    if loading.loader() is None:
        abort(403)  # a forged callback: the page is not shown to this user
    lang = lang_of(lang)
    return history_table(loading.history(engine(), HISTORY_LIMIT), lang)


@callback(
    Output(ID("undo-result"), "children"),
    Output(ID("undone"), "data"),
    Input({"type": UNDO, "batch": ALL}, "submit_n_clicks"),
    State(ID("lang"), "data"),
    prevent_initial_call=True,
)
def undo(_clicks: list[Any], lang: Any) -> tuple[Any, Any]:
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not ctx.triggered or not ctx.triggered[0].get("value"):
        raise PreventUpdate  # buttons drawn, none confirmed
    try:
        batch_id = int(str(trigger.get("batch")))
    except (TypeError, ValueError):
        raise PreventUpdate from None
    user = loading.loader()
    if user is None:
        loading.refused(engine(), "undo", f"#{batch_id}", "may not load")
        abort(403)
    result = loading.undo(engine(), batch_id, user.username)
    lang = lang_of(lang)
    alert = dbc.Alert(
        result.text(lang),
        color="success" if result.done else "warning",
        dismissable=True,
        className=f"cchc-undo-result cchc-undo-{'done' if result.done else 'refused'}",
    )
    return alert, time.time() if result.done else dash.no_update  # redraw the history
