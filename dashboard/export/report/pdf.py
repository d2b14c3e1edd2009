"""The report pack as PDF (fpdf2), laid out like an administrative report of a Sở Nội vụ.

The layout is ``dashboard.export.official.pdf`` (A4, the margins of Nghị định 30/2020/NĐ-CP,
a serif face standing in for Times New Roman, the two-column title block, "Trang x/y"): the
report's letterhead (``ReportData.letterhead``) around its outline (``text.outline``).
"""

from __future__ import annotations

from dashboard.export.official import pdf as official
from dashboard.export.report.model import ReportData
from dashboard.export.report.text import outline


def render_pdf(data: ReportData) -> bytes:
    """The whole report as PDF bytes."""
    head = data.letterhead
    pdf = official.new_document(head)
    official.title_block(pdf, head)
    official.write_blocks(pdf, outline(data))
    official.signature(pdf, head)
    return bytes(pdf.output())
