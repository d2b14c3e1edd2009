"""The upload page's pieces: the upload control's settings and the load history table.
Pure presentation, tested without a browser; the page (``pages/upload.py``) wires them."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import formatting, limits
from dashboard.components.layout import message
from dashboard.i18n import t
from dashboard.ids import PageIds
from dashboard.loading import routes
from dashboard.loading.report import kind_text

ID = PageIds("upload")  # the page's ids (dashboard.components.layout.page_ids of its Page)
HISTORY_LIMIT = 100  # batches listed

UNDO = "upload-undo"  # the pattern-matching type of the undo buttons: {"type", "batch"}
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
        return message(t("upload.history_none", lang), "secondary", "no-loads")
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
