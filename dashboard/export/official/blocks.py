"""A document's body as a list of blocks (headings, paragraphs, tables, figures).

Both writers (PDF and DOCX) render the same blocks, so the two formats of a document always
say the same thing; only the frame (title block, signature) is laid out by each writer
(:mod:`.pdf`, :mod:`.docx`).  A block holds final text: numbers already written in the
document's language (``dashboard.formatting``).  Every text is printed as it is — a name
such as ``<b>x</b>`` or ``=1+1`` is text, never markup or a formula.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

Align = Literal["L", "C", "R", "J"]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1: a part (I., II.), 2: a section inside it (1., 2.)


@dataclass(frozen=True)
class Paragraph:
    text: str
    italic: bool = False
    bold: bool = False
    align: Align = "J"


@dataclass(frozen=True)
class TableBlock:
    headers: list[str]
    rows: list[list[str]]  # a cell's lines are separated by "\n"
    widths: list[float]  # relative widths
    aligns: list[Align]
    lead: str = ""  # the sentence introducing the table, kept on the same page
    compact: bool = False  # a smaller type, for a table of many or long columns


@dataclass(frozen=True)
class FigureBlock:
    png: bytes
    caption: str


Block = Heading | Paragraph | TableBlock | FigureBlock
Document = TypeVar("Document")


@dataclass(frozen=True)
class Writer(Generic[Document]):
    """How one format (PDF, DOCX) writes each kind of block onto its ``Document``."""

    heading: Callable[[Document, Heading], None]
    paragraph: Callable[[Document, Paragraph], None]
    table: Callable[[Document, TableBlock], None]
    figure: Callable[[Document, FigureBlock], None]

    def write(self, document: Document, block: Block) -> None:
        match block:
            case Heading():
                self.heading(document, block)
            case Paragraph():
                self.paragraph(document, block)
            case TableBlock():
                self.table(document, block)
            case FigureBlock():
                self.figure(document, block)


def column_widths(relative: Sequence[float], total: float) -> list[float]:
    scale = total / sum(relative)
    return [w * scale for w in relative]
