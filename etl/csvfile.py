"""CSV files: one encoding per file, streamed, within the limits.

The encoding is decided for the whole file, never mixed and never guessed with
``errors="replace"``: strict UTF-8 (with or without BOM) when every byte decodes; otherwise
strict Windows-1258 when every byte decodes so and nothing in the file is Vietnamese in
UTF-8 — a file that holds both (say, a UTF-8 export with one cell typed in a cp1258 editor)
is rejected, naming the first line that is not UTF-8 and its byte.  Text is NFC
(Windows-1258 writes tone marks as combining characters).

The file is read in blocks: one pass decides the encoding and counts lines (a file of
more lines than ``MAX_ROWS`` without any quote is rejected there, in a fraction of a
second); the parse streams rows and stops at the row limit.  A UTF-8 file of up to 64 MB
is decoded and parsed from its whole text at once instead, which gives the same rows faster;
one that holds anything to report is parsed line by line, which reports it.  A NUL character
anywhere, or a cell longer than ``MAX_CELL_CHARS``, rejects the file naming its row and
column.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

from etl import limits
from etl.errors import FileRejected, Problem, show_value
from etl.xlsxscan import column_letters

DELIMITERS = (",", ";", "\t")
WHOLE_FILE = True
"""Read a UTF-8 CSV file of at most ``WHOLE_FILE_BYTES`` in one piece (False: line by line)."""
WHOLE_FILE_BYTES = 64 * 1024 * 1024
_SNIFF_LINES = 30
_BLOCK = 1 << 20
UTF8, CP1258 = "utf-8-sig", "cp1258"

# A Vietnamese letter or tone mark in UTF-8: Latin-1 letters, Latin Extended-A (Ă, Đ, Ĩ,
# Ũ), Ơ/ơ/Ư/ư, Latin Extended Additional (U+1EA0–U+1EF9) and the five combining tone marks
# (NFD).  Windows-1258 text almost never holds these byte pairs; typographic quotes, dashes
# and the ellipsis (U+2010–U+2027) are counted too.
_UTF8_VIETNAMESE = re.compile(
    rb"\xc3[\x80-\xbf]|[\xc4\xc5][\x80-\xbf]|\xc6[\xa0\xa1\xaf\xb0]|\xe1[\xba\xbb][\x80-\xbf]"
    rb"|\xcc[\x80\x81\x83\x89\xa3]|\xe2\x80[\x90-\xa7]"
)


@dataclass(frozen=True)
class Survey:
    """What one pass over the bytes tells: the encoding, the lines, whether any quote."""

    encoding: str
    lines: int
    quoted: bool


def _problem(
    file: str, vi: str, en: str, *, row: int | None = None, **where: str | None
) -> Problem:
    return Problem(file, None, row, where.get("column"), where.get("value"), vi, en)


def _reject(problem: Problem) -> FileRejected:
    return FileRejected([problem])


# --- the encoding ------------------------------------------------------------------------------


def survey(path: Path) -> Survey:
    """The file's encoding and line count; ``FileRejected`` when it has no single encoding."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    lines, quoted, utf8, last = 0, False, True, b"\n"
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            lines += block.count(b"\n")
            quoted = quoted or b'"' in block
            last = block[-1:]
            utf8 = utf8 and _decodes(decoder, block)
    utf8 = utf8 and _decodes(decoder, b"", final=True)
    lines += last != b"\n"  # a last line without a line break
    return Survey(UTF8 if utf8 else _legacy(path), lines, quoted)


def _decodes(decoder: codecs.IncrementalDecoder, block: bytes, *, final: bool = False) -> bool:
    try:
        decoder.decode(block, final)
    except UnicodeDecodeError:
        return False
    return True


@dataclass(frozen=True)
class _Byte:
    """A byte an encoding cannot decode: its line, position in the line, value."""

    line: int
    position: int
    value: int

    @property
    def hex(self) -> str:
        return f"0x{self.value:02X}"


def _first_bad(path: Path) -> tuple[_Byte | None, int | None, _Byte | None]:
    """The first byte that is not UTF-8, the first line of Vietnamese UTF-8, and the first
    byte that is not Windows-1258."""
    not_utf8: _Byte | None = None
    utf8_line: int | None = None
    not_cp1258: _Byte | None = None
    with path.open("rb") as handle:
        for number, text in enumerate(handle, 1):
            if text.isascii():
                continue
            if not_utf8 is None:
                not_utf8 = _bad_byte(number, text, "utf-8")
            if utf8_line is None and _UTF8_VIETNAMESE.search(text):
                utf8_line = number
            if not_cp1258 is None:
                not_cp1258 = _bad_byte(number, text, CP1258)
    return not_utf8, utf8_line, not_cp1258


