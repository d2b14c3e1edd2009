"""Download routes on the Dash app's Flask server.

    /export/chart/<slug>.<png|svg|pdf>?year=&round=&group=&field=&criterion=&unit=&score=
    /export/chart/<slug>/<chart>.<png|svg|pdf>?…   (or ?chart=<chart>): one of the page's charts
    /export/table/<slug>.<xlsx|csv>?…
    /export/report.<pdf|docx>?year=&round=&group=&lang=
    /export/notice/<unit>.<pdf|docx>?year=&round=&lang=    (one unit's feedback notice)
    /export/notices.zip?year=&round=&group=&lang=          (every notice of the scope)

The query string is the page's own (``dashboard.components.url_state``), so a link built from
the page URL exports exactly the view on screen.  ``dashboard/app.py`` calls
``register(server)`` once.  Errors answer in plain text, Vietnamese then English: 400 for a
bad choice, 404 for a chart the page does not have, 413 for an image too large, 503 when
Chromium is missing.

Every export runs under :mod:`dashboard.export.guard`: past its deadline it answers 503, and
while the process's export slots are taken another one answers 429, both with
``Retry-After``.  The request is read before the work is handed to the export thread.  The
zip of every notice (dozens of documents) waits :data:`NOTICES_DEADLINE_FACTOR` times as long.

Who asks matters (:mod:`dashboard.auth`): a page's files are refused (403, Vietnamese then
English) to a role that may not open the page (``Page.roles``), the report pack to a unit's
account; the view is resolved within the user's scope and every query of the export answers
within it (the guard carries the scope to the export thread).  A unit's notice goes to the
roles of the unit page, for a unit of the user's scope only (a unit's account: its own); any
other unit is refused 403 before anything is looked up, so the answer names nothing and tells
nobody whether the unit exists.  The zip of every notice goes to the report pack's roles.
Every download asked for is an ``export`` event in the audit log (target the path, the query
and the status in its detail).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, request
from sqlalchemy import Engine

from dashboard import limits
from dashboard.audit import Event, Outcome, record
from dashboard.auth import current_scope, current_user
from dashboard.export import guard
from dashboard.i18n import both
from dashboard.security import refusal
from dashboard.view import (
    DOWNLOADS,
    PAGES,
    REPORT_ROLES,
    NoDataError,
    Scope,
    UnknownPageError,
    View,
    ViewState,
    page_of,
    require,
)

TABLE_MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
PREFIX = DOWNLOADS
NOTICE_ROLES = PAGES["unit"].roles  # one unit's notice: whoever may open its page
NOTICES_DEADLINE_FACTOR = 3  # the zip of every notice: ~0.5 s of work per unit


def download_name(stem: str, view: View, fmt: str) -> str:
    """``rankings-2023-lan2-huyen.png`` (``…-round2-…`` in English): ASCII, safe in a
    Content-Disposition header."""
    parts = [stem, str(view.year), f"{'round' if view.lang == 'en' else 'lan'}{view.round}"]
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


def _guarded(
    work: Callable[[], tuple[bytes, str, str]], deadline_s: float | None = None
) -> Response:
    """Run ``work`` (→ body, media type, file name) under the export guard (its deadline, else
    ``deadline_s``); answer the file or the error."""
    from dashboard.export import images
    from dashboard.queries import SelectionError
    from dashboard.specs.registry import NothingToDrawError

    try:
        body, media_type, filename = guard.run(work, deadline_s)
    except (images.ExportError, SelectionError, UnknownPageError, NothingToDrawError,
            NoDataError) as exc:  # fmt: skip
        return _error(exc)
    return _attachment(body, media_type, filename)


def _engine() -> Engine:
    from dashboard.queries.warehouse import engine

    return engine()


def _asked() -> tuple[ViewState, Scope]:
    """The view asked for and the scope of who asks (read in the request)."""
    return ViewState.from_query(request.args), current_scope()


def _may(roles: tuple[str, ...]) -> bool:
    """Whether the signed-in user's role is one of ``roles`` (nobody signed in: the gate has
    answered already; no gate at all: the server's own use)."""
    user = current_user()
    return user is None or user.role in roles


def _forbidden() -> Response:
    return refusal(403, both("error.export_forbidden"))


def _page_refused(slug: str) -> Response | None:
    """403 when the user's role may not open page ``slug`` (an unknown page: the work's 404)."""
    try:
        page = page_of(slug)
    except UnknownPageError:
        return None
    return None if _may(page.roles) else _forbidden()


_OUTCOMES: dict[int, Outcome] = {200: "ok", 401: "refused", 403: "refused", 429: "refused"}


