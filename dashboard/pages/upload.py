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
from dashboard import formatting, limits, loading
from dashboard.i18n import lang_of, t
from dashboard.loading import routes
from dashboard.loading.report import kind_text
from dashboard.queries.warehouse import engine

PAGE = ui.register_page(__name__, "upload")
routes.register(dash.get_app().server)  # the upload route this page sends its files to

ID = ui.page_ids(PAGE)
UNDO = "upload-undo"  # the pattern-matching type of the undo buttons: {"type", "batch"}
HISTORY_LIMIT = 100
TEXTS = ("sending", "loading", "too_many", "file_too_large", "total_too_large", "failed_request")
STATUS_COLOURS = {"loaded": "success", "replaced": "secondary", "rejected": "danger",
                  "undone": "warning"}  # fmt: skip


def _mb(size: int, lang: str) -> str:
    return f"{formatting.number(size / (1024 * 1024), 0, lang=lang)} MB"


def upload_config(lang: str) -> dict[str, Any]:
    """What the page's script needs: where to send, the limits, its texts in ``lang``."""
    return {
        "url": dash.get_relative_path(routes.UPLOAD_PATH) + ("?lang=en" if lang == "en" else ""),
        "header": routes.UPLOAD_HEADER,
        "field": routes.FIELD,
        "maxFiles": limits.MAX_UPLOAD_FILES,
        "maxFileBytes": limits.MAX_UPLOAD_FILE_BYTES,
        "maxBytes": limits.MAX_UPLOAD_BYTES,
        "fileLimit": _mb(limits.MAX_UPLOAD_FILE_BYTES, lang),
        "totalLimit": _mb(limits.MAX_UPLOAD_BYTES, lang),
        "decimal": "." if lang == "en" else ",",
        "ids": {"progress": ID("progress"), "picker": ID("picker")},
        "texts": {name: t(f"upload.{name}", lang) for name in TEXTS},
    }


def picker(lang: str) -> html.Div:
    """The drop zone, the limits under it, and the progress bar the script fills."""
    return html.Div(
        [
            dcc.Upload(
                html.Div(t("upload.drop", lang)),
                id=ID("picker"),
                multiple=True,
                accept=",".join(limits.UPLOAD_SUFFIXES),
                className="cchc-upload-drop border border-2 rounded p-4 text-center",
                style={"borderStyle": "dashed", "cursor": "pointer"},
            ),
            html.P(
                t(
                    "upload.limits",
                    lang,
                    files=limits.MAX_UPLOAD_FILES,
                    file_limit=_mb(limits.MAX_UPLOAD_FILE_BYTES, lang),
                    total_limit=_mb(limits.MAX_UPLOAD_BYTES, lang),
                ),
                className="small text-body-secondary mt-2 mb-2",
            ),
            dbc.Progress(
                id=ID("progress"),
                value=0,
                striped=True,
                animated=True,
                className="d-none cchc-upload-progress",
                style={"height": "1.5rem"},
            ),
        ]
    )


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


def _who(loaded_by: str | None, lang: str) -> str:
    return loaded_by or t("upload.by_cli", lang)


def _undo_button(row: dict[str, Any], lang: str) -> Any:
    if not row["undoable"]:
        return ""
    return dcc.ConfirmDialogProvider(
        html.Button(
            t("upload.undo", lang),
            className="btn btn-sm btn-outline-danger cchc-upload-undo",
            type="button",
        ),
        id={"type": UNDO, "batch": int(row["id"])},
        message=t("upload.undo_confirm", lang, batch=row["id"], file=row["file_name"]),
    )


def history_table(rows: list[dict[str, Any]], lang: str) -> Any:
    """The load history as a table, an undo button on each batch that may be undone."""
    if not rows:
        return ui.message(t("upload.history_none", lang), "secondary", "no-loads")
    names = ("id", "file", "kind", "rows", "status", "loaded_at", "loaded_by", "action")
    head = html.Thead(html.Tr([html.Th(t(f"upload.col_{name}", lang)) for name in names]))
    body = [
        html.Tr(
            [
                html.Td(f"#{row['id']}"),
                html.Td(row["file_name"], className="text-break"),
                html.Td(kind_text(row["kind"], lang)),
                html.Td(formatting.integer(row["rows"], lang=lang), className="text-end"),
                html.Td(
                    dbc.Badge(
                        t(f"upload.history_{row['status']}", lang),
                        color=STATUS_COLOURS.get(row["status"], "secondary"),
                    )
                    if row["status"] in STATUS_COLOURS
                    else row["status"]
                ),
                html.Td(formatting.datetime_vn(row["loaded_at"], lang=lang)),
                html.Td(_who(row["loaded_by"], lang)),
                html.Td(_undo_button(row, lang)),
            ],
            className=f"cchc-batch cchc-batch-{row['status']}",
            id=f"{ID('batch')}-{row['id']}",
        )
        for row in rows
    ]
    return html.Div(
        [
            html.P(
                t("upload.history_lead", lang, n=HISTORY_LIMIT),
                className="small text-body-secondary",
            ),
            dbc.Table(
                [head, html.Tbody(body)],
                size="sm",
                hover=True,
                responsive=True,
                className="cchc-upload-history mb-0",
            ),
        ]
    )


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
