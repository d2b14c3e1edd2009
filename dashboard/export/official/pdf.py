"""An administrative document as PDF (fpdf2): the frame of a :class:`~.letterhead.Letterhead`
and the body's blocks (:mod:`.blocks`).

A4 portrait, margins after Nghị định 30/2020/NĐ-CP (left 30 mm, right 15 mm, top and bottom
20 mm), a serif face standing in for Times New Roman (Noto Serif, else DejaVu Serif, from
Debian's font packages, embedded), the two-column title block, "Trang x/y" ("Page x/y") in
the footer.  Text is printed as text (no markdown, no markup).

    pdf = new_document(head)
    title_block(pdf, head)
    write_blocks(pdf, blocks)
    signature(pdf, head)
    body = bytes(pdf.output())
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import Align, XPos, YPos

from dashboard.export.images import ExportError
from dashboard.export.official.blocks import (
    Block,
    FigureBlock,
    Heading,
    Paragraph,
    TableBlock,
    Writer,
    column_widths,
)
from dashboard.export.official.letterhead import Letterhead

FONT = "ReportSerif"
FONT_CANDIDATES: tuple[dict[str, Path], ...] = (
    {
        "": Path("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"),
        "B": Path("/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf"),
        "I": Path("/usr/share/fonts/truetype/noto/NotoSerif-Italic.ttf"),
        "BI": Path("/usr/share/fonts/truetype/noto/NotoSerif-BoldItalic.ttf"),
    },
    {
        "": Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
        "B": Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"),
        "I": Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf"),
        "BI": Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-BoldItalic.ttf"),
    },
)
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 30.0, 15.0, 20.0, 20.0
BODY_SIZE = 12.5
TABLE_SIZE = 10
COMPACT_TABLE_SIZE = 9
LINE = 6.2  # mm per body line
HEADER_FILL = (226, 232, 240)
KEEP_TOGETHER_ROWS = 10  # shorter tables are never split across pages
MIN_FIGURE_SCALE = 0.75  # a chart may shrink to 75 % to stay with its section
NUMBER_BLANK = " " * 8  # room for the document number, written by hand
HEADING_HEIGHT = 10.0  # mm, a one-line heading with its spacing
TABLE_ROW_HEIGHT = 6.5  # mm, a one-line table row


def font_files() -> dict[str, Path]:
    """The first serif family with all four styles installed."""
    for family in FONT_CANDIDATES:
        if all(p.is_file() for p in family.values()):
            return family
    raise ExportError(
        "Không tìm thấy phông chữ Noto Serif hoặc DejaVu Serif (gói Debian fonts-noto-core "
        "hoặc fonts-dejavu-core) để tạo báo cáo PDF. / No Noto Serif or DejaVu Serif font "
        "found: install fonts-noto-core or fonts-dejavu-core."
    )


class OfficialPDF(FPDF):
    """An A4 document whose footer reads "Trang x/y" in its letterhead's language."""

    letterhead: Letterhead

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 10)
        self.cell(0, 6, self.letterhead.page_label(self.page_no(), "{nb}"), align="C")


def new_document(head: Letterhead) -> OfficialPDF:
    """A new document with its fonts, margins and metadata, its first page open."""
    pdf = OfficialPDF(orientation="P", unit="mm", format="A4")
    pdf.letterhead = head
    for style, path in font_files().items():
        pdf.add_font(FONT, style, str(path))
    pdf.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
    pdf.set_auto_page_break(True, margin=MARGIN_BOTTOM + 4)
    pdf.set_title(head.document_title)
    pdf.set_author(head.issuer.agency_name)
    pdf.set_creator("cchc-dashboard")
    pdf.set_lang(head.lang)
    pdf.add_page()
    return pdf


def _centered_lines(
    pdf: FPDF, x: float, width: float, lines: list[tuple[str, str, float]], rule: float
) -> float:
    """Lines centred in a column starting at ``x``; a short rule under them; returns the end y."""
    y = pdf.get_y()
    for text, style, size in lines:
        pdf.set_xy(x, y)
        pdf.set_font(FONT, style, size)
        pdf.cell(width, 5.6, text, align="C")
        y += 5.6
    pdf.set_line_width(0.3)
    pdf.line(x + (width - rule) / 2, y + 0.8, x + (width + rule) / 2, y + 0.8)
    return y + 2


