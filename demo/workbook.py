"""Writing demo exports as the scoring software does: unit workbooks and submissions.

A unit workbook has a header block (``Đơn vị:``, ``Năm:``, ``Lần:``), then the table
``STT, Mã tiêu chí, Tiêu chí, Điểm tối đa, Điểm tự chấm, Điểm thẩm định, Số TLKC,
Giải trình, Ý kiến thẩm định``: field rows (STT I, II, …), criterion rows (1, 2, …)
and sub-criteria, parents carrying the subtotals of their applicable leaves, and a last
row ``Tổng cộng``.  Scores are numbers in the cells; a criterion the unit does not
handle reads ``Không áp dụng``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from demo.csvfiles import write_csv
from demo.framework import FrameworkRow
from demo.model import LeafScore
from etl import kinds
from etl.cells import NOT_APPLICABLE

NOT_APPLICABLE_TEXT = NOT_APPLICABLE.value
TOTAL_LABEL = "Tổng cộng"
SHEET_NAME = "Kết quả chấm điểm"
_FIXED_CREATED = dt.datetime(2024, 1, 1, 8, 0, 0)  # same bytes on every run
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_COLUMN_WIDTHS = (6, 12, 60, 11, 12, 14, 9, 50, 45)


@dataclass(frozen=True)
class Submission:
    year: int
    round: int
    unit_code: str
    sent_at: dt.datetime | None  # None: not sent
    report_attached: bool
    approved: bool


@dataclass(frozen=True)
class TableRow:
    """One row of a unit workbook's table (numbers in points, text where a cell is text)."""

    stt: str
    code: str
    name: str
    max_points: float
    self_score: float | str | None
    appraised: float | str | None
    evidence: int | None
    explanation: str
    note: str
    is_parent: bool


def _leaves_below(framework: Sequence[FrameworkRow]) -> dict[str, list[str]]:
    """For every code, the leaf codes at or below it."""
    parents = {row.parent_code for row in framework if row.parent_code}
    by_code = {row.code: row for row in framework}
    below: dict[str, list[str]] = {row.code: [] for row in framework}
    for row in framework:
        if row.code in parents:
            continue
        code: str | None = row.code
        while code is not None:
            below[code].append(row.code)
            code = by_code[code].parent_code
    return below


def _points(hundredths: int) -> float:
    return hundredths / 100


def _subtotal(
    leaves: Sequence[str], scores: Mapping[str, LeafScore], survey: bool, attribute: str
) -> float | str | None:
    applicable = [scores[code] for code in leaves if scores[code].applicable]
    if not applicable:
        return NOT_APPLICABLE_TEXT
    if survey and attribute == "self_score":
        return None
    return _points(sum(getattr(s, attribute) or 0 for s in applicable))


def table_rows(
    framework: Sequence[FrameworkRow], scores: Mapping[str, LeafScore]
) -> list[TableRow]:
    """The table of one unit's workbook, ``Tổng cộng`` last."""
    below = _leaves_below(framework)
    maxima = {row.code: row.max_points for row in framework}
    rows: list[TableRow] = []
    field_number = 0
    criterion_number = 0
    for row in framework:
        leaves = below[row.code]
        applicable_max = sum(int(maxima[code] * 100) for code in leaves if scores[code].applicable)
        survey = row.method == "survey"
        if row.parent_code is None:
            field_number += 1
            criterion_number = 0
            stt = _ROMAN[field_number - 1]
        elif row.code.count(".") == 1:
            criterion_number += 1
            stt = str(criterion_number)
        else:
            stt = ""
        if leaves == [row.code]:
            score = scores[row.code]
            rows.append(_leaf_row(stt, row, score))
            continue
        rows.append(
            TableRow(
                stt=stt,
                code=row.code,
                name=row.name,
                max_points=_points(applicable_max),
                self_score=_subtotal(leaves, scores, survey, "self_score"),
                appraised=_subtotal(leaves, scores, survey, "appraised"),
                evidence=None,
                explanation="",
                note="",
                is_parent=True,
            )
        )
    all_scores = list(scores.values())
    self_scored = [s for s in all_scores if s.applicable and s.self_score is not None]
    rows.append(
        TableRow(
            stt="",
            code=TOTAL_LABEL,
            name="",
            max_points=_points(sum(int(maxima[s.code] * 100) for s in all_scores if s.applicable)),
            self_score=_points(sum(s.self_score or 0 for s in self_scored)),
            appraised=_points(sum(s.appraised or 0 for s in all_scores if s.applicable)),
            evidence=None,
            explanation="",
            note="",
            is_parent=True,
        )
    )
    return rows


