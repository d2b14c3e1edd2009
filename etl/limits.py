"""Every limit the loader enforces, in one place, and the rejection that names it.

File-level limits are checked before a file is read (its size, and for an .xlsx the extent
of each sheet, from its XML, before python-calamine materialises a single cell); row limits
are checked while a CSV is streamed.  Cell-level limits mirror the warehouse
(``etl.schema``): a value that SQLite would store but PostgreSQL would refuse (or neither
could store) is rejected in Python first, so both backends reject the same rows.

Sizes were chosen from real data: a province's long scores file has ~20 000 rows, a
national one ~400 000 rows a year (about 40–80 MB as CSV, 13 MB as .xlsx with a 160 MB
sheet XML); a unit's workbook has ~100 rows.
"""

from __future__ import annotations

from etl.errors import FileRejected, Problem
from etl.schema import POINTS, criterion, unit

MAX_FILE_BYTES = 200 * 1024 * 1024
"""A file larger than this (200 MB) is rejected before it is read."""

MAX_ROWS = 1_000_000
"""Rows of one sheet or CSV file, blank rows included (2.5 × a national year)."""

MAX_COLUMNS = 200
"""Columns of one sheet (column GR); our widest kind uses 9–13."""

MAX_CELLS = 10_000_000
"""Rows × columns of one sheet: what python-calamine allocates (~32 bytes a cell)."""

MAX_CELL_CHARS = 32_767
"""Characters in one cell: Excel's own limit."""

MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
"""An .xlsx/.ods inflated (all its parts together): 1 GB; guards against zip bombs."""

MAX_ZIP_MEMBERS = 10_000
"""Parts in an .xlsx/.ods archive."""

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
"""The warehouse's ``Integer`` columns are 32-bit on PostgreSQL (SQLite would take more)."""

MAX_ROUND = 20
MIN_YEAR, MAX_YEAR = 1990, 2100  # a plausible assessment year
"""An assessment round is 1, 2, rarely 3; anything above 20 is a typo, not a round."""

POINTS_SCALE: int = POINTS.scale or 0
"""Decimals a score or maximum may have (``Numeric(10, 3)``): 3."""

MAX_POINTS_ABS = 10.0 ** ((POINTS.precision or 10) - POINTS_SCALE)
"""Scores and maxima are below this in magnitude (10 000 000), from ``Numeric(10, 3)``."""


def _length(column: object) -> int:
    length = getattr(getattr(column, "type", None), "length", None)
    return int(length) if length else MAX_CELL_CHARS


MAX_UNIT_CODE = _length(unit.c.code)  # 64
MAX_UNIT_NAME = _length(unit.c.name)  # 255
MAX_GROUP = _length(unit.c.group_code)  # 32
MAX_PROVINCE = _length(unit.c.province)  # 128
MAX_CRITERION_CODE = _length(criterion.c.code)  # 32
MAX_SHORT_TEXT = 64
"""Other short texts that are matched, not stored as written (method, yes/no, STT)."""


def vi_int(value: int) -> str:
    """``1.000.000`` — a whole number as Vietnamese writes it."""
    return f"{value:,}".replace(",", ".")


def en_int(value: int) -> str:
    """``1,000,000``."""
    return f"{value:,}"


def over_limit(
    file: str,
    what: tuple[str, str],
    value: int,
    limit: int,
    *,
    sheet: str | None = None,
    at_least: bool = False,
) -> FileRejected:
    """A rejection: ``what`` (Vietnamese, English) is ``value`` (or more), over ``limit``."""
    more_vi, more_en = (" trở lên", " or more") if at_least else ("", "")
    return FileRejected(
        [
            Problem(
                file,
                sheet,
                None,
                None,
                None,
                f"Tệp vượt giới hạn: {what[0]} là {vi_int(value)}{more_vi}, tối đa"
                f" {vi_int(limit)}; hãy chia nhỏ tệp",
                f"over the limit: {what[1]} is {en_int(value)}{more_en}, at most"
                f" {en_int(limit)}; split the file",
            )
        ]
    )


def check_extent(
    file: str, sheet: str | None, rows: int, columns: int, *, at_least: bool = False
) -> None:
    """Reject a sheet of more than ``MAX_ROWS`` rows, ``MAX_COLUMNS`` columns or ``MAX_CELLS``
    cells (its rectangle from A1: what python-calamine allocates)."""
    checks = (
        (("số dòng của sheet", "the sheet's rows"), rows, MAX_ROWS),
        (("số cột của sheet", "the sheet's columns"), columns, MAX_COLUMNS),
        (
            ("số ô (dòng × cột) của sheet", "the sheet's cells (rows × columns)"),
            rows * columns,
            MAX_CELLS,
        ),
    )
    for what, value, limit in checks:
        if value > limit:
            raise over_limit(file, what, value, limit, sheet=sheet, at_least=at_least)
