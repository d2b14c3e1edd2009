"""Reading files into sheets of raw cell values, or a clear rejection.

Spreadsheets (.xlsx, .xlsm, .xls, .ods, .xlsb) are read with python-calamine from their
content, so a workbook saved with the wrong extension still opens; CSV is decoded as
UTF-8 (with or without BOM) or Windows-1258 and its delimiter (``,`` ``;`` or tab) sniffed
(``etl.csvfile``).  Row numbers are kept as the user sees them in Excel (1-based, empty
leading rows counted).

Limits (``etl.limits``) come before reading: the file's size; for a zip workbook its
archive and every sheet's extent (``etl.xlsxscan``, before calamine allocates anything);
for other workbooks the extent calamine reports, before any cell becomes a Python object.
A cell calamine would read as empty although it holds a formula without a cached value,
or an error value (``#DIV/0!``), is handed on as a ``BadCell`` that rejects it when read.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import python_calamine as calamine

from etl import limits
from etl.csvfile import read_csv, sniff_delimiter
from etl.errors import FileRejected, file_problem
from etl.xlsxscan import CellFault, SheetScan, corrupt, scan_workbook

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")
CSV_SUFFIXES = (".csv",)
SUPPORTED_SUFFIXES = SPREADSHEET_SUFFIXES + CSV_SUFFIXES
__all__ = ["BadCell", "Sheet", "is_supported", "read_sheets", "sha256_of", "sniff_delimiter"]


@dataclass(frozen=True)
class Sheet:
    """One sheet's cells; ``rows[i]`` is row number ``first_row + i`` as the user sees it."""

    name: str | None
    rows: list[list[Any]]
    first_row: int = 1

    def number(self, index: int) -> int:
        return self.first_row + index


@dataclass(frozen=True)
class BadCell:
    """A cell whose value cannot be trusted; shown as written, rejected when a column reads it."""

    shown: str
    reason_vi: str
    reason_en: str

    def __str__(self) -> str:
        return self.shown

    @classmethod
    def of(cls, fault: CellFault) -> BadCell:
        if fault.error is None:
            return cls(
                fault.formula or "=(…)",
                "Công thức không có giá trị đã tính — hãy mở tệp bằng Excel và lưu lại",
                "a formula without a computed value: open the file in Excel and save it again",
            )
        return cls(
            fault.error,
            f"Ô chứa lỗi {fault.error} thay vì một giá trị"
            + (f" (công thức {fault.formula})" if fault.formula else ""),
            f"the cell holds the error {fault.error} instead of a value"
            + (f" (formula {fault.formula})" if fault.formula else ""),
        )


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
    size = path.stat().st_size
    if size > limits.MAX_FILE_BYTES:
        what = ("kích thước tệp (byte)", "the file size in bytes")
        raise limits.over_limit(name, what, size, limits.MAX_FILE_BYTES)
    if suffix in CSV_SUFFIXES:
        return [_read_csv(path, head, max_rows)]
    return _read_spreadsheet(path, head, max_rows)


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(4096)


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
    scans = _prescan(path, head)
    try:
        return list(_worksheets(name, _open_workbook(path), scans, max_rows))
    except calamine.PasswordError:
        raise file_problem(
            name,
            "Bảng tính được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi lưu lại",
            "the workbook is password-protected; remove the password and save it again",
        ) from None
    except (calamine.CalamineError, OSError, ValueError) as exc:
        _check_cell_limit(name, exc)
        if suffix == ".xlsb":
            raise file_problem(
                name,
                "Tệp .xlsb này chưa hỗ trợ, hãy lưu lại thành .xlsx",
                f"this .xlsb file cannot be read ({exc}); save it as .xlsx",
            ) from None
        raise corrupt(name, exc) from None
    except BaseException as exc:  # python-calamine panics on some broken files
        if type(exc).__name__ != "PanicException":
            raise
        raise corrupt(name, exc) from None


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


_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,  # an encrypted part
    ElementTree.ParseError,
    ValueError,
)


def _prescan(path: Path, head: bytes) -> dict[str, SheetScan]:
    """For a zip workbook: its limits checked and its sheets measured (``etl.xlsxscan``)."""
    if not head.startswith(_ZIP):
        return {}
    try:
        with zipfile.ZipFile(path) as archive:
            return {scan.name: scan for scan in scan_workbook(archive, path.name)}
    except FileRejected:
        raise
    except _ZIP_ERRORS as exc:
        raise corrupt(path.name, exc) from None


def _check_cell_limit(file: str, exc: Exception) -> None:
    """calamine's own "Cell limit exceeded (N cells requested …)" as our limit's rejection."""
    found = re.search(r"Cell limit exceeded \((\d+)", str(exc))
    if found:
        what = ("số ô (dòng × cột) của sheet", "the sheet's cells (rows × columns)")
        raise limits.over_limit(file, what, int(found[1]), limits.MAX_CELLS) from None


def _worksheets(
    file: str,
    workbook: calamine.CalamineWorkbook,
    scans: dict[str, SheetScan],
    max_rows: int | None,
) -> Iterable[Sheet]:
    for meta in workbook.sheets_metadata:
        if meta.typ != calamine.SheetTypeEnum.WorkSheet:
            continue
        sheet = workbook.get_sheet_by_name(meta.name)
        end = sheet.end
        if end is not None:  # the rectangle calamine holds, before any Python object is made
            limits.check_extent(file, meta.name, end[0] + 1, end[1] + 1)
        rows: list[list[Any]] = sheet.to_python(skip_empty_area=False, nrows=max_rows)
        scan = scans.get(meta.name)
        if scan is not None:
            _mark_faults(rows, scan)
        yield Sheet(meta.name, rows)


def _mark_faults(rows: list[list[Any]], scan: SheetScan) -> None:
    for (row, column), fault in scan.faults.items():
        if row < len(rows) and column < len(rows[row]):
            rows[row][column] = BadCell.of(fault)


# --- CSV ----------------------------------------------------------------------------------


def _read_csv(path: Path, head: bytes, max_rows: int | None) -> Sheet:
    if b"\x00" in head:
        raise file_problem(
            path.name,
            "Không phải tệp CSV (nội dung nhị phân); nếu là bảng tính, hãy đổi đuôi cho đúng",
            "not a CSV file (binary content); if it is a spreadsheet, give it its real extension",
        )
    return Sheet(None, read_csv(path, max_rows))