def _bad_byte(number: int, text: bytes, encoding: str) -> _Byte | None:
    try:
        text.decode(encoding)
    except UnicodeDecodeError as exc:
        return _Byte(number, exc.start + 1, text[exc.start])
    return None


def _legacy(path: Path) -> str:
    """Windows-1258, if the whole file is that and holds no Vietnamese UTF-8; else rejects."""
    not_utf8, utf8_line, not_cp1258 = _first_bad(path)
    if not_utf8 is not None and utf8_line is not None:
        bad = not_utf8
        raise _reject(
            _problem(
                path.name,
                f"Tệp trộn lẫn hai bảng mã: dòng {utf8_line} là chữ Việt UTF-8 nhưng dòng"
                f" {bad.line} có byte {bad.hex} (vị trí {bad.position}) không phải UTF-8 (có lẽ"
                " là Windows-1258); hãy lưu lại toàn bộ tệp bằng UTF-8",
                f"mixed encodings: line {utf8_line} is Vietnamese in UTF-8 but line {bad.line}"
                f" holds the byte {bad.hex} (position {bad.position}) that is not UTF-8 (likely"
                " Windows-1258); save the whole file again as UTF-8",
                row=bad.line,
                value=bad.hex,
            )
        )
    if not_cp1258 is not None:
        bad = not_cp1258
        raise _reject(
            _problem(
                path.name,
                f"Không đọc được bảng mã của tệp: dòng {bad.line} có byte {bad.hex} (vị trí"
                f" {bad.position}) không phải UTF-8 cũng không phải Windows-1258; hãy lưu lại"
                " tệp bằng UTF-8",
                f"unknown encoding: line {bad.line} holds the byte {bad.hex} (position"
                f" {bad.position}) that is neither UTF-8 nor Windows-1258; save the file again"
                " as UTF-8",
                row=bad.line,
                value=bad.hex,
            )
        )
    return CP1258


# --- rows ------------------------------------------------------------------------------------


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the first lines into the most consistent, widest columns."""
    best, best_score = ",", (0, 0)
    sample = [line for line in lines if line.strip()][:_SNIFF_LINES]
    for delimiter in DELIMITERS:
        try:
            widths = [len(row) for row in csv.reader(sample, delimiter=delimiter)]
        except csv.Error:  # e.g. a cell over the limit: the parse will name it
            continue
        wide = [w for w in widths if w > 1]
        if not wide:
            continue
        modal = max(set(wide), key=lambda w: (wide.count(w), w))
        score = (wide.count(modal), modal)
        if score > best_score:
            best, best_score = delimiter, score
    return best


class _Lines:
    """The decoded lines of a file, NFC; notes whether any held a NUL character."""

    def __init__(self, text: Iterable[str]) -> None:
        self._text = iter(text)
        self.nul = False

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._text)
        if "\x00" in line:
            self.nul = True
        return (
            line if unicodedata.is_normalized("NFC", line) else unicodedata.normalize("NFC", line)
        )


@contextmanager
def _records(path: Path, encoding: str) -> Iterator[tuple[Iterator[list[str]], _Lines]]:
    """A csv reader over the file (delimiter sniffed), cells up to ``MAX_CELL_CHARS``."""
    previous = csv.field_size_limit(limits.MAX_CELL_CHARS)
    try:
        with io.TextIOWrapper(path.open("rb"), encoding=encoding, newline="") as text:
            lines = _Lines(text)
            head = list(islice(lines, _SNIFF_LINES))
            yield csv.reader(chain(head, lines), delimiter=sniff_delimiter(head)), lines
    finally:
        csv.field_size_limit(previous)


def _too_many_rows(file: str, rows: int, *, at_least: bool) -> FileRejected:
    what = ("số dòng của tệp CSV", "the CSV file's rows")
    return limits.over_limit(file, what, rows, limits.MAX_ROWS, at_least=at_least)


def read_csv(path: Path, max_rows: int | None = None) -> list[list[str]]:
    """The rows of a CSV file (at most ``max_rows``); raises ``FileRejected``."""
    whole = _whole_utf8(path) if max_rows is None else None
    found = survey(path) if whole is None else whole.survey
    if found.lines > limits.MAX_ROWS and not found.quoted:  # every line is a row
        raise _too_many_rows(path.name, found.lines, at_least=False)
    if found.lines > limits.MAX_ROWS and max_rows is None:  # count records, keeping none
        with _records(path, found.encoding) as (reader, _lines):
            counted = _count(path.name, reader)
        if counted > limits.MAX_ROWS:
            raise _too_many_rows(path.name, counted, at_least=True)
    wanted = limits.MAX_ROWS + 1 if max_rows is None else min(max_rows, limits.MAX_ROWS + 1)
    rows = None if whole is None else _rows_of_text(whole.text, wanted)
    if rows is None:
        with _records(path, found.encoding) as (reader, lines):
            rows = _collect(path.name, reader, wanted, lines)
    if len(rows) > limits.MAX_ROWS:
        raise _too_many_rows(path.name, len(rows), at_least=True)
    return rows


@dataclass(frozen=True)
class _Whole:
    """A file's whole text, and what ``survey`` finds in its bytes."""

    text: str
    survey: Survey


