"""One unit's export from the scoring software.

A header block names the unit, year and round (``Đơn vị: Sở Nội vụ``, or the value in the
next cell); the table beneath lists every criterion with its maximum and scores.  Parent
rows and the last row ``Tổng cộng`` carry subtotals that must match the leaves; the file's
maxima must match the framework's.  An export that lacks leaves of its framework is
rejected as incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from etl.cells import CellError, cell_key, to_round, to_year
from etl.columns import Layout, Row, Table
from etl.errors import ProblemLog, num_en, num_vi
from etl.kinds.base import (
    TOLERANCE,
    Framework,
    Kind,
    Plan,
    Reference,
    UnitInfo,
    duplicate,
    unit_plan,
)
from etl.kinds.scoring import SCORE_KEYS, Subtotal, check_subtotals, leaf_record, write_scores
from etl.readers import Sheet
from etl.text import header_key, is_blank, nfc

LAYOUT = Layout(
    "workbook",
    required=("criterion_code", "max_points", "self_score", "appraised_score"),
    optional=(
        "stt",
        "name",
        "evidence_count",
        "evidence_documents",
        "explanation",
        "appraisal_note",
        "year",
        "round",
    ),
    signature=frozenset({"stt", "name", "max_points"}),
)
# The table's header row as the scoring software writes it: the criterion's name is "Tiêu chí".
HEADERS = LAYOUT.headers(
    "stt",
    "criterion_code",
    "name",
    "max_points",
    *SCORE_KEYS,
    "evidence_count",
    "explanation",
    "appraisal_note",
    name="Tiêu chí",
)
_LABELS = {
    "donvi": "unit",
    "tendonvi": "unit",
    "coquandonvi": "unit",  # "Cơ quan, đơn vị:"
    "coquan": "unit",
    "donvitudanhgia": "unit",
    "unit": "unit",
    "nam": "year",
    "namdanhgia": "year",
    "year": "year",
    "lan": "round",
    "lancham": "round",
    "landanhgia": "round",
    "lanthamdinh": "round",
    "round": "round",
}
_TOTAL = {"tong", "cong", "tongdiem"}
_TOTAL_PREFIXES = ("tongcong", "total")
BLOCK_LABELS = {"unit": "Đơn vị:", "year": "Năm:", "round": "Lần:"}


@dataclass(frozen=True)
class BlockValue:
    value: object
    row: int
    label: str  # as written, e.g. "Đơn vị:"


def read_block(sheet: Sheet, upto: int) -> dict[str, BlockValue]:
    """The ``Đơn vị:``, ``Năm:``, ``Lần:`` cells above row index ``upto``."""
    found: dict[str, BlockValue] = {}
    for index, cells in enumerate(sheet.rows[:upto]):
        for position, cell in enumerate(cells):
            if not isinstance(cell, str) or ":" not in cell:
                continue
            label, _, rest = cell.partition(":")
            name = _LABELS.get(header_key(label))
            if name is None or name in found:
                continue
            value: object = rest.strip()
            if value == "":
                value = next((c for c in cells[position + 1 :] if not is_blank(c)), None)
            found[name] = BlockValue(value, sheet.number(index), nfc(label) + ":")
    return found


def has_block(sheet: Sheet, upto: int) -> bool:
    return "unit" in read_block(sheet, upto)


@dataclass(frozen=True)
class Header:
    unit: UnitInfo
    year: int
    round: int


def _block_problem(
    table: Table, log: ProblemLog, item: BlockValue | None, name: str, vi: str, en: str
) -> None:
    log.add(
        vi,
        en,
        sheet=table.sheet_name,
        row=item.row if item else None,
        column=item.label if item else BLOCK_LABELS[name],
        value=item.value if item else None,
    )


def read_header(table: Table, ref: Reference, log: ProblemLog) -> Header | None:
    """The unit, year and round of the block above the table; None (and logged) if wrong."""
    block = read_block(table.sheet, table.header_index)
    numbers: dict[str, int] = {}
    for name, convert in (("year", to_year), ("round", to_round)):
        item = block.get(name)
        try:
            number = convert(item.value) if item else None
        except CellError as err:
            _block_problem(table, log, item, name, err.reason_vi, err.reason_en)
            continue
        if number is None:
            _block_problem(
                table,
                log,
                item,
                name,
                f"Thiếu '{BLOCK_LABELS[name]}' ở phần đầu tệp (phía trên bảng điểm)",
                f"'{BLOCK_LABELS[name]}' is missing from the block above the table",
            )
        else:
            numbers[name] = number
    unit = _match_unit(table, ref, log, block.get("unit"))
    if unit is None or len(numbers) < 2:
        return None
    return Header(unit, numbers["year"], numbers["round"])


def _match_unit(
    table: Table, ref: Reference, log: ProblemLog, item: BlockValue | None
) -> UnitInfo | None:
    name = nfc(str(item.value)) if item and not is_blank(item.value) else ""
    if not name:
        _block_problem(
            table,
            log,
            item,
            "unit",
            "Thiếu tên đơn vị ('Đơn vị:') ở phần đầu tệp",
            "the unit name ('Đơn vị:') is missing from the block above the table",
        )
        return None
    matches = ref.units_named(name)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        _block_problem(
            table,
            log,
            item,
            "unit",
            "Không tìm thấy đơn vị có tên này trong danh sách đơn vị",
            "no unit of this name in the units list",
        )
    else:
        codes = ", ".join(sorted(u.code for u in matches))
        _block_problem(
            table,
            log,
            item,
            "unit",
            f"Tên đơn vị trùng với nhiều đơn vị ({codes})",
            f"the name matches several units ({codes})",
        )
    return None


def _is_total(row: Row) -> bool:
    """The ``Tổng cộng`` row (also ``TỔNG CỘNG (I+II)``, ``Tổng điểm``, ``Total``)."""
    keys = (cell_key(row.values.get(key)) for key in ("stt", "criterion_code", "name"))
    return any(key in _TOTAL or key.startswith(_TOTAL_PREFIXES) for key in keys)


def parse(table: Table, ref: Reference, log: ProblemLog) -> Plan:
    header = read_header(table, ref, log)
    if header is None:
        return Plan(rows=0)
    framework = ref.framework(header.year, header.unit.group_code)
    if framework is None:
        log.add(
            f"Chưa có bộ tiêu chí năm {header.year} của nhóm '{header.unit.group_code}'; hãy"
            " nạp tệp bộ tiêu chí trước",
            f"no framework for {header.year}, group '{header.unit.group_code}'; load it first",
            sheet=table.sheet_name,
        )
        return Plan(rows=0)
    key = (header.year, header.round, header.unit.code)
    records: list[dict[str, Any]] = []
    subtotals: list[Subtotal] = []
    seen: dict[Any, int] = {}
    total_row: Row | None = None
    listed: set[str] = set()  # every criterion code on a row, rejected or not
    for row in table.rows(log):
        if _is_total(row):
            total_row = row
            break
        if row.values.get("criterion_code") is not None:
            listed.add(str(row.values["criterion_code"]))
        if not row.ok or not _agrees_with_header(table, log, row, header):
            continue
        code = row.values.get("criterion_code")
        if code is None:
            if any(row.values.get(k) is not None for k in SCORE_KEYS):
                table.problem(
                    log, row, "criterion_code", "Thiếu mã tiêu chí", "the criterion code is missing"
                )
            continue  # a heading row
        info = framework.criteria.get(str(code))
        if info is None:
            table.problem(
                log,
                row,
                "criterion_code",
                f"Mã tiêu chí không có trong bộ tiêu chí năm {header.year} nhóm"
                f" '{header.unit.group_code}'",
                f"unknown criterion code for {header.year}, group '{header.unit.group_code}'",
            )
            continue
        if duplicate(table, log, row, (info.code,), seen, "criterion_code"):
            continue
        if info.is_leaf:
            _check_max(table, log, row, info.max_points, info.max_points)
            records.append(leaf_record(table, log, row, key, header.unit.group_code, info))
        else:
            subtotals.append(Subtotal(row, key, info.code, framework))
    check_subtotals(table, log, subtotals, records)
    _check_parent_maxima(table, log, subtotals, records, framework)
    if total_row is not None:
        _check_total(table, log, total_row, records, framework)
    _check_complete(table, log, listed, framework)
    return unit_plan(records, {key: framework})


_LISTED_CODES = 20


def _check_complete(table: Table, log: ProblemLog, listed: set[str], framework: Framework) -> None:
    """A unit's export lists every leaf of its framework; one that lacks some is incomplete."""
    missing = [
        code for code, info in framework.criteria.items() if info.is_leaf and code not in listed
    ]
    if not missing:
        return
    codes = ", ".join(missing[:_LISTED_CODES]) + (" …" if len(missing) > _LISTED_CODES else "")
    log.add(
        f"Tệp chưa đầy đủ: thiếu {len(missing)} tiêu chí của bộ tiêu chí năm {framework.year}"
        f" nhóm '{framework.group_code}' ({codes}); hãy xuất lại toàn bộ bảng điểm",
        f"incomplete export: {len(missing)} criteria of the {framework.year} framework of group"
        f" '{framework.group_code}' are missing ({codes}); export the whole score table again",
        sheet=table.sheet_name,
        column=table.header("criterion_code"),
    )


