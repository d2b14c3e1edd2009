"""Reading files into sheets of raw cell values, or a clear rejection.

Spreadsheets (.xlsx, .xlsm, .xls, .ods, .xlsb) are read with python-calamine from their
content, so a workbook saved with the wrong extension still opens; CSV is decoded as
UTF-8 (with or without BOM) or Windows-1258 and its delimiter (``,`` ``;`` or tab) sniffed.
Row numbers are kept as the user sees them in Excel (1-based, empty leading rows counted).
"""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import python_calamine as calamine

from etl.errors import file_problem

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")
CSV_SUFFIXES = (".csv",)
SUPPORTED_SUFFIXES = SPREADSHEET_SUFFIXES + CSV_SUFFIXES
DELIMITERS = (",", ";", "\t")
_SNIFF_LINES = 30


@dataclass(frozen=True)
class Sheet:
    """One sheet's cells; ``rows[i]`` is row number ``first_row + i`` as the user sees it."""

    name: str | None
    rows: list[list[Any]]
    first_row: int = 1

    def number(self, index: int) -> int:
        return self.first_row + index


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES and not path.name.startswith(("~$", "."))


def read_sheets(path: Path, *, max_rows: int | None = None) -> list[Sheet]:
    """Every worksheet of ``path`` (at most ``max_rows`` rows each); raises ``FileRejected``."""
    name = path.name
    suffix = path.suffix.lower()
    if not path.is_file():
        raise file_problem(name, "Không tìm thấy tệp", "file not found")
    if suffix not in SUPPORTED_SUFFIXES:
        raise file_problem(
            name,
            f"Định dạng '{suffix or '(không có đuôi)'}' không được hỗ trợ; hãy dùng .xlsx, .xls,"
            " .ods hoặc .csv",
            f"unsupported format '{suffix or '(no extension)'}'; use .xlsx, .xls, .ods or .csv",
        )
    head = _head(path)
    if not head.strip():
        raise file_problem(name, "Tệp rỗng (0 byte)", "empty file")
    if suffix in CSV_SUFFIXES:
        return [_read_csv(path, max_rows)]
    return _read_spreadsheet(path, head, max_rows)


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(512)


# --- spreadsheets -------------------------------------------------------------------------

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _content_kind(head: bytes) -> tuple[str, str] | None:
    """(Vietnamese, English) name of what a non-spreadsheet file really is, or None."""
    if head.startswith((_ZIP, _OLE2)):
        return None
    signatures = {
        b"\x89PNG": ("ảnh PNG", "a PNG image"),
        b"\xff\xd8\xff": ("ảnh JPEG", "a JPEG image"),
        b"GIF8": ("ảnh GIF", "a GIF image"),
        b"%PDF": ("tài liệu PDF", "a PDF document"),
    }
    for magic, what in signatures.items():
        if head.startswith(magic):
            return what
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")):
        return (
            "trang HTML/XML (không phải tệp Excel thật)",
            "an HTML/XML page, not a real Excel file",
        )
    if b"\x00" not in head:
        return ("tệp văn bản", "a text file")
    return ("tệp không rõ định dạng", "a file of unknown format")


def _read_spreadsheet(path: Path, head: bytes, max_rows: int | None) -> list[Sheet]:
    name = path.name
    suffix = path.suffix.lower()
    what = _content_kind(head)
    if what is not None:
        raise file_problem(
            name,
            f"Không phải bảng tính: nội dung là {what[0]}; hãy mở bằng Excel và lưu lại thành"
            " .xlsx (hoặc đổi đuôi thành .csv nếu đó là tệp CSV)",
            f"not a spreadsheet: its content is {what[1]}; open it in Excel and save it as .xlsx"
            " (or rename it .csv if it is a CSV file)",
        )
    try:
        return list(_worksheets(_open_workbook(path), max_rows))
    except calamine.PasswordError:
        raise file_problem(
            name,
            "Bảng tính được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi lưu lại",
            "the workbook is password-protected; remove the password and save it again",
        ) from None
    except (calamine.CalamineError, OSError, ValueError) as exc:
        if suffix == ".xlsb":
            raise file_problem(
                name,
                "Tệp .xlsb này chưa hỗ trợ, hãy lưu lại thành .xlsx",
                f"this .xlsb file cannot be read ({exc}); save it as .xlsx",
            ) from None
        raise file_problem(
            name,
            f"Tệp bảng tính bị hỏng hoặc không đọc được ({exc}); hãy mở bằng Excel và lưu lại"
            " thành .xlsx",
            f"corrupt or unreadable spreadsheet ({exc}); open it in Excel and save it as .xlsx",
        ) from None


def _open_workbook(path: Path) -> calamine.CalamineWorkbook:
    """Open by extension; if that fails, by content (a workbook saved with the wrong one)."""
    try:
        return calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError:
        raise
    except (calamine.CalamineError, OSError, ValueError) as by_extension:
        try:
            with path.open("rb") as handle:
                return calamine.CalamineWorkbook.from_filelike(handle)
        except (calamine.CalamineError, OSError, ValueError):
            raise by_extension from None


def _worksheets(workbook: calamine.CalamineWorkbook, max_rows: int | None) -> Iterable[Sheet]:
    for meta in workbook.sheets_metadata:
        if meta.typ != calamine.SheetTypeEnum.WorkSheet:
            continue
        sheet = workbook.get_sheet_by_name(meta.name)
        rows: list[list[Any]] = sheet.to_python(skip_empty_area=False, nrows=max_rows)
        yield Sheet(meta.name, rows)


# --- CSV ----------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM or not), else Windows-1258; always NFC (cp1258 decodes tones as combining)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")
    return unicodedata.normalize("NFC", text)


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the first lines into the most consistent, widest columns."""
    best, best_score = ",", (0, 0)
    sample = [line for line in lines if line.strip()][:_SNIFF_LINES]
    for delimiter in DELIMITERS:
        widths = [len(row) for row in csv.reader(sample, delimiter=delimiter)]
        wide = [w for w in widths if w > 1]
        if not wide:
            continue
        modal = max(set(wide), key=lambda w: (wide.count(w), w))
        score = (wide.count(modal), modal)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _first_lines(path: Path, size: int = 1 << 16) -> bytes:
    """The start of a file, cut after its last complete line (never inside a character)."""
    with path.open("rb") as handle:
        data = handle.read(size)
    if len(data) == size and b"\n" in data:
        data = data[: data.rindex(b"\n") + 1]
    return data


def _read_csv(path: Path, max_rows: int | None) -> Sheet:
    data = path.read_bytes() if max_rows is None else _first_lines(path)
    if b"\x00" in data[:4096]:
        raise file_problem(
            path.name,
            "Không phải tệp CSV (nội dung nhị phân); nếu là bảng tính, hãy đổi đuôi cho đúng",
            "not a CSV file (binary content); if it is a spreadsheet, give it its real extension",
        )
    text = decode_text(data)
    delimiter = sniff_delimiter(text[:65536].splitlines()[:_SNIFF_LINES])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[Any]] = list(islice(reader, max_rows))
    return Sheet(None, rows)
