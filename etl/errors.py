"""Why a file is rejected: one ``Problem`` per reason, in Vietnamese and English.

A problem names the cell as the user sees it in Excel: file, sheet, 1-based row number,
the column header as written in the file, and the value.  ``ProblemLog`` collects them
for one file and caps the listing so a badly broken file cannot flood the terminal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MAX_LISTED = 200
_MAX_VALUE_CHARS = 80


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
