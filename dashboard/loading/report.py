"""The per-file report of an upload, as the "Nạp dữ liệu" page shows it.

What ``cchc load`` prints (``etl.report``), in the page's language: per file its kind, its
status and rows; a loaded file the batch it made, the batches it replaced and the stored
scores it changed (the first :data:`etl.report.MAX_CHANGES_SHOWN`, old → new); a rejected
or failed file every problem (sheet, row, column, value, reason — the loader lists at most
``etl.errors.MAX_LISTED`` and says how many more).  Every text from a file is shown as
text, never as markup (Dash escapes it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from dashboard import formatting
from dashboard.i18n import t
from etl.errors import Problem
from etl.kinds.merge import ScoreChange
from etl.load import FAILED, FileResult
from etl.report import MAX_CHANGES_SHOWN

STATUSES = ("loaded", "already_loaded", "rejected", FAILED)
COLOURS = {"loaded": "success", "already_loaded": "info", "rejected": "danger", FAILED: "dark"}
_KINDS = ("units", "framework", "rounds", "scores", "workbook", "submissions", "sql")


def kind_text(kind: str | None, lang: str) -> str:
    """A file kind's name (``etl.kinds``) in ``lang``."""
    if kind in _KINDS:
        return t(f"upload.kind_{kind}", lang)
    return kind or "—"


def score_text(value: float | str | None, lang: str) -> str:
    """A stored score as the report shows it: ``1,5``, ``KAD``, ``chưa chấm``."""
    if value is None:
        return t("upload.not_scored", lang)
    if isinstance(value, str):
        return t("upload.not_applicable", lang) if value == "KAD" else value
    return formatting.points(value, lang=lang)


def change_line(change: ScoreChange, lang: str) -> str:
    return t(
        "upload.change_line",
        lang,
        year=change.year,
        round=change.round,
        unit=change.unit_code,
        criterion=change.criterion_code,
        column=t(f"upload.{change.column}", lang),
        old=score_text(change.old, lang),
        new=score_text(change.new, lang),
    )


def _changes(changes: Sequence[ScoreChange], lang: str) -> list[Any]:
    if not changes:
        return []
    n = formatting.integer(len(changes), lang=lang)
    items = [html.Li(change_line(c, lang)) for c in changes[:MAX_CHANGES_SHOWN]]
    hidden = len(changes) - MAX_CHANGES_SHOWN
    if hidden > 0:
        items.append(html.Li(t("upload.more_changes", lang, n=formatting.integer(hidden))))
    return [
        html.P(t("upload.changes", lang, n=n), className="mb-1 fw-semibold"),
        html.Ul(items, className="cchc-upload-changes small mb-0"),
    ]


def _problems(problems: Sequence[Problem], lang: str) -> list[Any]:
    header = [t(f"upload.{name}", lang) for name in ("sheet", "row", "column", "value", "reason")]
    rows = [
        html.Tr(
            [
                html.Td(p.sheet or ""),
                html.Td("" if p.row is None else str(p.row)),
                html.Td(p.column or ""),
                html.Td(p.value or "", className="text-break"),
                html.Td(p.reason_en if lang == "en" else p.reason_vi),
            ]
        )
        for p in problems
    ]
    n = formatting.integer(len(problems), lang=lang)
    return [
        html.P(t("upload.problems", lang, n=n), className="mb-1 fw-semibold"),
        dbc.Table(
            [html.Thead(html.Tr([html.Th(h) for h in header])), html.Tbody(rows)],
            size="sm",
            bordered=True,
            responsive=True,
            className="cchc-upload-problems small mb-0",
        ),
    ]


def _summary(result: FileResult, lang: str) -> str:
    rows = formatting.integer(result.rows, lang=lang)
    if result.status == "loaded":
        text = t("upload.loaded_rows", lang, rows=rows, batch=result.batch_id)
        if result.replaced_batches:
            batches = ", ".join(f"#{b}" for b in result.replaced_batches)
            text += " · " + t("upload.replaced", lang, batches=batches)
        return text
    if result.status == "already_loaded":
        return t("upload.already_rows", lang, rows=rows, batch=result.batch_id)
    return t("upload.nothing_written", lang)


def file_report(result: FileResult, lang: str) -> dbc.Card:
    """One file: name, kind and status, then what it changed or why it was refused."""
    status = result.status if result.status in STATUSES else FAILED
    header = html.Div(
        [
            html.Span(result.path.name, className="fw-semibold me-2 text-break cchc-upload-file"),
            html.Span(kind_text(result.kind, lang), className="text-body-secondary me-2"),
            dbc.Badge(
                t(f"upload.status_{status}", lang),
                color=COLOURS[status],
                className=f"cchc-upload-status cchc-upload-{status}",
            ),
        ],
        className="d-flex flex-wrap align-items-center",
    )
    body: list[Any] = [html.P(_summary(result, lang), className="mb-2 small")]
    body += _changes(result.changes, lang)
    body += _problems(result.problems, lang) if result.problems else []
    return dbc.Card(
        [dbc.CardHeader(header), dbc.CardBody(body)],
        className=f"mb-2 cchc-upload-result cchc-upload-result-{status}",
    )


def totals(results: Sequence[FileResult], lang: str) -> str:
    counts = {s: formatting.integer(sum(r.status == s for r in results)) for s in STATUSES}
    text = t(
        "upload.totals",
        lang,
        loaded=counts["loaded"],
        skipped=counts["already_loaded"],
        rejected=counts["rejected"],
    )
    if any(r.status == FAILED for r in results):
        text += " · " + t("upload.totals_failed", lang, n=counts[FAILED])
    return text


def report(results: Sequence[FileResult], lang: str) -> html.Div:
    """The whole upload: a totals line, then one card per file in the order loaded."""
    failed = any(r.status in ("rejected", FAILED) for r in results)
    return html.Div(
        [
            dbc.Alert(
                totals(results, lang),
                color="warning" if failed else "success",
                className="cchc-upload-totals mb-2",
            ),
            *(file_report(r, lang) for r in results),
        ],
        className="cchc-upload-report",
    )


def refusal(text: str) -> dbc.Alert:
    """An upload refused as a whole (limits, rights): nothing was loaded."""
    return dbc.Alert(text, color="danger", className="cchc-upload-refused mb-2")
