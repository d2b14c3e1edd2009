"""The leadership report pack: one call from the warehouse to PDF or DOCX bytes.

    view = require(engine, ViewState.from_query(request.args))    # dashboard.view
    pdf = build_report(engine, view, "pdf")            # every group of the view's year and round
    docx = build_report(engine, view.with_(group="huyen"), "docx")

The report follows the view: its year and round, its group (every group of the year when
none is chosen) and its language (``lang``: every text from ``dashboard.i18n``, numbers and
dates by ``dashboard.formatting``); the view's other filters do not apply to it.

Content (per group): the ranking table and chart, band counts, the self-vs-appraised gap
summary, the missing-evidence heatmap and the units missing most, the units not yet sent.

Modules: ``data`` (the numbers, from ``dashboard.queries``), ``model`` (what the report
says, its letterhead), ``text`` (its body as blocks), ``pdf`` and ``docx`` (the two layouts,
drawn by ``dashboard.export.official`` as the units' notices are).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from sqlalchemy import Engine

from dashboard.export.images import ExportError
from dashboard.export.report.data import collect_report
from dashboard.export.report.docx import render_docx
from dashboard.export.report.model import ReportData
from dashboard.export.report.pdf import render_pdf
from dashboard.i18n import t
from dashboard.view import View

ReportFormat = Literal["pdf", "docx"]
REPORT_FORMATS: tuple[ReportFormat, ...] = ("pdf", "docx")
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

__all__ = [
    "MEDIA_TYPES",
    "REPORT_FORMATS",
    "ReportData",
    "ReportFormat",
    "build_report",
    "collect_report",
    "render",
    "report_filename",
]


def _check(fmt: str) -> None:
    if fmt not in REPORT_FORMATS:
        raise ExportError(f"Định dạng báo cáo không hỗ trợ / unsupported report format: {fmt!r}")


def render(data: ReportData, fmt: str) -> bytes:
    """Lay out an already collected report as ``pdf`` or ``docx``."""
    _check(fmt)
    return render_pdf(data) if fmt == "pdf" else render_docx(data)


def build_report(engine: Engine, view: View, fmt: str = "pdf", issued: date | None = None) -> bytes:
    """The report of the view (its year, round, group or all groups, language) as PDF or
    DOCX bytes, dated ``issued`` (today by default)."""
    _check(fmt)
    return render(collect_report(engine, view, issued=issued), fmt)


def report_filename(view: View, fmt: str) -> str:
    """``bao-cao-cchc-2023-lan2.pdf`` (``-huyen`` with a group); in English
    ``par-index-report-2023-round2.pdf``.  ASCII, safe in a Content-Disposition header."""
    stem = t("report.file_stem", view.lang, year=view.year, round=view.round)
    parts = [stem, view.group.replace("_", "-")] if view.group else [stem]
    return "-".join(parts) + f".{fmt}"
