"""Cells: how a raw cell reads as its column's type, or why it does not.

A converter turns a raw cell (text, float, datetime from a spreadsheet; text from CSV) into a
typed value or raises ``CellError`` with a bilingual reason; the column catalogue
(``etl.columns``) names the converter of every column.  ``cell_key`` reads a header cell.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from enum import Enum
from functools import lru_cache

from etl.limits import (
    INT_MAX,
    INT_MIN,
    MAX_CELL_CHARS,
    MAX_POINTS_ABS,
    MAX_ROUND,
    MAX_YEAR,
    MIN_YEAR,
    POINTS_SCALE,
    en_int,
    vi_int,
)
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
