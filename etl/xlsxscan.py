"""A cheap pass over an .xlsx (or any zip workbook) before python-calamine reads it.

calamine materialises a sheet as one rectangle from A1 to its farthest cell: an 8.8 KB file
with one cell at XFD1048576 makes it allocate 512 GB and abort the whole process.  It also
reads a formula without a cached value, and an error value such as ``#DIV/0!``, as an empty
cell — "not scored".  So before calamine sees a workbook, this module:

- checks the archive: number of parts, their inflated size (``etl.limits``), and inflates
  each part once, which verifies its CRC and declared size (a lying zip bomb is corrupt);
- streams each worksheet's XML (no DOM; regular expressions over 4 MB blocks) to find its
  extent — the farthest row and column — and rejects a sheet beyond the row, column or
  cell limits.  The ``<dimension ref>`` a writer declares is read first (a sheet declaring
  3 000 000 rows is rejected at once) and then verified: one search per block for a cell
  beyond it.  A sheet without a dimension, with a false one, or with cells placed without
  an ``r`` attribute is measured exactly, tag by tag (slower; stops at the first limit);
- finds the cells holding a formula without a cached value, or an error value, by
  position, so the reader can reject them by name (``etl.readers.BadCell``).  A formula
  with an empty ``<v></v>`` is taken as computed (to empty text) only when typed
  ``t="str"``, as Excel writes it; openpyxl writes uncomputed formulas the same way without
  the type (and so does xlsxwriter for a formula given the value ``""``): rejected.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import PurePosixPath
from typing import IO
from xml.etree import ElementTree

from etl import limits
from etl.errors import FileRejected, Problem

_BLOCK = 4 << 20
_MAX_CARRY = 16 << 20  # a block without a row end is cut at a tag end past this size
_MAX_META_BYTES = 16 << 20  # workbook.xml and its relationships
_P = rb"(?:[\w.-]+:)?"  # any namespace prefix (x:c, x:row), for the exact measure

_ROOT = re.compile(rb"<(?:([\w.-]+):)?worksheet\b")
_DIMENSION = re.compile(rb"<" + _P + rb'dimension\b[^>]*?\bref="([^"]*)"')
_TAG = re.compile(rb"<" + _P + rb"(row|c)\b([^>]*)>")
_REF = re.compile(rb"\sr\s*=\s*[\"']([A-Za-z]{1,4})([0-9]{1,9})[\"']")
_ROW_NUMBER = re.compile(rb"\sr\s*=\s*[\"']([0-9]{1,9})[\"']")
_STRING_TYPE = re.compile(rb'\bt="str"')
_ANY_REFERENCE = re.compile(rb"\sr\s*=")
_ROW_REFERENCES = re.compile(rb' r="[A-Za-z]{0,4}([0-9]{1,9})"')
_COLUMN_REFERENCES = re.compile(rb' r="([A-Za-z]{1,4})[0-9]')
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class _Syntax:
    """The searches over one sheet's XML, with its namespace prefix (``""`` or ``"x:"``).

    Each starts with a literal, so Python's ``re`` skips ahead to it: a pass over a
    160 MB sheet takes a few tenths of a second.
    """

    def __init__(self, prefix: bytes) -> None:
        p = re.escape(prefix)
        formula = rb"<" + p + rb"f\b[^>]*(?:/>|>([^<]*)</" + p + rb"f>)"
        self.cell_open = b"<" + prefix + b"c"
        self.row_tags = tuple(b"<" + prefix + b"row" + end for end in (b" ", b">", b"/"))
        self.row_close = b"</" + prefix + b"row>"
        self.positional = re.compile(
            rb"<" + p + rb'(?:c|row)(?![^ >/]| r=")'
        )  # a cell or row placed without r="…" (or with r="…" not first)
        self.formula_without_value = re.compile(
            formula
            + rb"\s*(<"
            + p
            + rb"v\s*/>|<"
            + p
            + rb"v>\s*</"
            + p
            + rb"v>)?\s*</"
            + p
            + rb"c>"
        )
        self.error_value = re.compile(
            rb't="e"[^>]*>\s*(' + formula + rb")?\s*<" + p + rb"v>([^<]*)</" + p + rb"v>"
        )

    @staticmethod
    def of(first_block: bytes) -> _Syntax:
        root = _ROOT.search(first_block)
        return _syntax(root[1] + b":" if root and root[1] else b"")


_SYNTAXES: dict[bytes, _Syntax] = {}


def _syntax(prefix: bytes) -> _Syntax:
    if prefix not in _SYNTAXES:
        _SYNTAXES[prefix] = _Syntax(prefix)
    return _SYNTAXES[prefix]


@dataclass(frozen=True)
class CellFault:
    """A cell calamine would read as empty although it is not."""

    formula: str | None  # "=SUM(E9:E10)", "=(…)" for a shared formula, None for a constant
    error: str | None  # "#DIV/0!" for an error value, None for a missing cached value


@dataclass
class SheetScan:
    """What a worksheet holds, as far as the loader needs to know before reading it."""

    name: str
    rows: int = 0  # the farthest row (1-based): the rows calamine would return
    columns: int = 0  # the farthest column (1-based)
    faults: dict[tuple[int, int], CellFault] = field(default_factory=dict)  # 0-based (row, col)


def column_number(letters: str) -> int:
    """``A`` -> 1, ``XFD`` -> 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    """1 -> ``A``, 16384 -> ``XFD``."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _greater(text: str, alphabet: str, *, fold: bool = False) -> bytes:
    """A regex for strings over ``alphabet`` (ordered, no leading "zero") greater than
    ``text`` read as numbers: longer, or as long and larger at the first difference;
    ``fold``: either case of a letter."""

    def chars(subset: str) -> str:
        return f"[{subset}{subset.lower() if fold else ''}]"

    options = [f"{chars(alphabet)}{{{len(text) + 1},}}"]
    for index, char in enumerate(text):
        higher = alphabet[alphabet.index(char) + 1 :]
        if higher:
            rest = len(text) - index - 1
            options.append(f"{re.escape(text[:index])}{chars(higher)}{chars(alphabet)}{{{rest}}}")
    return "|".join(options).encode()


def _row_bound(rows: int, columns: int) -> int:
    """The most rows a sheet ``columns`` wide may have, rounded down to ``d·10^k − 1`` (whose
    "greater than" regex is short), never below the ``rows`` it declares."""
    allowed = min(limits.MAX_ROWS, limits.MAX_CELLS // max(columns, 1))
    power = 10 ** (len(str(allowed)) - 1)
    rounded = allowed // power * power - 1
    return max(rounded, rows)


def _beyond(rows: int, columns: int) -> re.Pattern[bytes]:
    """A cell (or row) reference beyond ``rows`` × ``columns``."""
    letters = _greater(column_letters(columns), _LETTERS, fold=True)
    digits = _greater(str(rows), "0123456789")
    return re.compile(rb'r="(?:(?:' + letters + rb")[0-9]|[A-Za-z]{0,4}0*(?:" + digits + rb')")')


# --- the archive -----------------------------------------------------------------------------


def scan_workbook(archive: zipfile.ZipFile, file: str) -> list[SheetScan]:
    """Check ``archive`` and measure its worksheets; raises ``FileRejected``."""
    members = archive.infolist()
    parts = ("số phần trong tệp nén", "the number of parts in the archive")
    if len(members) > limits.MAX_ZIP_MEMBERS:
        raise limits.over_limit(file, parts, len(members), limits.MAX_ZIP_MEMBERS)
    inflated = sum(member.file_size for member in members)
    size = ("dung lượng khi giải nén (byte)", "the inflated size in bytes")
    if inflated > limits.MAX_UNZIPPED_BYTES:
        raise limits.over_limit(file, size, inflated, limits.MAX_UNZIPPED_BYTES)
    sheets = _worksheet_parts(archive)
    named = set(sheets.values())
    for member in members:  # a worksheet the workbook does not list is measured all the same
        if member.filename.startswith("xl/worksheets/") and member.filename not in named:
            sheets[member.filename] = member.filename
    scans = [_scan_sheet(archive, part, name, file) for name, part in sheets.items()]
    scanned = set(sheets.values())
    for member in members:
        if member.filename not in scanned and not member.is_dir():
            _drain(archive, member)
    return scans


def _drain(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Inflate a part once: zipfile checks its CRC and size (``BadZipFile`` otherwise)."""
    with archive.open(member) as handle:
        while handle.read(_BLOCK):
            pass