def _whole_utf8(path: Path) -> _Whole | None:
    """A UTF-8 file of at most ``WHOLE_FILE_BYTES``, decoded in one piece, and its survey
    (the same as ``survey``'s); None for any other file, which ``survey`` reads."""
    if not WHOLE_FILE:
        return None
    try:
        if path.stat().st_size > WHOLE_FILE_BYTES:
            return None
        data = path.read_bytes()
        text = data.decode(UTF8)
    except (OSError, UnicodeDecodeError):
        return None
    lines = data.count(b"\n") + (data[-1:] not in (b"", b"\n"))  # a last line without a break
    return _Whole(text, Survey(UTF8, lines, b'"' in data))


def _rows_of_text(text: str, wanted: int) -> list[list[str]] | None:
    """The rows ``_collect`` would read from the file of ``text``, or None when it holds
    anything ``_collect`` reports (a NUL character, a row too wide, a malformed record): then
    ``_collect`` reads it, line by line, and reports it.

    The same rows: ``StringIO(newline="")`` splits lines as the file reader does, and NFC of
    the whole text is NFC of each line (a line break never composes with its neighbours).
    """
    if "\x00" in text:
        return None
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    lines = io.StringIO(text, newline="")
    head = list(islice(lines, _SNIFF_LINES))
    previous = csv.field_size_limit(limits.MAX_CELL_CHARS)
    try:
        reader = csv.reader(chain(head, lines), delimiter=sniff_delimiter(head))
        rows = list(islice(reader, wanted))
    except csv.Error:
        return None
    finally:
        csv.field_size_limit(previous)
    if max(map(len, rows), default=0) > limits.MAX_COLUMNS:
        return None
    return rows


def _count(file: str, reader: Iterator[list[str]]) -> int:
    """Records read (up to one past the limit), none kept."""
    count = 0
    try:
        for _row in islice(reader, limits.MAX_ROWS + 1):
            count += 1
    except csv.Error as exc:
        raise _reject(_csv_problem(file, count + 1, exc)) from None
    return count


def _collect(file: str, reader: Iterator[list[str]], wanted: int, lines: _Lines) -> list[list[str]]:
    """Up to ``wanted`` rows, each checked; a csv error rejects the file."""
    rows: list[list[str]] = []
    try:
        for row in islice(reader, wanted):
            rows.append(row)
            if len(row) > limits.MAX_COLUMNS:
                what = ("số cột của dòng", "the row's columns")
                raise limits.over_limit(file, what, len(row), limits.MAX_COLUMNS)
            if lines.nul:
                _check_nul(file, len(rows), row)
    except csv.Error as exc:
        raise _reject(_csv_problem(file, len(rows) + 1, exc)) from None
    return rows


def _check_nul(file: str, number: int, row: list[str]) -> None:
    for index, cell in enumerate(row):
        if "\x00" in cell:
            raise _reject(
                _problem(
                    file,
                    "Ô chứa ký tự NUL (U+0000, byte 0) — tệp bị hỏng hoặc không phải văn bản",
                    "the cell holds a NUL character (U+0000, byte 0): the file is damaged or"
                    " not text",
                    row=number,
                    column=column_letters(index + 1),
                    value=show_value(cell),
                )
            )


def _csv_problem(file: str, number: int, exc: csv.Error) -> Problem:
    if "field larger than field limit" in str(exc):
        limit = limits.MAX_CELL_CHARS
        return _problem(
            file,
            f"Có ô dài hơn {limits.vi_int(limit)} ký tự (giới hạn của Excel)",
            f"a cell is longer than {limits.en_int(limit)} characters (Excel's limit)",
            row=number,
        )
    return _problem(file, f"Tệp CSV sai cấu trúc ({exc})", f"malformed CSV ({exc})", row=number)
