"""The file kinds the ETL understands, and how a file's kind is recognised from its headers."""

from __future__ import annotations

from etl.columns import COLUMNS, Table, find_table
from etl.errors import ProblemLog
from etl.kinds import framework, rounds, scores, submissions, units, workbook
from etl.kinds.base import Kind
from etl.readers import Sheet
from etl.text import is_blank

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        units.KIND,
        framework.KIND,
        rounds.KIND,
        scores.KIND,
        workbook.KIND,
        submissions.KIND,
    )
}
SQL_KIND = "sql"  # the pull: a scores table read from a database


def _kinds_listing() -> tuple[str, str]:
    vi = ", ".join(f"{k.vi} ({k.name})" for k in KINDS.values())
    return vi, ", ".join(KINDS)


def detect(file: str, sheets: list[Sheet]) -> tuple[Kind, Table]:
    """The kind of a file and its table, or ``FileRejected`` naming the kinds that exist."""
    found = find_table(file, sheets, (k.layout for k in KINDS.values()))
    if found is None:
        log = ProblemLog(file)
        vi, en = _kinds_listing()
        if all(is_blank(cell) for sheet in sheets for row in sheet.rows for cell in row):
            log.add("Bảng tính không có dữ liệu", "the spreadsheet holds no data")
        else:
            names = ", ".join(f"'{s.name}'" for s in sheets if s.name is not None)
            where = f" (sheet {names})" if names else ""
            log.add(
                f"Không phải loại tệp nào của hệ thống{where}: không tìm thấy dòng tiêu đề của"
                f" một trong các loại {vi}",
                f"not one of our file kinds{where}: no header row of any of {en}",
            )
        raise log.reject()
    layout, table = found
    kind = KINDS[layout.kind]
    if kind is KINDS["scores"] and workbook.has_block(table.sheet, table.header_index):
        kind = KINDS["workbook"]
    return kind, table


def check_columns(kind: Kind, table: Table, log: ProblemLog) -> None:
    """Log each required column the table lacks, and a table without data rows."""
    for key in table.missing(kind.layout):
        column = COLUMNS[key]
        log.add(
            f"Thiếu cột bắt buộc {column.label} của {kind.vi.lower()}",
            f"required column {column.label} of a {kind.name} file is missing",
            sheet=table.sheet_name,
            row=table.sheet.number(table.header_index),
        )
    if not table.has_data():
        log.add(
            "Không có dòng dữ liệu nào dưới dòng tiêu đề",
            "no data rows under the header row",
            sheet=table.sheet_name,
            row=table.sheet.number(table.header_index),
        )


__all__ = ["KINDS", "SQL_KIND", "Kind", "check_columns", "detect"]
