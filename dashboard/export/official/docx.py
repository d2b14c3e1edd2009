"""An administrative document as DOCX (python-docx): the same frame and blocks as the PDF,
editable in Word.

Times New Roman 13 pt, A4 with the margins of Nghị định 30/2020/NĐ-CP, the two-column title
block as a borderless table, tables in "Table Grid", "Trang x/y" ("Page x/y") from PAGE and
NUMPAGES fields.  Text is written as text runs (python-docx escapes it): never a field,
a formula or markup.

    doc = new_document(head)
    title_block(doc, head)
    write_blocks(doc, blocks)
    signature(doc, head)
    footer(doc, head)
    body = to_bytes(doc)
"""

from __future__ import annotations

import copy
import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

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

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 11
COMPACT_TABLE_PT = 10
TEXT_WIDTH_CM = 16.5  # A4 21 cm − 3 cm − 1.5 cm
KEEP_TOGETHER_ROWS = 10  # shorter tables are kept on one page
ALIGN = {
    "L": WD_ALIGN_PARAGRAPH.LEFT,
    "C": WD_ALIGN_PARAGRAPH.CENTER,
    "R": WD_ALIGN_PARAGRAPH.RIGHT,
    "J": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
LANGUAGE_TAGS = {"vi": "vi-VN", "en": "en-GB"}
NUMBER_BLANK = " " * 7  # room for the document number, written by hand


def new_document(head: Letterhead) -> DocxDocument:
    """A new A4 document: margins, the body font, the document's language."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(4)
    doc.core_properties.language = LANGUAGE_TAGS[head.lang]
    return doc


def line(
    paragraph: DocxParagraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    underline: bool = False,
) -> None:
    """A run of ``text`` (line ends become line breaks)."""
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)


def _cell_lines(cell: _Cell, lines: list[tuple[str, bool, bool, float, bool]]) -> None:
    """Centred lines in a cell: (text, bold, italic, size, underline)."""
    first = True
    for text, bold, italic, size, underline in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        line(paragraph, text, bold=bold, italic=italic, size=size, underline=underline)


def title_block(doc: DocxDocument, head: Letterhead) -> None:
    """Issuing body | national motto; number | place and date; the heading and title; the
    addressee ("Kính gửi: …") when there is one."""
    issuer = head.issuer
    grid = doc.add_table(rows=2, cols=2)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for row in grid.rows:
        row.cells[0].width, row.cells[1].width = Cm(6.5), Cm(10)
    _cell_lines(
        grid.cell(0, 0),
        [(issuer.authority, False, False, 12.5, False), (issuer.agency, True, False, 12.5, True)],
    )
    _cell_lines(grid.cell(0, 1), [(head.nation, True, False, 12, False),
                                  (head.motto, True, False, 13, True)])  # fmt: skip
    _cell_lines(grid.cell(1, 0), [(head.number_line(NUMBER_BLANK), False, False, 13, False)])
    _cell_lines(grid.cell(1, 1), [(head.date_line, False, True, 13, False)])
    doc.add_paragraph()
    for text, size in ((head.heading, 14), (head.title, 13)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        line(paragraph, text, bold=True, size=size)
    rule = doc.add_paragraph()
    rule.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line(rule, "________", bold=True)
    if head.addressee:
        to = doc.add_paragraph()
        to.alignment = WD_ALIGN_PARAGRAPH.CENTER
        to.paragraph_format.space_before = Pt(6)
        to.paragraph_format.space_after = Pt(10)
        line(to, head.addressee)


def heading(doc: DocxDocument, block: Heading) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(8 if block.level == 1 else 4)
    line(paragraph, block.text, bold=True)


def paragraph(doc: DocxDocument, block: Paragraph) -> None:
    written = doc.add_paragraph()
    written.alignment = ALIGN[block.align]
    written.paragraph_format.first_line_indent = Cm(1)
    line(written, block.text, bold=block.bold, italic=block.italic)


def _repeat_header(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def table(doc: DocxDocument, block: TableBlock) -> None:
    if block.lead:
        paragraph(doc, Paragraph(block.lead))
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    grid = doc.add_table(rows=1, cols=len(block.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Cm(w) for w in column_widths(block.widths, TEXT_WIDTH_CM)]
    size = COMPACT_TABLE_PT if block.compact else TABLE_PT
    _repeat_header(grid.rows[0])
    for cell, text, width in zip(grid.rows[0].cells, block.headers, widths, strict=True):
        cell.width = width
        _shade(cell, "E2E8F0")
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        line(cell.paragraphs[0], text, bold=True, size=size)
    keep = len(block.rows) <= KEEP_TOGETHER_ROWS
    templates: dict[bool, CT_Row] = {}
    for position, values in enumerate(block.rows, start=1):
        kept = keep and position < len(block.rows)
        if kept not in templates:
            templates[kept] = _row_template(grid, block, widths, size, kept)
        row = copy.deepcopy(templates[kept])
        for run, text in zip(row.iter(qn("w:r")), values, strict=True):
            if text:
                run.text = text  # as Run.text writes it: line ends become <w:br/>
        grid._tbl.append(row)
    doc.add_paragraph()


def _row_template(grid: Table, block: TableBlock, widths: list[Cm], size: float,
                  keep: bool) -> CT_Row:  # fmt: skip
    """A data row of ``grid`` without its texts, laid out by python-docx (cell widths,
    alignment, spacing, keep with next, one run in the table's type): every row is a copy of
    it with its texts written in.  Setting each cell's properties through python-docx costs
    more than the rest of a long table (a notice lists dozens of criteria)."""
    row = grid.add_row()
    for cell, align, width in zip(row.cells, block.aligns, widths, strict=True):
        cell.width = width
        written = cell.paragraphs[0]
        written.alignment = ALIGN[align]
        written.paragraph_format.space_after = Pt(0)
        written.paragraph_format.keep_with_next = keep
        line(written, "", size=size)
    grid._tbl.remove(row._tr)
    return row._tr


def figure(doc: DocxDocument, block: FigureBlock) -> None:
    picture = doc.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    picture.add_run().add_picture(io.BytesIO(block.png), width=Cm(TEXT_WIDTH_CM - 0.5))
    caption = doc.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line(caption, block.caption, italic=True, size=11)


WRITER = Writer[DocxDocument](heading, paragraph, table, figure)


def write_blocks(doc: DocxDocument, blocks: list[Block]) -> None:
    for block in blocks:
        WRITER.write(doc, block)


def _field(paragraph: DocxParagraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the page out."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"),
                       ("end", None)):  # fmt: skip
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "1":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)


def footer(doc: DocxDocument, head: Letterhead) -> None:
    """``Trang x/y``: the page-number text of the letterhead's language around two fields."""
    written = doc.sections[0].footer.paragraphs[0]
    written.alignment = WD_ALIGN_PARAGRAPH.CENTER
    text = head.page_label("\x00", "\x01")
    before, rest = text.split("\x00")
    between, after = rest.split("\x01")
    for words, code in ((before, "PAGE"), (between, "NUMPAGES"), (after, None)):
        if words:
            written.add_run(words)
        if code:
            _field(written, code)


def signature(doc: DocxDocument, head: Letterhead) -> None:
    """The recipients ("Nơi nhận:" and its list) on the left, the signer's title on the right."""
    grid = doc.add_table(rows=1, cols=2)
    grid.autofit = False
    left, right = grid.rows[0].cells
    left.width, right.width = Cm(8.5), Cm(8)
    line(left.paragraphs[0], head.recipients_label, bold=True, italic=True, size=12)
    for text in head.recipients:
        written = left.add_paragraph()
        written.paragraph_format.space_after = Pt(0)
        line(written, f"- {text}", size=11)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    line(right.paragraphs[0], head.issuer.signer_title, bold=True)


def to_bytes(doc: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
