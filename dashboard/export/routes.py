"""Download routes on the Dash app's Flask server.

    /export/chart/<slug>.<png|svg|pdf>?year=&round=&group=&field=&criterion=&unit=&score=
    /export/chart/<slug>/<chart>.<png|svg|pdf>?…   (or ?chart=<chart>): one of the page's charts
    /export/table/<slug>.<xlsx|csv>?…
    /export/report.<pdf|docx>?year=&round=&group=

The query string is the page's own (``dashboard.components.url_state``), so a link built from
the page URL exports exactly the view on screen.  ``dashboard/app.py`` calls
``register(server)`` once.  Errors answer in plain text, Vietnamese then English: 400 for a
bad choice, 404 for a chart the page does not have, 413 for an image too large, 503 when
Chromium is missing.

Every export runs under :mod:`dashboard.export.guard`: past its deadline it answers 503, and
while the process's export slots are taken another one answers 429, both with
``Retry-After``.  The request is read before the work is handed to the export thread.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, request
from sqlalchemy import Engine

from dashboard.components.url_state import ViewState
from dashboard.export import guard
from dashboard.security import refusal

TABLE_FORMATS = ("xlsx", "csv")
REPORT_FORMATS = ("pdf", "docx")
TABLE_MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
PREFIX = "/export"


def chart_path(slug: str, fmt: str, chart: str | None = None) -> str:
    """The download path of page ``slug``'s chart ``chart`` (the main chart when ``None``)."""
    if chart is None:
        return f"{PREFIX}/chart/{slug}.{fmt}"
    return f"{PREFIX}/chart/{slug}/{chart}.{fmt}"


def table_path(slug: str, fmt: str) -> str:
    return f"{PREFIX}/table/{slug}.{fmt}"


def report_path(fmt: str) -> str:
    return f"{PREFIX}/report.{fmt}"


def download_name(stem: str, view: ViewState, fmt: str) -> str:
    """``rankings-2023-lan2-huyen.png``: ASCII, safe in a Content-Disposition header."""
    parts = [stem]
    if view.year is not None:
        parts.append(str(view.year))
    if view.round is not None:
        parts.append(f"lan{view.round}")
    for value in (view.group, view.field, view.criterion, view.unit):
        if value:
            parts.append("".join(c if c.isascii() and c.isalnum() else "-" for c in value))
    return "-".join(parts) + f".{fmt}"


def _attachment(body: bytes, media_type: str, filename: str) -> Response:
    response = Response(body, mimetype=media_type.split(";")[0])
    if "charset" in media_type:
        response.headers["Content-Type"] = media_type
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _error(exc: Exception) -> Response:
    """The plain-text answer to an export error (``status`` and ``retry_after`` it carries)."""
    status = int(getattr(exc, "status", 400))
    return refusal(status, str(exc), getattr(exc, "retry_after", None))


def _guarded(work: Callable[[], tuple[bytes, str, str]]) -> Response:
    """Run ``work`` (→ body, media type, file name) under the export guard; answer the file
    or the error."""
    from dashboard.export import images
    from dashboard.queries import SelectionError

    try:
        body, media_type, filename = guard.run(work)
    except (images.ExportError, SelectionError) as exc:
        return _error(exc)
    return _attachment(body, media_type, filename)


def _engine() -> Engine:
    from dashboard.components.warehouse import engine

    return engine()


def _view() -> ViewState:
    return ViewState.from_query(request.args)


def chart_download(slug: str, fmt: str, chart: str | None = None) -> Response:
    """Chart ``chart`` (from the path, else ``?chart=``, else the main one) of page ``slug``."""
    from dashboard.export import charts, images

    wanted, asked = chart or request.args.get("chart") or None, _view()

    def work() -> tuple[bytes, str, str]:
        engine = _engine()
        page = charts.page_slug(slug)
        name = charts.chart_name(page, wanted)
        view = charts.resolve_view(engine, asked)
        body = charts.export_chart(engine, page, view, fmt, name)
        stem = page if name == charts.main_chart(page) else f"{page}-{name}"
        return body, images.MEDIA_TYPES[fmt], download_name(stem, view, fmt)

    return _guarded(work)


def table_download(slug: str, fmt: str) -> Response:
    from dashboard.export import charts

    asked = _view()

    def work() -> tuple[bytes, str, str]:
        engine = _engine()
        view = charts.resolve_view(engine, asked)
        body = charts.export_table(engine, slug, view, fmt)
        return body, TABLE_MEDIA_TYPES[fmt], download_name(charts.page_slug(slug), view, fmt)

    return _guarded(work)


def report_download(fmt: str) -> Response:
    from dashboard.export import charts, report

    asked = _view()

    def work() -> tuple[bytes, str, str]:
        engine = _engine()
        view = charts.resolve_view(engine, asked)
        assert view.year is not None
        body = report.build_report(engine, view.year, view.round, view.group, fmt=fmt)
        name = report.report_filename(view.year, view.round, view.group, fmt)
        return body, report.MEDIA_TYPES[fmt], name

    return _guarded(work)


def register(server: Flask) -> None:
    """Add the download routes to the Flask server (once; a second call does nothing)."""
    if "cchc_export_chart" in server.view_functions:
        return
    server.add_url_rule(
        f"{PREFIX}/chart/<slug>.<any(png, svg, pdf):fmt>", "cchc_export_chart", chart_download
    )
    server.add_url_rule(
        f"{PREFIX}/chart/<slug>/<chart>.<any(png, svg, pdf):fmt>",
        "cchc_export_named_chart",
        chart_download,
    )
    server.add_url_rule(
        f"{PREFIX}/table/<slug>.<any(xlsx, csv):fmt>", "cchc_export_table", table_download
    )
    server.add_url_rule(
        f"{PREFIX}/report.<any(pdf, docx):fmt>", "cchc_export_report", report_download
    )