def _leaf_row(stt: str, row: FrameworkRow, score: LeafScore) -> TableRow:
    if not score.applicable:
        self_cell: float | str | None = NOT_APPLICABLE_TEXT
        appraised_cell: float | str | None = NOT_APPLICABLE_TEXT
    else:
        self_cell = None if score.self_score is None else _points(score.self_score)
        appraised_cell = None if score.appraised is None else _points(score.appraised)
    return TableRow(
        stt=stt,
        code=row.code,
        name=row.name,
        max_points=float(row.max_points),
        self_score=self_cell,
        appraised=appraised_cell,
        evidence=score.evidence,
        explanation=score.explanation,
        note=score.note,
        is_parent=False,
    )


def write_unit_workbook(
    path: Path,
    *,
    unit_name: str,
    year: int,
    round_: int,
    framework: Sequence[FrameworkRow],
    scores: Mapping[str, LeafScore],
) -> Path:
    """Write one unit's export for one round; the bytes depend only on the arguments."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path), {"in_memory": True})
    workbook.set_properties({"created": _FIXED_CREATED, "author": "Phần mềm chấm điểm CCHC"})
    sheet = workbook.add_worksheet(SHEET_NAME)
    bold = workbook.add_format({"bold": True})
    header = workbook.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center"})
    number = workbook.add_format({"num_format": "0.00", "border": 1})
    text = workbook.add_format({"border": 1, "text_wrap": True})
    parent_number = workbook.add_format({"num_format": "0.00", "border": 1, "bold": True})
    parent_text = workbook.add_format({"border": 1, "text_wrap": True, "bold": True})
    for column, width in enumerate(_COLUMN_WIDTHS):
        sheet.set_column(column, column, width)
    block = {"unit": unit_name, "year": year, "round": round_}
    for line, (name, value) in enumerate(block.items()):
        sheet.write(line, 0, kinds.workbook.BLOCK_LABELS[name], bold)
        sheet.write(line, 1, value, bold)
    sheet.write_row(3, 0, kinds.workbook.HEADERS, header)
    for offset, row in enumerate(table_rows(framework, scores), start=4):
        num, txt = (parent_number, parent_text) if row.is_parent else (number, text)
        cells = (
            row.stt,
            row.code,
            row.name,
            row.max_points,
            row.self_score,
            row.appraised,
            row.evidence,
            row.explanation,
            row.note,
        )
        for column, value in enumerate(cells):
            if value is None or value == "":
                sheet.write_blank(offset, column, None, txt)
            elif isinstance(value, (int, float)):
                sheet.write_number(offset, column, value, num)
            else:
                sheet.write_string(offset, column, value, txt)
    sheet.freeze_panes(4, 3)
    workbook.close()
    return path


def format_timestamp(value: dt.datetime | None) -> str:
    """``04/12/2023 16:20`` (the exports' day-first form), blank for None."""
    return "" if value is None else value.strftime("%d/%m/%Y %H:%M")


def write_submissions_csv(path: Path, items: Iterable[Submission]) -> Path:
    """The ``submissions`` file: who sent, when, with an approved report or not."""
    return write_csv(
        path,
        kinds.submissions.HEADERS,
        (
            (
                item.year,
                item.round,
                item.unit_code,
                format_timestamp(item.sent_at),
                int(item.report_attached),
                int(item.approved),
            )
            for item in items
        ),
    )