def _small_xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_META_BYTES:
        raise zipfile.BadZipFile(f"{name} is {info.file_size} bytes")
    return ElementTree.fromstring(archive.read(info))


def _worksheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the archive part of its XML, in workbook order."""
    workbook = _small_xml(archive, "xl/workbook.xml")
    relations = _small_xml(archive, "xl/_rels/workbook.xml.rels")
    if workbook is None or relations is None:
        return {}
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in relations
        if rel.tag.endswith("}Relationship")
    }
    parts: dict[str, str] = {}
    for sheet in workbook.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        rel_id = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rel_id)
        if target:
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            parts[sheet.get("name", "")] = str(PurePosixPath(path))
    return {name: part for name, part in parts.items() if part in archive.NameToInfo}


# --- one worksheet -----------------------------------------------------------------------------


def _row_end(buffer: bytes) -> int:
    """Just after the last ``</row>`` (``</x:row>``) in ``buffer``; 0 if none."""
    end = len(buffer)
    while (found := buffer.rfind(b"row>", 0, end)) >= 0:
        start = buffer.rfind(b"<", 0, found)
        if start >= 0 and buffer[start + 1 : start + 2] == b"/":
            return found + 4
        end = found
    return 0


def _blocks(handle: IO[bytes]) -> Iterator[bytes]:
    """The XML in blocks that end after a complete row (or tag, for a huge row)."""
    carry = b""
    while data := handle.read(_BLOCK):
        carry += data
        cut = _row_end(carry) or (carry.rfind(b">") + 1 if len(carry) > _MAX_CARRY else 0)
        if cut:
            yield carry[:cut]
            carry = carry[cut:]
    if carry:
        yield carry


class _Extent:
    """The farthest row and column, measured exactly, as calamine places cells: by their
    ``r`` reference, else after the previous cell on the current row.

    A block where every row and cell carries ``r="…"`` first is measured from the
    references alone; a block without any reference by counting rows and cells; a mix, tag by
    tag (slowest)."""

    def __init__(self, syntax: _Syntax) -> None:
        self.syntax = syntax
        self.rows = self.columns = 0
        self._row = self._column = 0

    def feed(self, block: bytes) -> None:
        if not self.syntax.positional.search(block):
            self._by_references(block)
        elif not _ANY_REFERENCE.search(block):
            self._by_counting(block)
        else:
            self._by_tags(block)

    def _by_references(self, block: bytes) -> None:
        rows = _ROW_REFERENCES.findall(block)
        if rows:
            self.rows = max(self.rows, max(map(int, rows)))
            self._row, self._column = int(rows[-1]), 0
        letters = _COLUMN_REFERENCES.findall(block)
        if letters:
            widest = max(letters, key=lambda text: (len(text), text.upper()))
            self.columns = max(self.columns, column_number(widest.decode()))

    def _by_counting(self, block: bytes) -> None:
        syntax = self.syntax
        rows = block.split(syntax.row_close)
        cells = max(map(bytes.count, rows, repeat(syntax.cell_open)))  # <c…> tags in a row
        self._row += sum(block.count(tag) for tag in syntax.row_tags)
        self.rows = max(self.rows, self._row)
        self.columns = max(self.columns, cells)
        self._column = 0

    def _by_tags(self, block: bytes) -> None:
        for match in _TAG.finditer(block):
            if match[1] == b"row":
                number = _ROW_NUMBER.search(match[2])
                self._row = int(number[1]) if number else self._row + 1
                self._column = 0
                self.rows = max(self.rows, self._row)
                continue
            ref = _REF.search(match[2])
            if ref:
                self._column, row = column_number(ref[1].decode()), int(ref[2])
                self.rows = max(self.rows, row)
            else:
                self._column += 1
            self.columns = max(self.columns, self._column)


def _declared(block: bytes) -> tuple[int, int] | None:
    """(rows, columns) of the sheet's ``<dimension ref="A1:I400001">``, if any."""
    found = _DIMENSION.search(block)
    if not found:
        return None
    last = found[1].split(b":")[-1]
    ref = re.fullmatch(rb"\$?([A-Za-z]{1,4})\$?([0-9]{1,9})", last)
    return (int(ref[2]), column_number(ref[1].decode())) if ref else None


