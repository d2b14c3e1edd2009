"""A notice as PDF (fpdf2): its letterhead and body laid out by ``dashboard.export.official``,
as the report pack is (A4, Nghị định 30/2020/NĐ-CP margins, the two-column title block,
"Kính gửi", "Nơi nhận", "Trang x/y")."""

from __future__ import annotations

from dashboard.export.notice.model import NoticeModel
from dashboard.export.notice.text import letterhead, outline
from dashboard.export.official import pdf as official


def render_pdf(model: NoticeModel) -> bytes:
    """The notice as PDF bytes."""
    head = letterhead(model)
    pdf = official.new_document(head)
    official.title_block(pdf, head)
    official.write_blocks(pdf, outline(model))
    official.signature(pdf, head)
    return bytes(pdf.output())
