"""The report pack as DOCX (python-docx): the same outline as the PDF, editable in Word.

Times New Roman 13 pt, A4 with the margins of Nghị định 30/2020/NĐ-CP, the two-column title
block as a borderless table, tables in "Table Grid", "Trang x/y" ("Page x/y") from PAGE and
NUMPAGES fields; every fixed text from ``dashboard.i18n`` in the report's language.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from dashboard.export.report.model import ReportData
from dashboard.export.report.text import (
    FigureBlock,
    Heading,
    Paragraph,
    TableBlock,
    Writer,
    column_widths,
    outline,
)
from dashboard.i18n import t

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 11
TEXT_WIDTH_CM = 16.5
KEEP_TOGETHER_ROWS = 10  # shorter tables are kept on one page  # A4 21 cm − 3 cm − 1.5 cm
ALIGN = {
    "L": WD_ALIGN_PARAGRAPH.LEFT,
    "C": WD_ALIGN_PARAGRAPH.CENTER,
    "R": WD_ALIGN_PARAGRAPH.RIGHT,
    "J": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
LANGUAGE_TAGS = {"vi": "vi-VN", "en": "en-GB"}
NUMBER_BLANK = " " * 7  # room for the document number, written by hand


def _setup(doc: DocxDocument, data: ReportData) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(4)
    doc.core_properties.language = LANGUAGE_TAGS[data.lang]


def _line(
    paragraph: DocxParagraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    underline: bool = False,
) -> None:
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
        _line(paragraph, text, bold=bold, italic=italic, size=size, underline=underline)


def _title_block(doc: DocxDocument, data: ReportData) -> None:
    issuer = data.issuer
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Cm(6.5), Cm(10)
    _cell_lines(
        table.cell(0, 0),
        [(issuer.authority, False, False, 12.5, False), (issuer.agency, True, False, 12.5, True)],
    )
    _cell_lines(
        table.cell(0, 1),
        [
            (t("report.nation", data.lang), True, False, 12, False),
            (t("report.motto", data.lang), True, False, 13, True),
        ],
    )
    number = t("report.number", data.lang, blank=NUMBER_BLANK, agency=issuer.agency_short)
    _cell_lines(table.cell(1, 0), [(number, False, False, 13, False)])
    _cell_lines(table.cell(1, 1), [(data.date_line, False, True, 13, False)])
    doc.add_paragraph()
    for text, size in ((t("report.heading", data.lang), 14), (data.title, 13)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        _line(paragraph, text, bold=True, size=size)
    rule = doc.add_paragraph()
    rule.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _line(rule, "________", bold=True)


def _heading(doc: DocxDocument, block: Heading) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(8 if block.level == 1 else 4)
    _line(paragraph, block.text, bold=True)


def _paragraph(doc: DocxDocument, block: Paragraph) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = ALIGN[block.align]
    paragraph.paragraph_format.first_line_indent = Cm(1)
    _line(paragraph, block.text, bold=block.bold, italic=block.italic)


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


def _table(doc: DocxDocument, block: TableBlock) -> None:
    if block.lead:
        _paragraph(doc, Paragraph(block.lead))
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Cm(w) for w in column_widths(block.widths, TEXT_WIDTH_CM)]
    _repeat_header(table.rows[0])
    for cell, text, width in zip(table.rows[0].cells, block.headers, widths, strict=True):
        cell.width = width
        _shade(cell, "E2E8F0")
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _line(cell.paragraphs[0], text, bold=True, size=TABLE_PT)
    keep = len(block.rows) <= KEEP_TOGETHER_ROWS
    for position, values in enumerate(block.rows, start=1):
        cells = table.add_row().cells
        for cell, text, align, width in zip(cells, values, block.aligns, widths, strict=True):
            cell.width = width
            paragraph = cell.paragraphs[0]
            paragraph.alignment = ALIGN[align]
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.keep_with_next = keep and position < len(block.rows)
            _line(paragraph, text, size=TABLE_PT)
    doc.add_paragraph()


def _figure(doc: DocxDocument, block: FigureBlock) -> None:
    picture = doc.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    picture.add_run().add_picture(io.BytesIO(block.png), width=Cm(TEXT_WIDTH_CM - 0.5))
    caption = doc.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _line(caption, block.caption, italic=True, size=11)


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


def _footer(doc: DocxDocument, data: ReportData) -> None:
    """``Trang x/y``: the page-number text of ``dashboard.i18n`` around the two fields."""
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    text = t("report.page", data.lang, page="\x00", pages="\x01")
    before, rest = text.split("\x00")
    between, after = rest.split("\x01")
    for words, code in ((before, "PAGE"), (between, "NUMPAGES"), (after, None)):
        if words:
            paragraph.add_run(words)
        if code:
            _field(paragraph, code)


def _signature(doc: DocxDocument, data: ReportData) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Cm(8.5), Cm(8)
    _line(left.paragraphs[0], t("report.recipients_label", data.lang), bold=True, italic=True,
          size=12)  # fmt: skip
    for line in data.issuer.recipients:
        paragraph = left.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        _line(paragraph, f"- {line}", size=11)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _line(right.paragraphs[0], data.issuer.signer_title, bold=True)


_WRITER = Writer[DocxDocument](_heading, _paragraph, _table, _figure)


def render_docx(data: ReportData) -> bytes:
    """The whole report as DOCX bytes."""
    doc = Document()
    _setup(doc, data)
    _title_block(doc, data)
    for block in outline(data):
        _WRITER.write(doc, block)
    _signature(doc, data)
    _footer(doc, data)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