def _scan_sheet(archive: zipfile.ZipFile, part: str, name: str, file: str) -> SheetScan:
    """Trust the declared dimension (widened to what the limits allow) if no cell lies
    beyond it; otherwise measure exactly."""
    with archive.open(part) as handle:
        blocks = _blocks(handle)
        first = next(blocks, b"")
        syntax = _Syntax.of(first)
        declared = _declared(first)
        if declared is None:
            return _measure(name, file, syntax, _chain(first, blocks))
        scan = SheetScan(name, *declared)
        limits.check_extent(file, name, scan.rows, scan.columns)
        beyond = _beyond(_row_bound(scan.rows, scan.columns), scan.columns)
        for block in _chain(first, blocks):
            if beyond.search(block) or syntax.positional.search(block):
                break
            _find_faults(block, syntax, scan)
        else:
            return scan
    with archive.open(part) as handle:
        return _measure(name, file, syntax, _blocks(handle))


def _measure(name: str, file: str, syntax: _Syntax, blocks: Iterator[bytes]) -> SheetScan:
    """The exact extent, tag by tag; stops at the first limit passed."""
    scan = SheetScan(name)
    extent = _Extent(syntax)
    for block in blocks:
        extent.feed(block)
        scan.rows, scan.columns = extent.rows, extent.columns
        limits.check_extent(file, name, scan.rows, scan.columns, at_least=True)
        _find_faults(block, syntax, scan)
    return scan


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest


def _cell_tag(block: bytes, index: int, syntax: _Syntax) -> bytes:
    """The start tag of the cell that holds ``block[index]``."""
    start = block.rfind(syntax.cell_open, 0, index)
    return block[start : block.find(b">", start) + 1] if start >= 0 else b""


def _position(tag: bytes) -> tuple[int, int] | None:
    ref = _REF.search(tag)
    return (int(ref[2]) - 1, column_number(ref[1].decode()) - 1) if ref else None


def _formula_text(raw: bytes | None) -> str:
    text = html.unescape(raw.decode("utf-8", "replace")).strip() if raw else ""
    return f"={text}" if text else "=(…)"


def _find_faults(block: bytes, syntax: _Syntax, scan: SheetScan) -> None:
    """Formulas without a cached value, and error values, in ``block``."""
    for match in syntax.formula_without_value.finditer(block):
        tag = _cell_tag(block, match.start(), syntax)
        if match[2] and _STRING_TYPE.search(tag):
            continue  # a formula whose value is the empty string: a blank cell indeed
        position = _position(tag)
        if position is not None:
            scan.faults[position] = CellFault(_formula_text(match[1]), None)
    for match in syntax.error_value.finditer(block):
        position = _position(_cell_tag(block, match.start(), syntax))
        if position is not None:
            formula = _formula_text(match[2]) if match[1] else None
            scan.faults[position] = CellFault(formula, html.unescape(match[3].decode("utf-8")))


def corrupt(file: str, exc: BaseException) -> FileRejected:
    """The rejection of an archive zipfile cannot read."""
    detail = f"{type(exc).__name__}: {exc}"
    return FileRejected(
        [
            Problem(
                file,
                None,
                None,
                None,
                None,
                f"Tệp bảng tính bị hỏng hoặc không đọc được ({detail}); hãy mở bằng Excel và"
                " lưu lại thành .xlsx",
                f"corrupt or unreadable spreadsheet ({detail}); open it in Excel and save it"
                " as .xlsx",
            )
        ]
    )
