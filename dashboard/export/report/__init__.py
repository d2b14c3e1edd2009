"""The leadership report pack: one call from the warehouse to PDF or DOCX bytes.

    pdf = build_report(engine, 2023, 2, fmt="pdf")            # every group of the year
    docx = build_report(engine, 2023, 2, group="huyen", fmt="docx")

Content (per group): the ranking table and chart, band counts, the self-vs-appraised gap
summary, the missing-evidence heatmap and the units missing most, the units not yet sent.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from sqlalchemy import Engine

from dashboard.export.images import ExportError
from dashboard.export.report_data import collect_report
from dashboard.export.report_docx import render_docx
from dashboard.export.report_model import ReportData
from dashboard.export.report_pdf import render_pdf

ReportFormat = Literal["pdf", "docx"]
REPORT_FORMATS: tuple[ReportFormat, ...] = ("pdf", "docx")
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def render(data: ReportData, fmt: str) -> bytes:
    """Lay out an already collected report as ``pdf`` or ``docx``."""
    if fmt == "pdf":
        return render_pdf(data)
    if fmt == "docx":
        return render_docx(data)
    raise ExportError(f"Định dạng báo cáo không hỗ trợ / unsupported report format: {fmt!r}")


def build_report(
    engine: Engine,
    year: int,
    round: int | None = None,
    group: str | None = None,
    *,
    fmt: str = "pdf",
    issued: date | None = None,
) -> bytes:
    """The report of (year, round) — one group or all — as PDF or DOCX bytes."""
    if fmt not in REPORT_FORMATS:
        raise ExportError(f"Định dạng báo cáo không hỗ trợ / unsupported report format: {fmt!r}")
    return render(collect_report(engine, year, round, group, issued=issued), fmt)


def report_filename(year: int, round: int | None, group: str | None, fmt: str) -> str:
    """``bao-cao-cchc-2023-lan2.pdf`` (``-huyen`` with a group)."""
    parts = ["bao-cao-cchc", str(year)]
    if round is not None:
        parts.append(f"lan{round}")
    if group:
        parts.append(group.replace("_", "-"))
    return "-".join(parts) + f".{fmt}"