def title_block(pdf: FPDF, head: Letterhead) -> None:
    """Issuing body | national motto; number | place and date; the heading and title; the
    addressee ("Kính gửi: …") when there is one."""
    top = pdf.get_y()
    left_w, right_x = 62.0, MARGIN_LEFT + 62.0
    right_w = pdf.w - MARGIN_RIGHT - right_x + 6
    issuer = head.issuer
    left_end = _centered_lines(
        pdf, MARGIN_LEFT - 6, left_w, [(issuer.authority, "", 12), (issuer.agency, "B", 12)], 22
    )
    pdf.set_y(top)
    pdf.set_font(FONT, "B", 12.5)
    right_end = _centered_lines(
        pdf,
        right_x,
        right_w,
        [(head.nation, "B", 11.5), (head.motto, "B", 12.5)],
        pdf.get_string_width(head.motto),
    )
    y = max(left_end, right_end) + 3
    pdf.set_xy(MARGIN_LEFT - 6, y)
    pdf.set_font(FONT, "", 12)
    pdf.cell(left_w, 6, head.number_line(NUMBER_BLANK), align="C")
    pdf.set_xy(right_x, y)
    pdf.set_font(FONT, "I", 12.5)
    pdf.cell(right_w, 6, head.date_line, align="C")
    pdf.set_y(y + 16)
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 7, head.heading, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(0, 6.4, head.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    mid = MARGIN_LEFT + (pdf.w - MARGIN_LEFT - MARGIN_RIGHT) / 2
    pdf.line(mid - 20, pdf.get_y() + 1.5, mid + 20, pdf.get_y() + 1.5)
    pdf.ln(8)
    if head.addressee:
        pdf.set_font(FONT, "", 13)
        pdf.multi_cell(0, 6.4, head.addressee, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(5)


def paragraph(pdf: FPDF, block: Paragraph) -> None:
    style = ("B" if block.bold else "") + ("I" if block.italic else "")
    pdf.set_font(FONT, style, BODY_SIZE)
    pdf.set_x(MARGIN_LEFT)
    pdf.multi_cell(
        0,
        LINE,
        "\u2003" + block.text,
        align=Align.coerce(block.align),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(1.5)


def _table_height(block: TableBlock, rows: int) -> float:
    lead = LINE * 2 if block.lead else 0
    return (rows + 2) * TABLE_ROW_HEIGHT + lead


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels, from the PNG header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ExportError("Ảnh biểu đồ không phải PNG / chart image is not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def _figure_height(pdf: FPDF, block: FigureBlock) -> float:
    """The chart's height at the text width (mm), without its caption."""
    px_w, px_h = png_size(block.png)
    return (pdf.w - MARGIN_LEFT - MARGIN_RIGHT) * px_h / px_w


def _least_height(pdf: FPDF, block: Block) -> float:
    """The least room (mm) the start of ``block`` needs on a page."""
    match block:
        case Heading():
            return HEADING_HEIGHT
        case Paragraph():
            return LINE * 2
        case TableBlock():
            rows = len(block.rows) if len(block.rows) <= KEEP_TOGETHER_ROWS else 3
            return _table_height(block, rows)
        case FigureBlock():
            return _figure_height(pdf, block) * MIN_FIGURE_SCALE + 10
    return 0.0


def _keep_with_next(pdf: FPDF, blocks: list[Block], position: int) -> None:
    """Before a run of headings: a new page unless they fit with the start of what follows."""
    needed = 0.0
    for block in blocks[position:]:
        needed += _least_height(pdf, block)
        if not isinstance(block, Heading):
            break
    if pdf.get_y() + needed > pdf.h - pdf.b_margin:
        pdf.add_page()


def heading(pdf: FPDF, block: Heading) -> None:
    size = 12.5 if block.level == 1 else BODY_SIZE
    pdf.ln(2 if block.level == 1 else 0.5)
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, LINE + 0.4, block.text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def table(pdf: FPDF, block: TableBlock) -> None:
    width = pdf.w - MARGIN_LEFT - MARGIN_RIGHT
    short = len(block.rows) <= KEEP_TOGETHER_ROWS
    if short and pdf.get_y() + _table_height(block, len(block.rows)) > pdf.h - pdf.b_margin:
        pdf.add_page()
    if block.lead:
        paragraph(pdf, Paragraph(block.lead))
    pdf.set_font(FONT, "", COMPACT_TABLE_SIZE if block.compact else TABLE_SIZE)
    pdf.set_draw_color(90, 90, 90)
    pdf.set_line_width(0.2)
    with pdf.table(
        col_widths=column_widths(block.widths, width),
        width=width,
        align="LEFT",
        line_height=4.5 if block.compact else 5.0,
        padding=(0.8, 1.2),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
        text_align="CENTER",
        repeat_headings=1,
    ) as grid:
        header = grid.row()
        for text in block.headers:
            header.cell(text, align="C")
        for values in block.rows:
            row = grid.row()
            for text, align in zip(values, block.aligns, strict=True):
                row.cell(text, align=Align.coerce(align))
    pdf.ln(3)


def figure(pdf: FPDF, block: FigureBlock) -> None:
    text_width = width = pdf.w - MARGIN_LEFT - MARGIN_RIGHT
    height = _figure_height(pdf, block)
    room = pdf.h - pdf.b_margin - pdf.get_y() - 10  # 10 mm for the caption
    if height > room:
        if height * MIN_FIGURE_SCALE <= room:  # shrink a little rather than leave a gap
            width, height = width * room / height, room
        else:
            pdf.add_page()
    pdf.image(io.BytesIO(block.png), x=MARGIN_LEFT + (text_width - width) / 2, w=width)
    pdf.set_font(FONT, "I", 10.5)
    pdf.multi_cell(0, 5, block.caption, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)


WRITER = Writer[FPDF](heading, paragraph, table, figure)


def write_blocks(pdf: FPDF, blocks: list[Block]) -> None:
    """The body, a run of headings kept on the page of what follows them."""
    for position, block in enumerate(blocks):
        if isinstance(block, Heading) and not isinstance(blocks[position - 1], Heading):
            _keep_with_next(pdf, blocks, position)
        WRITER.write(pdf, block)


def signature(pdf: FPDF, head: Letterhead) -> None:
    """The recipients ("Nơi nhận:" and its list) on the left, the signer's title on the right."""
    if pdf.get_y() + 45 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(4)
    top = pdf.get_y()
    pdf.set_font(FONT, "BI", 12)
    pdf.cell(80, 6, head.recipients_label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 11)
    for line in head.recipients:
        pdf.cell(80, 5.2, f"- {line}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    end = pdf.get_y()
    x = pdf.w - MARGIN_RIGHT - 80
    pdf.set_xy(x, top)
    pdf.set_font(FONT, "B", 12.5)
    pdf.cell(80, 6, head.issuer.signer_title, align="C")
    pdf.set_y(max(end, top + 40))