def _audited(route: Callable[..., Response]) -> Callable[..., Response]:
    """``route``, each answer recorded in the audit log: action ``export``, target the path."""

    @functools.wraps(route)
    def answer(**kwargs: Any) -> Response:
        response = route(**kwargs)
        user = current_user()
        detail: dict[str, Any] = {"via": "web", "status": response.status_code}
        if request.query_string:
            detail["query"] = request.query_string.decode("utf-8", "replace")
        event = Event("export", _OUTCOMES.get(response.status_code, "failed"),
                      None if user is None else user.username, request.path, detail,
                      request.remote_addr)  # fmt: skip
        record(_engine(), event)
        return response

    return answer


def chart_download(slug: str, fmt: str, chart: str | None = None) -> Response:
    """Chart ``chart`` (from the path, else ``?chart=``, else the main one) of page ``slug``."""
    from dashboard import specs
    from dashboard.export import charts, images

    refused = _page_refused(slug)
    if refused is not None:
        return refused
    wanted, (asked, scope) = chart or request.args.get("chart") or None, _asked()

    def work() -> tuple[bytes, str, str]:
        engine = _engine()
        page = page_of(slug)
        spec = specs.chart_spec(page, wanted)
        view = require(engine, asked, page, scope)
        body = charts.export_chart(engine, page.slug, view, fmt, spec.name)
        main = spec.name == specs.chart_spec(page).name
        stem = page.slug if main else f"{page.slug}-{spec.name}"
        return body, images.MEDIA_TYPES[fmt], download_name(stem, view, fmt)

    return _guarded(work)


def table_download(slug: str, fmt: str) -> Response:
    from dashboard.export import charts

    refused = _page_refused(slug)
    if refused is not None:
        return refused
    asked, scope = _asked()

    def work() -> tuple[bytes, str, str]:
        engine = _engine()
        page = page_of(slug)
        view = require(engine, asked, page, scope)
        body = charts.export_table(engine, page.slug, view, fmt)
        return body, TABLE_MEDIA_TYPES[fmt], download_name(page.slug, view, fmt)

    return _guarded(work)


def report_download(fmt: str) -> Response:
    from dashboard.export import report

    if not _may(REPORT_ROLES):
        return _forbidden()
    asked, scope = _asked()

    def work() -> tuple[bytes, str, str]:
        engine = _engine()
        view = require(engine, asked, None, scope)
        body = report.build_report(engine, view, fmt)
        return body, report.MEDIA_TYPES[fmt], report.report_filename(view, fmt)

    return _guarded(work)


def notice_download(unit: str, fmt: str) -> Response:
    """The feedback notice of ``unit`` for the view's year and round, in its language."""
    from dashboard.export import notice

    asked, scope = _asked()
    if not _may(NOTICE_ROLES) or (scope.units is not None and unit not in scope.units):
        return _forbidden()

    def work() -> tuple[bytes, str, str]:
        engine = _engine()
        view = require(engine, asked, None, scope)
        body = notice.build_notice(engine, view, unit, fmt)
        return body, notice.MEDIA_TYPES[fmt], notice.notice_filename(view, unit, fmt)

    return _guarded(work)


def notices_download() -> Response:
    """Every notice of the view's year, round and group (every group when none) in the
    user's scope: one zip, a PDF and a DOCX per unit."""
    from dashboard.export import notice

    if not _may(REPORT_ROLES):
        return _forbidden()
    asked, scope = _asked()

    def work() -> tuple[bytes, str, str]:
        engine = _engine()
        view = require(engine, asked, None, scope)
        body = notice.notices_zip(engine, view)
        return body, notice.MEDIA_TYPES["zip"], notice.notices_filename(view)

    return _guarded(work, limits.EXPORT_DEADLINE_S * NOTICES_DEADLINE_FACTOR)


def register(server: Flask) -> None:
    """Add the download routes to the Flask server (once; a second call does nothing)."""
    if "cchc_export_chart" in server.view_functions:
        return
    chart, table, report = (_audited(f) for f in (chart_download, table_download,
                                                  report_download))  # fmt: skip
    server.add_url_rule(f"{PREFIX}/chart/<slug>.<any(png, svg, pdf):fmt>", "cchc_export_chart",
                        chart)  # fmt: skip
    server.add_url_rule(
        f"{PREFIX}/chart/<slug>/<chart>.<any(png, svg, pdf):fmt>", "cchc_export_named_chart", chart
    )
    server.add_url_rule(f"{PREFIX}/table/<slug>.<any(xlsx, csv):fmt>", "cchc_export_table", table)
    server.add_url_rule(f"{PREFIX}/report.<any(pdf, docx):fmt>", "cchc_export_report", report)
    server.add_url_rule(f"{PREFIX}/notice/<path:unit>.<any(pdf, docx):fmt>",
                        "cchc_export_notice", _audited(notice_download))  # fmt: skip
    server.add_url_rule(f"{PREFIX}/notices.zip", "cchc_export_notices",
                        _audited(notices_download))  # fmt: skip
