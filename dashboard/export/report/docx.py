"""The report pack as DOCX (python-docx): the same outline as the PDF, editable in Word.

The layout is ``dashboard.export.official.docx`` (Times New Roman 13 pt, A4, the two-column
title block as a borderless table, tables in "Table Grid", "Trang x/y" from Word's PAGE and
NUMPAGES fields): the report's letterhead around its outline (``text.outline``).
"""

from __future__ import annotations

from dashboard.export.official import docx as official
from dashboard.export.report.model import ReportData
from dashboard.export.report.text import outline


def render_docx(data: ReportData) -> bytes:
    """The whole report as DOCX bytes."""
    head = data.letterhead
    doc = official.new_document(head)
    official.title_block(doc, head)
    official.write_blocks(doc, outline(data))
    official.signature(doc, head)
    official.footer(doc, head)
    return official.to_bytes(doc)
