"""Why a file is rejected: one ``Problem`` per reason, in Vietnamese and English.

A problem names the cell as the user sees it in Excel: file, sheet, 1-based row number,
the column header as written in the file, and the value.  ``ProblemLog`` collects them
for one file and caps the listing so a badly broken file cannot flood the terminal.
Every text of a problem is made printable (``etl.text.printable``: a control or bidi
character shows as ``\\x1b``/``\\u202e``) and short enough for ``rejected_row``, so it can be
shown and stored whatever the file held.
"""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass, fields

from etl.text import printable

MAX_LISTED = 200
_MAX_VALUE_CHARS = 80
_MAX_NAME_CHARS = 255  # rejected_row.sheet / .column


@dataclass(frozen=True)
class Problem:
    """One reason a file is rejected."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    reason_vi: str
    reason_en: str

    def __post_init__(self) -> None:
        for item in fields(self):
            text = getattr(self, item.name)
            if isinstance(text, str) and item.name != "file":
                limit = _MAX_NAME_CHARS if item.name in ("sheet", "column") else None
                object.__setattr__(self, item.name, printable(text)[:limit])

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet is not None:
            where.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            where.append(f"dòng/row {self.row}")
        if self.column is not None:
            where.append(f"cột/column '{self.column}'")
        if self.value is not None:
            where.append(f"giá trị/value '{self.value}'")
        return f"{', '.join(where)}: {self.reason_vi} / {self.reason_en}"

    @property
    def reason(self) -> str:
        return f"{self.reason_vi} / {self.reason_en}"


class FileRejected(Exception):
    """Raised to reject a whole file; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems[:3]))
        self.problems = problems


def show_value(value: object) -> str | None:
    """A cell value as the user would recognise it (``12.0`` -> ``12``), or None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        text = f"{int(value)}" if value.is_integer() else repr(value)
    elif isinstance(value, dt.datetime):
        text = value.strftime("%d/%m/%Y %H:%M")
    elif isinstance(value, dt.date):
        text = value.strftime("%d/%m/%Y")
    else:
        text = str(value)
    text = printable(text)
    if len(text) > _MAX_VALUE_CHARS:
        text = text[: _MAX_VALUE_CHARS - 1] + "…"
    return text


def num_en(value: float) -> str:
    """``2.5``, ``10`` — a number in an English reason."""
    return f"{round(value, 3):g}" if abs(value) < 1e15 else f"{value}"


def num_vi(value: float) -> str:
    """``2,5``, ``10`` — a number in a Vietnamese reason (decimal comma)."""
    return num_en(value).replace(".", ",")


class ProblemLog:
    """The problems of one file, listed up to ``cap`` with a count of the rest."""

    def __init__(self, file: str, cap: int = MAX_LISTED) -> None:
        self.file = file
        self.cap = cap
        self._problems: list[Problem] = []
        self._count = 0

    def add(
        self,
        reason_vi: str,
        reason_en: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        self._count += 1
        if len(self._problems) < self.cap:
            self._problems.append(
                Problem(self.file, sheet, row, column, show_value(value), reason_vi, reason_en)
            )

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def problems(self) -> list[Problem]:
        listed = list(self._problems)
        rest = self._count - len(listed)
        if rest > 0:
            listed.append(
                Problem(
                    self.file,
                    None,
                    None,
                    None,
                    None,
                    f"… và {rest} lỗi khác (tổng cộng {self._count} lỗi)",
                    f"… and {rest} more problems ({self._count} in all)",
                )
            )
        return listed

    def reject(self) -> FileRejected:
        return FileRejected(self.problems())


def whole_file(file: str, reason_vi: str, reason_en: str) -> Problem:
    """A problem about the whole file (no sheet or cell)."""
    return Problem(file, None, None, None, None, reason_vi, reason_en)


def file_problem(file: str, reason_vi: str, reason_en: str) -> FileRejected:
    """A rejection about the whole file."""
    return FileRejected([whole_file(file, reason_vi, reason_en)])


def internal_error(file: str, exc: BaseException) -> Problem:
    """A file that failed through a bug of ours, not a fault of the file: says so, and where."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" ({frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno})" if frames else ""
    detail = f"{type(exc).__name__}: {exc}{where}"
    return whole_file(
        file,
        f"Lỗi nội bộ của chương trình khi nạp tệp này, không phải lỗi của tệp ({detail});"
        " không ghi gì từ tệp; hãy báo cho người quản trị hệ thống",
        f"internal error of the loader on this file, not a fault of the file ({detail});"
        " nothing written from it; please report it to the system administrator",
    )
