"""Columns: their Vietnamese and English names, how their cells read, and the table they make.

Every column any file kind uses is declared once in ``COLUMNS`` with its aliases and a
converter that turns a raw cell (text, float, datetime from a spreadsheet; text from CSV)
into a typed value or raises ``CellError`` with a bilingual reason.  ``find_table`` locates
a header row; ``Table.rows`` yields converted rows and logs every bad cell by name.
``Layout.headers`` gives the header row a file of a kind is written with (the demo, the tests).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property, lru_cache
from itertools import zip_longest
from typing import Any

from etl.errors import ProblemLog
from etl.limits import (
    INT_MAX,
    INT_MIN,
    MAX_CELL_CHARS,
    MAX_CRITERION_CODE,
    MAX_GROUP,
    MAX_POINTS_ABS,
    MAX_PROVINCE,
    MAX_ROUND,
    MAX_SHORT_TEXT,
    MAX_UNIT_CODE,
    MAX_UNIT_NAME,
    MAX_YEAR,
    MIN_YEAR,
    POINTS_SCALE,
    en_int,
    vi_int,
)
from etl.readers import BadCell, Sheet
from etl.text import (
    char_label,
    clean_free_text,
    control_in_text,
    header_key,
    hidden_in_name,
    is_blank,
    is_not_applicable,
    nfc,
    parse_number,
)


class CellError(ValueError):
    """A cell that does not read as its column's type."""

    def __init__(self, reason_vi: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.reason_vi = reason_vi
        self.reason_en = reason_en


class NotApplicable(Enum):
    """The mark ``Không áp dụng`` / ``KAD`` / ``-``: the criterion leaves the unit's maximum."""

    MARK = "Không áp dụng"


NOT_APPLICABLE = NotApplicable.MARK
Score = float | NotApplicable | None

# --- cell converters ----------------------------------------------------------------------
#
# Every converter also enforces what the warehouse can store (``etl.limits``), so SQLite and
# PostgreSQL reject the same cells: 32-bit integers, points below 10^7 with at most three
# decimals, text no longer than its column, no invisible characters in codes and names.

_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


class NotANumber(CellError):
    """A cell that is not a number at all (as opposed to a number out of range)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(f"Không phải số{detail}", f"not a number{detail}")


def _too_long(length: int, limit: int) -> CellError:
    return CellError(
        f"Quá dài: {vi_int(length)} ký tự, tối đa {vi_int(limit)}",
        f"too long: {en_int(length)} characters, at most {en_int(limit)}",
    )


def _checked_length(text: str, limit: int) -> str:
    if len(text) > limit:
        raise _too_long(len(text), limit)
    return text


def _hidden(char: str) -> CellError:
    label = char_label(char)
    return CellError(
        f"Mã/tên chứa ký tự ẩn {label} (ký tự điều khiển, định hướng chữ hoặc độ rộng 0): chữ"
        " hiển thị có thể khác với nội dung thật; hãy gõ lại ô này",
        f"a code or name holds the hidden character {label} (a control, bidi or zero-width"
        " character): what it shows may differ from what it is; retype the cell",
    )


def _control(char: str) -> CellError:
    return CellError(
        f"Ô chứa ký tự điều khiển {char_label(char)}; hãy xóa ký tự này",
        f"the cell holds the control character {char_label(char)}; remove it",
    )


def to_text(value: object) -> str | None:
    """Free text (NFC, ends trimmed, line breaks kept); blank -> None.

    Bidi controls and zero-width characters are stripped (they change only how the text
    displays; an explanation is kept as written otherwise); other control characters (NUL,
    ESC, …) reject the cell.  At most ``MAX_CELL_CHARS`` characters.
    """
    if not isinstance(value, str):
        if is_blank(value):
            return None
        value = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    bad = control_in_text(value)
    if bad is not None:
        raise _control(bad)
    text = clean_free_text(value).strip()
    return _checked_length(unicodedata.normalize("NFC", text), MAX_CELL_CHARS) if text else None


def to_title(value: object) -> str | None:
    """A name kept as free text (a criterion's name): line breaks kept, hidden characters not."""
    if isinstance(value, str):
        bad = hidden_in_name(value)
        if bad is not None:
            raise _hidden(bad)
    return to_text(value)


@lru_cache(maxsize=1 << 16)
def _clean_name(text: str) -> str | None:
    bad = hidden_in_name(text)
    if bad is not None:
        raise _hidden(bad)
    return nfc(text) or None


def to_name(value: object) -> str | None:
    """A name or code: NFC with repeated white space folded; ``12.0`` -> ``12``.

    Control, bidi, zero-width and other invisible characters reject the cell.
    """
    if isinstance(value, str):
        return _clean_name(value)
    if is_blank(value):
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return _clean_name(str(value))


def name_of(limit: int) -> Callable[[object], str | None]:
    """``to_name`` for a column of at most ``limit`` characters (``String(limit)``)."""

    def convert(value: object) -> str | None:
        text = to_name(value)
        return None if text is None else _checked_length(text, limit)

    convert.__name__ = f"name_of_{limit}"
    return convert


def _finite(number: float) -> float:
    if not math.isfinite(number):
        raise CellError(
            "Không phải số hữu hạn (NaN, vô cực, hoặc quá lớn)",
            "not a finite number (NaN, infinity, or too large)",
        )
    return number


def to_number(value: object) -> float | None:
    """A number with a decimal point or comma; blank -> None; NaN and infinity are not numbers."""
    if isinstance(value, float):
        return _finite(value)
    if isinstance(value, str):
        return _number_from_text(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _finite(float(value)) if abs(value) < 2**1000 else _finite(math.inf)
    if is_blank(value):
        return None
    try:
        return _finite(float(parse_number(value)))
    except ValueError:
        raise NotANumber() from None


@lru_cache(maxsize=1 << 16)
def _number_from_text(text: str) -> float | None:
    stripped = text.strip()
    if _PLAIN_NUMBER.fullmatch(stripped):
        return _finite(float(stripped))
    if not stripped:
        return None
    try:
        return _finite(float(parse_number(stripped)))
    except ValueError:
        raise NotANumber() from None


def to_points(value: object) -> float | None:
    """Points (a maximum or a score): below 10^7 in magnitude, at most three decimals."""
    number = to_number(value)
    if number is None:
        return None
    if abs(number) >= MAX_POINTS_ABS:
        limit = int(MAX_POINTS_ABS)
        raise CellError(
            f"Số quá lớn: điểm phải nhỏ hơn {vi_int(limit)}",
            f"number too large: points are below {en_int(limit)}",
        )
    if abs(number - round(number, POINTS_SCALE)) > 1e-9 * max(1.0, abs(number)):
        raise CellError(
            f"Điểm có quá {POINTS_SCALE} chữ số thập phân",
            f"points have more than {POINTS_SCALE} decimals",
        )
    return number


def to_score(value: object) -> Score:
    """A score: a number, blank (not scored, None) or the not-applicable mark."""
    try:
        return to_points(value)
    except NotANumber:
        if is_not_applicable(value):
            return NOT_APPLICABLE
        raise CellError(
            "Không phải số (điểm phải là số, để trống, hoặc 'Không áp dụng'/'KAD'/'-')",
            "not a number (a score is a number, blank, or 'Không áp dụng'/'KAD'/'-')",
        ) from None


def _whole(value: object, low: int, high: int) -> int | None:
    number = to_number(value)
    if number is None:
        return None
    if not number.is_integer():
        raise CellError("Không phải số nguyên", "not a whole number")
    if not low <= number <= high:
        raise CellError(
            f"Số nằm ngoài khoảng cho phép, từ {vi_int(low)} đến {vi_int(high)}",
            f"number out of range: from {en_int(low)} to {en_int(high)}",
        )
    return int(number)


def to_int(value: object) -> int | None:
    """A whole number (``2023``, ``2023.0``, ``"2"``) of 32 bits; blank -> None."""
    return _whole(value, INT_MIN, INT_MAX)


def to_year(value: object) -> int | None:
    """An assessment year: ``MIN_YEAR`` to ``MAX_YEAR``; blank -> None."""
    return _whole(value, MIN_YEAR, MAX_YEAR)


def to_round(value: object) -> int | None:
    """An assessment round: 1 to ``MAX_ROUND``; blank -> None."""
    return _whole(value, 1, MAX_ROUND)


def to_count(value: object) -> int | None:
    """A count (whole number ≥ 0); blank -> None."""
    number = to_int(value)
    if number is not None and number < 0:
        raise CellError("Số lượng không được âm", "a count cannot be negative")
    return number


def to_document_count(value: object) -> int | None:
    """Evidence given as a list of documents (one per line, or separated by ``;``): their number.

    A number in the cell is taken as the count itself.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return to_count(value)
    text = nfc(str(value)) if not is_blank(value) else ""
    if not text:
        return None
    try:
        return to_count(text)
    except NotANumber:
        pass
    parts = [part.strip() for part in str(value).replace(";", "\n").splitlines()]
    return sum(1 for part in parts if part)


_TRUE = {"1", "x", "co", "true", "yes", "y", "dung", "da", "roi", "v"}
_FALSE = {"0", "khong", "false", "no", "n", "sai", "chua"}


def to_bool(value: object) -> bool | None:
    """1/0, có/không, x/blank, true/false, yes/no; blank -> None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if is_blank(value):
        return None
    key = _text_key(str(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError(
        "Không phải giá trị có/không (dùng 1/0, có/không, x hoặc để trống)",
        "not a yes/no value (use 1/0, có/không, x or blank)",
    )


_DATE_FORMATS = (
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y",
    "%H:%M %d/%m/%Y",
    "%H:%M, %d/%m/%Y",
    "%H:%M:%S %d/%m/%Y",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
)
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def to_datetime(value: object) -> dt.datetime | None:
    """``28/11/2023 07:30`` (day first), ISO 8601, or a real date cell; blank -> None."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if is_blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return _EXCEL_EPOCH + dt.timedelta(days=float(value))
    text = nfc(str(value))
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            pass
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        raise CellError(
            "Không phải ngày giờ (dùng dd/mm/yyyy hh:mm, ví dụ 28/11/2023 07:30)",
            "not a date and time (use dd/mm/yyyy hh:mm, e.g. 28/11/2023 07:30)",
        ) from None


@lru_cache(maxsize=1 << 14)
def _text_key(text: str) -> str:
    return header_key(text)


def cell_key(cell: object) -> str:
    """A text cell's header key (see ``etl.text.header_key``); "" for any other cell."""
    return _text_key(cell) if isinstance(cell, str) and cell else ""


# --- the column catalogue -----------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    vi: str
    en: str
    convert: Callable[[object], object]
    aliases: tuple[str, ...] = ()

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(header_key(name) for name in (self.vi, self.en, *self.aliases))

    @property
    def label(self) -> str:
        return f"'{self.vi}' / '{self.en}'"

    def written(self, header: str) -> str:
        """``header``, checked to be one this column is read from (its name or an alias)."""
        if header_key(header) not in self.keys:
            raise ValueError(f"{header!r} is not a header of the column {self.key!r}")
        return header


def _columns(*columns: Column) -> dict[str, Column]:
    return {column.key: column for column in columns}


COLUMNS = _columns(
    Column("year", "Năm", "year", to_int),
    Column("round", "Lần", "round", to_round, ("Lần chấm", "Vòng")),
    Column("group", "Nhóm", "group", name_of(MAX_GROUP), ("group_code", "Mã nhóm")),
    Column("unit_code", "Mã đơn vị", "unit_code", name_of(MAX_UNIT_CODE), ("Mã ĐV",)),
    Column("unit_name", "Tên đơn vị", "unit_name", name_of(MAX_UNIT_NAME)),
    Column("province", "Tỉnh", "province", name_of(MAX_PROVINCE), ("Tỉnh/thành phố",)),
    # A criterion code is matched against the framework (any length), except where it is stored
    # as written: see ``_STORED_AS_WRITTEN``.
    Column(
        "criterion_code",
        "Mã tiêu chí",
        "criterion_code",
        name_of(MAX_CELL_CHARS),
        ("code", "Mã TC"),
    ),
    Column(
        "parent_code", "Mã cha", "parent_code", name_of(MAX_CRITERION_CODE), ("Mã tiêu chí cha",)
    ),
    Column("name", "Tên tiêu chí", "name", to_title, ("Tiêu chí", "criterion_name", "Nội dung")),
    Column("max_points", "Điểm tối đa", "max_points", to_points, ("Điểm chuẩn", "max")),
    Column("evidence_required", "Yêu cầu TLKC", "evidence_required", to_bool),
    Column("method", "Phương thức", "method", name_of(MAX_SHORT_TEXT), ("Phương thức chấm",)),
    Column("stt", "STT", "no", to_text, ("Số TT", "Số thứ tự")),
    Column(
        "self_score",
        "Điểm tự chấm",
        "self_score",
        to_score,
        ("Điểm tự đánh giá", "Tự chấm", "Tự đánh giá", "Điểm TĐG", "Điểm đơn vị tự chấm"),
    ),
    Column(
        "appraised_score",
        "Điểm thẩm định",
        "appraised_score",
        to_score,
        ("Thẩm định", "Điểm sau thẩm định", "Kết quả thẩm định", "Điểm đánh giá"),
    ),
    Column(
        "evidence_count",
        "Số TLKC",
        "evidence_count",
        to_count,
        ("Số tài liệu kiểm chứng", "Số lượng TLKC", "Số lượng tài liệu kiểm chứng"),
    ),
    # Some exports list the documents themselves instead of counting them.
    Column(
        "evidence_documents",
        "Tài liệu kiểm chứng",
        "evidence_documents",
        to_document_count,
        ("TLKC", "Danh sách TLKC", "Danh sách tài liệu kiểm chứng", "Tệp đính kèm"),
    ),
    Column(
        "explanation",
        "Giải trình",
        "explanation",
        to_text,
        ("Giải trình của đơn vị", "Thuyết minh", "Nội dung giải trình"),
    ),
    Column(
        "appraisal_note",
        "Ý kiến thẩm định",
        "appraisal_note",
        to_text,
        ("Ý kiến của cơ quan thẩm định", "Nhận xét thẩm định", "Ý kiến của Hội đồng thẩm định"),
    ),
    Column("sent_at", "Thời điểm gửi", "sent_at", to_datetime, ("Ngày gửi",)),
    Column("report_attached", "Có báo cáo", "report_attached", to_bool),
    Column("approved", "Đã phê duyệt", "approved", to_bool),
    Column("opens_at", "Bắt đầu", "opens_at", to_datetime, ("Mở",)),
    Column("locks_at", "Khóa", "locks_at", to_datetime, ("Kết thúc",)),
)


@dataclass(frozen=True)
class Layout:
    """The columns of one file kind: which are required, which identify the kind."""

    kind: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    signature: frozenset[str]  # at least one of these must be present to recognise the kind

    @property
    def keys(self) -> tuple[str, ...]:
        return self.required + self.optional

    def headers(self, *keys: str, **written: str) -> tuple[str, ...]:
        """The header row of a file of this kind: the Vietnamese names of ``keys``.

        ``keys`` defaults to every column, required first.  ``written`` gives a column another
        header it is read from (``name="Tiêu chí"``), as some exports write it.
        """
        chosen = keys or self.keys
        unknown = [key for key in (*chosen, *written) if key not in chosen or key not in self.keys]
        if unknown:
            raise ValueError(f"not columns of this {self.kind} file: {', '.join(unknown)}")
        return tuple(
            COLUMNS[key].written(written[key]) if key in written else COLUMNS[key].vi
            for key in chosen
        )

    def match(self, cells: Iterable[object]) -> dict[str, int]:
        """Column key -> index of its first matching header cell."""
        return self.match_keys([cell_key(cell) for cell in cells])

    def match_keys(self, keys: list[str]) -> dict[str, int]:
        """Like ``match``, on header keys already computed (``cell_key``)."""
        found: dict[str, int] = {}
        wanted = [COLUMNS[key] for key in self.keys]
        for index, key in enumerate(keys):
            if not key:
                continue
            for column in wanted:
                if column.key not in found and key in column.keys:
                    found[column.key] = index
                    break
        return found

    def recognises(self, found: dict[str, int]) -> bool:
        return len(found) >= 2 and bool(self.signature & found.keys())


# --- tables -------------------------------------------------------------------------------

_STORED_AS_WRITTEN = {"framework": {"criterion_code": MAX_CRITERION_CODE}}
"""Kind -> column -> the length of the warehouse column it is stored in as written."""


@dataclass
class Row:
    number: int  # as the user sees it
    cells: list[object]
    values: dict[str, Any] = field(default_factory=dict)
    ok: bool = True


@dataclass
class Table:
    """A header row in a sheet and the data rows beneath it."""

    file: str
    sheet: Sheet
    header_index: int  # the last header row: data start below it
    columns: dict[str, int]  # key -> column index
    header_rows: int = 1  # 2 where sub-headers ("Tự chấm", "Thẩm định") sit under a merged cell
    kind: str = ""  # the layout's kind, for the columns it stores as written

    @property
    def sheet_name(self) -> str | None:
        return self.sheet.name

    def header(self, key: str) -> str:
        """The header of ``key`` as written in the file (or its Vietnamese name if absent)."""
        index = self.columns.get(key)
        if index is None:
            return COLUMNS[key].vi
        for row in range(self.header_index, self.header_index - self.header_rows, -1):
            cells = self.sheet.rows[row]
            if index < len(cells) and not is_blank(cells[index]):
                return nfc(str(cells[index]))
        return COLUMNS[key].vi

    def missing(self, layout: Layout) -> list[str]:
        return [key for key in layout.required if key not in self.columns]

    def has_data(self) -> bool:
        return any(
            not is_blank(cell)
            for cells in self.sheet.rows[self.header_index + 1 :]
            for cell in cells
        )

    def converter(self, key: str) -> Callable[[object], object]:
        limit = _STORED_AS_WRITTEN.get(self.kind, {}).get(key)
        return COLUMNS[key].convert if limit is None else name_of(limit)

    def rows(self, log: ProblemLog) -> Iterator[Row]:
        """Converted data rows (blank rows skipped); a bad cell is logged and marks the row.

        A ``BadCell`` (a formula without its value, an error value) is logged as such.
        """
        converters = [(key, index, self.converter(key)) for key, index in self.columns.items()]
        sheet = self.sheet
        for offset, cells in enumerate(sheet.rows[self.header_index + 1 :]):
            if _blank_row(cells):
                continue
            row = Row(sheet.number(self.header_index + 1 + offset), cells)
            width = len(cells)
            values = row.values
            for key, index, convert in converters:
                raw = cells[index] if index < width else None
                if raw == "" or raw is None:
                    values[key] = None
                    continue
                try:
                    if type(raw) is BadCell:
                        raise CellError(raw.reason_vi, raw.reason_en)
                    values[key] = convert(raw)
                except CellError as err:
                    row.ok = False
                    self.problem(log, row, key, err.reason_vi, err.reason_en)
            yield row

    def problem(self, log: ProblemLog, row: Row | None, key: str | None, vi: str, en: str) -> None:
        """Log a problem at a row (and column ``key``) of this table."""
        value: object = None
        if row is not None and key is not None and key in self.columns:
            index = self.columns[key]
            value = row.cells[index] if index < len(row.cells) else None
        log.add(
            vi,
            en,
            sheet=self.sheet_name,
            row=row.number if row else None,
            column=self.header(key) if key else None,
            value=value,
        )


def _blank_row(cells: list[Any]) -> bool:
    for cell in cells:
        if cell == "" or cell is None:
            continue
        if isinstance(cell, str) and not cell.strip():
            continue
        return False
    return True


def find_table(
    file: str, sheets: list[Sheet], layouts: Iterable[Layout], scan: int = 30
) -> tuple[Layout, Table] | None:
    """The best (layout, table) among the first ``scan`` rows of every sheet, or None.

    The best header row matches the most columns of a layout that recognises it.
    """
    best: tuple[int, Layout, Table] | None = None
    layouts = list(layouts)
    for sheet in sheets:
        rows = [[cell_key(cell) for cell in cells] for cells in sheet.rows[: scan + 1]]
        for index, keys in enumerate(rows[:scan]):
            if sum(1 for key in keys if key) < 2:
                continue
            candidates = [(index, 1, keys)]
            if index + 1 < len(rows):  # a two-row header: a sub-header cell wins over the one above
                below = rows[index + 1]
                merged = [b or a for a, b in zip_longest(keys, below, fillvalue="")]
                candidates.append((index + 1, 2, merged))
            for last, height, header in candidates:
                for layout in layouts:
                    found = layout.match_keys(header)
                    if layout.recognises(found) and (best is None or len(found) > best[0]):
                        table = Table(file, sheet, last, found, height, layout.kind)
                        best = (len(found), layout, table)
    return None if best is None else (best[1], best[2])
