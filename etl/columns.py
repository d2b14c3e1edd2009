"""Columns: their Vietnamese and English names, the layouts of the file kinds, the tables.

Every column any file kind uses is declared once in ``COLUMNS`` with its aliases and a
converter from ``etl.cells``.  ``find_table`` locates a header row; ``Table.rows`` yields
converted rows and logs every bad cell by name.  ``Layout.headers`` gives the header row a
file of a kind is written with (the demo, the tests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import zip_longest
from typing import Any

from etl.cells import (
    CellError,
    cell_key,
    name_of,
    to_bool,
    to_count,
    to_datetime,
    to_document_count,
    to_int,
    to_points,
    to_round,
    to_score,
    to_text,
    to_title,
)
from etl.errors import ProblemLog
from etl.limits import (
    MAX_CELL_CHARS,
    MAX_CRITERION_CODE,
    MAX_GROUP,
    MAX_PROVINCE,
    MAX_SHORT_TEXT,
    MAX_UNIT_CODE,
    MAX_UNIT_NAME,
)
from etl.readers import BadCell, Sheet
from etl.text import header_key, is_blank, nfc

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


HEADER_KEYS = frozenset(key for column in COLUMNS.values() for key in column.keys)
"""Every header any column is read from (``header_key``)."""


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
            if blank_row(cells):
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


def blank_row(cells: list[Any]) -> bool:
    """A row the loader skips: every cell empty or white space."""
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
                if sum(1 for key in header if key in HEADER_KEYS) < 2:
                    continue  # no layout recognises fewer than two columns (data rows)
                for layout in layouts:
                    found = layout.match_keys(header)
                    if layout.recognises(found) and (best is None or len(found) > best[0]):
                        table = Table(file, sheet, last, found, height, layout.kind)
                        best = (len(found), layout, table)
    return None if best is None else (best[1], best[2])
