"""DataFrames → XLSX (one sheet per table plus a "Bộ lọc" sheet) or CSV (UTF-8 with BOM).

Numbers stay numbers: the workbook stores the unrounded value and a number format
(``0.00``), and Excel shows it with the reader's decimal separator (``91,43`` in Vietnamese).
Column headers are the table's own (in the view's language), else
:func:`dashboard.i18n.column_header` in Vietnamese.

Text is data, never a formula (text comes from the units' own files): in XLSX every text cell
is written with ``write_string`` and the workbook's ``strings_to_formulas`` /
``strings_to_numbers`` / ``strings_to_urls`` conversions are off; in CSV a text cell starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` (the OWASP
rule against CSV injection), while numbers stay numbers.
"""

from __future__ import annotations

import io
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import pandas as pd
import xlsxwriter

from dashboard.i18n import DEFAULT_LANG, column_header, t

NUMBER_FORMAT = "0.00"
INTEGER_FORMAT = "0"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
SOURCE = "cchc-dashboard — Sở Nội vụ"
_MAX_WIDTH = 60
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Workbook options: no text is ever turned into a formula, a number or a hyperlink.
WORKBOOK_OPTIONS: dict[str, bool] = {
    "in_memory": True,
    "nan_inf_to_errors": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
# A CSV cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    """One sheet: a title (the sheet name), its data and its column headers."""

    title: str
    frame: pd.DataFrame
    headers: Mapping[str, str] = field(default_factory=dict)


def header_for(column: str, overrides: Mapping[str, str] | None = None) -> str:
    """A column's header: the table's own, else its Vietnamese header, else its name."""
    if overrides and column in overrides:
        return overrides[column]
    return column_header(column)


def vietnamese_headers(
    frame: pd.DataFrame, overrides: Mapping[str, str] | None = None
) -> list[str]:
    return [header_for(str(c), overrides) for c in frame.columns]


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (≤ 31 characters, no ``[]:*?/\\``)."""
    base = " ".join(_SHEET_FORBIDDEN.sub(" ", title).split())[:31] or "Bảng"
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def _cell_value(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return None
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _write_cell(sheet: Any, row: int, col: int, value: object, fmt: Any) -> None:
    """One cell by its Python type: text always as a string, never as a formula."""
    if value is None:
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        sheet.write_string(row, col, value, fmt)
    elif isinstance(value, numbers.Real):
        sheet.write_number(row, col, value, fmt)
    elif isinstance(value, date | time):
        sheet.write_datetime(row, col, value, fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def _column_width(header: str, values: pd.Series) -> float:
    longest = max([len(header), *(len(str(v)) for v in values.head(500) if v is not None)])
    return float(min(_MAX_WIDTH, max(8, longest + 2)))


def _write_table(
    book: xlsxwriter.Workbook, name: str, table: Table, formats: dict[str, Any]
) -> None:
    sheet = book.add_worksheet(name)
    frame = table.frame
    headers = vietnamese_headers(frame, table.headers)
    for col, (header, column) in enumerate(zip(headers, frame.columns, strict=True)):
        series = frame[column]
        if pd.api.types.is_bool_dtype(series):
            fmt, values = formats["text"], series
        elif pd.api.types.is_integer_dtype(series):
            fmt, values = formats["int"], series
        elif pd.api.types.is_float_dtype(series):
            fmt, values = formats["number"], series
        elif pd.api.types.is_datetime64_any_dtype(series):
            fmt, values = formats["datetime"], series
        else:
            fmt, values = formats["text"], series
        sheet.write_string(0, col, header, formats["header"])
        for row, value in enumerate(values, start=1):
            _write_cell(sheet, row, col, _cell_value(value), fmt)
        sheet.set_column(col, col, _column_width(header, values.astype("string")), fmt)
    sheet.freeze_panes(1, 0)
    if len(frame.columns):
        sheet.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)


def _write_filters(
    book: xlsxwriter.Workbook,
    filters: Sequence[tuple[str, str]],
    formats: dict[str, Any],
    lang: str,
) -> None:
    sheet = book.add_worksheet(t("sheet.filters", lang))
    rows = [*filters, (t("sheet.source", lang), SOURCE)]
    sheet.write_string(0, 0, t("sheet.filters", lang), formats["header"])
    sheet.write_string(0, 1, t("sheet.value", lang), formats["header"])
    for i, (label, value) in enumerate(rows, start=1):
        sheet.write_string(i, 0, label)
        sheet.write_string(i, 1, value)
    sheet.set_column(0, 0, max(12, *(len(k) + 2 for k, _ in rows)))
    sheet.set_column(1, 1, min(_MAX_WIDTH, max(12, *(len(v) + 2 for _, v in rows))))
    sheet.freeze_panes(1, 0)


def to_xlsx(
    tables: Sequence[Table], filters: Sequence[tuple[str, str]] = (), lang: str = DEFAULT_LANG
) -> bytes:
    """A workbook: one sheet per table (frozen header, widths, number formats), then the
    filters sheet ("Bộ lọc" / "Filters")."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    formats = {
        "header": book.add_format(
            {"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "top"}
        ),
        "number": book.add_format({"num_format": NUMBER_FORMAT}),
        "int": book.add_format({"num_format": INTEGER_FORMAT}),
        "datetime": book.add_format({"num_format": DATETIME_FORMAT}),
        "text": book.add_format({"text_wrap": False}),
    }
    taken = {t("sheet.filters", lang).casefold()}
    for table in tables:
        _write_table(book, sheet_name(table.title, taken), table, formats)
    _write_filters(book, filters, formats, lang)
    book.close()
    return buffer.getvalue()


def neutralised(value: object) -> object:
    """``value``, with a leading ``'`` when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame, headers: Mapping[str, str] | None = None) -> bytes:
    """CSV in UTF-8 with a BOM (so Excel reads the diacritics), the table's headers.

    Comma-separated with a decimal point, as RFC 4180 tools expect; for Excel in a
    Vietnamese locale use the XLSX export, which keeps numbers as numbers.
    """
    out = frame.copy()
    out.columns = vietnamese_headers(frame, headers)
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%d/%m/%Y %H:%M")
        elif not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(neutralised)
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