def _agrees_with_header(table: Table, log: ProblemLog, row: Row, header: Header) -> bool:
    ok = True
    for name, expected in (("year", header.year), ("round", header.round)):
        given = row.values.get(name)
        if given is not None and given != expected:
            table.problem(
                log,
                row,
                name,
                f"Khác với '{BLOCK_LABELS[name]} {expected}' ở phần đầu tệp",
                f"contradicts '{BLOCK_LABELS[name]} {expected}' in the header block",
            )
            ok = False
    return ok


def _check_max(table: Table, log: ProblemLog, row: Row, full: float, applicable: float) -> None:
    """The file's ``Điểm tối đa`` must be the framework's (or its applicable part)."""
    given = row.values.get("max_points")
    if not isinstance(given, float):
        table.problem(log, row, "max_points", "Ô bắt buộc bị để trống", "required cell is empty")
        return
    if abs(given - full) > TOLERANCE and abs(given - applicable) > TOLERANCE:
        table.problem(
            log,
            row,
            "max_points",
            f"Điểm tối đa khác với bộ tiêu chí ({num_vi(full)})",
            f"the maximum differs from the framework's ({num_en(full)})",
        )


def _excluded_max(records: list[dict[str, Any]], leaves: list[str]) -> float:
    """The maximum that not-applicable leaves among ``leaves`` take out."""
    wanted = set(leaves)
    return sum(
        r["max_points"] for r in records if not r["applicable"] and r["criterion_code"] in wanted
    )


