"""A notice as DOCX (python-docx): the same letterhead and body as the PDF, laid out by
``dashboard.export.official`` as the report pack is, editable in Word."""

from __future__ import annotations

from dashboard.export.notice.model import NoticeModel
from dashboard.export.notice.text import letterhead, outline
from dashboard.export.official import docx as official


def render_docx(model: NoticeModel) -> bytes:
    """The notice as DOCX bytes."""
    head = letterhead(model)
    doc = official.new_document(head)
    official.title_block(doc, head)
    official.write_blocks(doc, outline(model))
    official.signature(doc, head)
    official.footer(doc, head)
    return official.to_bytes(doc)