def _check_parent_maxima(
    table: Table,
    log: ProblemLog,
    subtotals: list[Subtotal],
    records: list[dict[str, Any]],
    framework: Framework,
) -> None:
    for sub in subtotals:
        full = framework.criteria[sub.code].max_points
        applicable = full - _excluded_max(records, framework.leaves_under[sub.code])
        _check_max(table, log, sub.row, full, applicable)


def _check_total(
    table: Table, log: ProblemLog, row: Row, records: list[dict[str, Any]], framework: Framework
) -> None:
    """``Tổng cộng``: its maximum and scores against the framework and the leaves."""
    full = framework.total_max
    applicable = full - sum(r["max_points"] for r in records if not r["applicable"])
    if row.values.get("max_points") is not None:
        _check_max(table, log, row, full, applicable)
    for column in SCORE_KEYS:
        given = row.values.get(column)
        if not isinstance(given, float):
            continue
        total = sum(r[column] or 0.0 for r in records)
        if abs(given - total) > TOLERANCE:
            table.problem(
                log,
                row,
                column,
                f"Tổng cộng của các tiêu chí là {num_vi(total)}, khác với {num_vi(given)}",
                f"the criteria add up to {num_en(total)}, not {num_en(given)}",
            )


KIND = Kind("workbook", "Tệp xuất của đơn vị", LAYOUT, 3, parse, write_scores)
