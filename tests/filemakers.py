"""Writers of real test files (xlsx, xls, ods, CSV in real encodings) and a tiny province.

The tiny province: three units in two groups, and a 2023 framework per group with two
fields, a survey field, evidence-required leaves and a decimal maximum.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine

from etl import kinds
from etl.schema import DATA_TABLES, load_batch, rejected_row

Rows = Sequence[Sequence[Any]]

# --- writers ------------------------------------------------------------------------------


def write_xlsx(path: Path, rows: Rows, sheet: str = "Sheet1", *, start_row: int = 0) -> Path:
    """An .xlsx written by xlsxwriter; ``None`` cells are left empty, datetimes are real dates."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    worksheet = workbook.add_worksheet(sheet)
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    for r, row in enumerate(rows, start=start_row):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.datetime):
                worksheet.write_datetime(r, c, value, date_format)
            else:
                worksheet.write(r, c, value)
    workbook.close()
    return path


def write_openpyxl(path: Path, sheets: dict[str, Rows]) -> Path:
    """An .xlsx with several sheets, written by openpyxl."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        worksheet = workbook.create_sheet(name)
        for row in rows:
            worksheet.append(list(row))
    workbook.save(path)
    return path


def write_xls(path: Path, rows: Rows, sheet: str = "Sheet1") -> Path:
    """An Excel 97–2003 .xls written by xlwt."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    worksheet = workbook.add_sheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                worksheet.write(r, c, value)
    workbook.save(str(path))
    return path


def write_ods(path: Path, rows: Rows) -> Path:
    """An OpenDocument spreadsheet written by pandas with odfpy."""
    import pandas as pd

    width = max(len(row) for row in rows)
    frame = pd.DataFrame([list(row) + [None] * (width - len(row)) for row in rows])
    frame.to_excel(path, engine="odf", header=False, index=False)
    return path


def csv_text(rows: Rows, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: letters precomposed, tone marks combining."""
    out: list[str] = []
    base = 0  # index of the last letter in ``out``
    for char in unicodedata.normalize("NFD", text):
        if char in _TONES:
            out.append(char)
        elif unicodedata.combining(char):  # circumflex, breve, horn: part of the letter
            out[base] = unicodedata.normalize("NFC", out[base] + char)
        else:
            base = len(out)
            out.append(char)
    return "".join(out).encode("cp1258")


def write_csv(path: Path, rows: Rows, *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """A CSV in ``encoding`` (``utf-8``, ``utf-8-sig`` or ``cp1258``)."""
    text = csv_text(rows, delimiter)
    path.write_bytes(cp1258_bytes(text) if encoding == "cp1258" else text.encode(encoding))
    return path


# --- the tiny province --------------------------------------------------------------------

UNITS = [
    ("SNV", "Sở Nội vụ", "so_nganh", "Sóc Trăng"),
    ("STP", "Sở Tư pháp", "so_nganh", "Sóc Trăng"),
    ("HCT", "Huyện Châu Thành", "huyen", "Sóc Trăng"),
]
# Header rows as the scoring software writes them: the loader's own (``etl.kinds.<kind>``).
UNITS_HEADER = list(kinds.units.HEADERS)
FRAMEWORK_HEADER = list(kinds.framework.HEADERS)
ROUNDS_HEADER = list(kinds.rounds.HEADERS)
SUBMISSIONS_HEADER = list(kinds.submissions.HEADERS)
SCORES_HEADER = list(kinds.scores.HEADERS)
WORKBOOK_HEADER = list(kinds.workbook.HEADERS)

# (code, parent, name, max, evidence_required, method)
SO_NGANH = [
    ("1", None, "Công tác chỉ đạo, điều hành CCHC", 4, 0, "self"),
    ("1.1", "1", "Kế hoạch CCHC năm", 2, 0, "self"),
    ("1.1.1", "1.1", "Ban hành kịp thời", 1, 1, "self"),
    ("1.1.2", "1.1", "Mức độ hoàn thành kế hoạch", 1, 1, "self"),
    ("1.2", "1", "Báo cáo CCHC định kỳ đầy đủ, đúng hạn", 2, 1, "self"),
    ("2", None, "Cải cách thủ tục hành chính", 3, 0, "self"),
    ("2.1", "2", "Thực hiện cơ chế một cửa, một cửa liên thông", 3, 0, "self"),
    ("2.1.1", "2.1", "Tỷ lệ hồ sơ giải quyết đúng hạn", 1.5, 1, "self"),
    ("2.1.2", "2.1", "Xin lỗi khi giải quyết trễ hạn", 1.5, 0, "self"),
    ("3", None, "Tác động của CCHC", 3, 0, "survey"),
    ("3.1", "3", "Mức độ hài lòng của người dân, tổ chức", 2, 0, "survey"),
    ("3.2", "3", "Đánh giá của lãnh đạo, cán bộ, công chức", 1, 0, "survey"),
]
HUYEN = [
    ("1", None, "Công tác chỉ đạo, điều hành CCHC", 5, 0, "self"),
    ("1.1", "1", "Kế hoạch CCHC năm", 3, 1, "self"),
    ("1.2", "1", "Tuyên truyền CCHC", 2, 0, "self"),
    ("2", None, "Tác động của CCHC", 5, 0, "survey"),
    ("2.1", "2", "Mức độ hài lòng của người dân, tổ chức", 5, 0, "survey"),
]
FRAMEWORKS = {"so_nganh": SO_NGANH, "huyen": HUYEN}
SO_NGANH_LEAVES = ["1.1.1", "1.1.2", "1.2", "2.1.1", "2.1.2", "3.1", "3.2"]

# leaf -> (self, appraised, evidence count, explanation, appraisal note)
SCORES: dict[str, tuple[Any, ...]] = {
    "1.1.1": (1, 0.5, 2, "Kế hoạch số 12/KH-SNV", "Thiếu tài liệu kiểm chứng"),
    "1.1.2": (1, 1, 1, "Báo cáo kết quả thực hiện", None),
    "1.2": (2, 1.5, 0, None, "Chưa đúng hạn"),
    "2.1.1": (1.5, 1.5, 3, "Tỷ lệ 98%", None),
    "2.1.2": (1, 0.75, 1, "Có văn bản xin lỗi", None),
    "3.1": (None, 1.8, None, None, None),
    "3.2": (None, 0.9, None, None, None),
}


def units_rows() -> list[list[Any]]:
    return [UNITS_HEADER, *[list(u) for u in UNITS]]


def framework_rows(
    year: int = 2023, groups: Sequence[str] = ("so_nganh", "huyen")
) -> list[list[Any]]:
    rows: list[list[Any]] = [FRAMEWORK_HEADER]
    for group in groups:
        rows.extend([year, group, *criterion] for criterion in FRAMEWORKS[group])
    return rows


def scores_rows(
    unit: str = "SNV",
    year: int = 2023,
    round_: int = 1,
    scores: dict[str, tuple[Any, ...]] | None = None,
) -> list[list[Any]]:
    scores = SCORES if scores is None else scores
    return [
        SCORES_HEADER,
        *[[year, round_, unit, code, *values] for code, values in scores.items()],
    ]


def _sum(values: list[Any]) -> float | None:
    numbers = [v for v in values if isinstance(v, int | float)]
    return round(sum(numbers), 3) if numbers else None


def workbook_rows(
    unit_name: str = "Sở Nội vụ",
    year: int = 2023,
    round_: int = 1,
    scores: dict[str, tuple[Any, ...]] | None = None,
    group: str = "so_nganh",
) -> list[list[Any]]:
    """A unit's export: header block, criteria table with subtotals, ``Tổng cộng``."""
    scores = SCORES if scores is None else scores
    framework = FRAMEWORKS[group]
    children: dict[str | None, list[str]] = {}
    for code, parent, *_ in framework:
        children.setdefault(parent, []).append(code)

    def leaves(code: str) -> list[str]:
        kids = children.get(code)
        return [code] if not kids else [leaf for kid in kids for leaf in leaves(kid)]

    rows: list[list[Any]] = [
        ["BẢNG TỔNG HỢP KẾT QUẢ TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"],
        [kinds.workbook.BLOCK_LABELS["unit"], unit_name],
        [kinds.workbook.BLOCK_LABELS["year"], year],
        [kinds.workbook.BLOCK_LABELS["round"], round_],
        [],
        WORKBOOK_HEADER,
    ]
    for number, (code, _parent, name, max_points, _e, _m) in enumerate(framework, start=1):
        if code in scores:
            rows.append([number, code, name, max_points, *scores[code]])
        else:
            under = [scores[leaf] for leaf in leaves(code) if leaf in scores]
            rows.append(
                [
                    number,
                    code,
                    name,
                    max_points,
                    _sum([s[0] for s in under]),
                    _sum([s[1] for s in under]),
                    None,
                    None,
                    None,
                ]
            )
    total_max = sum(m for code, parent, _n, m, _e, _x in framework if parent is None)
    rows.append(
        [
            None,
            "Tổng cộng",
            None,
            total_max,
            _sum([s[0] for s in scores.values()]),
            _sum([s[1] for s in scores.values()]),
            None,
            None,
            None,
        ]
    )
    rows.append([])
    rows.append([None, None, "Người lập biểu"])
    return rows


def workbook_rows_not_applicable(
    scores: dict[str, tuple[Any, ...]] | None = None,
) -> list[list[Any]]:
    """``workbook_rows`` with leaf 1.2 (2 points) not applicable, so criterion 1's and the
    total's printed maxima are 2 points lower, as the scoring software prints them."""
    not_applicable = ("Không áp dụng", "Không áp dụng", None, None, None)
    rows = workbook_rows(
        scores=dict(SCORES if scores is None else scores) | {"1.2": not_applicable}
    )
    for row in rows:
        if len(row) > 3 and row[1] in ("1", "Tổng cộng"):
            row[3] -= 2
    return rows


def write_scoring_source(engine: Engine, columns: str) -> None:
    """The scoring software's table ``ket_qua`` (SQL ``columns``: year, round, unit, criterion,
    self score, appraised score, evidence count, explanation, appraisal note) holding Sở Tư
    pháp's 2023 round 2, a row per criterion of :data:`SCORES` (the source ``etl.pull`` reads)."""
    with engine.begin() as conn:
        conn.execute(sa.text(f"create table ket_qua ({columns})"))
        conn.execute(
            sa.text("insert into ket_qua values (2023, 2, 'STP', :c, :s, :a, :e, :x, :n)"),
            [dict(zip("csaexn", (code, *values), strict=True)) for code, values in SCORES.items()],
        )


def write_reference(folder: Path) -> list[Path]:
    """units.csv and framework.xlsx of the tiny province."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_csv(folder / "units.csv", units_rows()),
        write_xlsx(folder / "framework.xlsx", framework_rows()),
    ]


def load_reference(engine: Engine, folder: Path) -> None:
    from etl.load import load_files

    results = load_files(engine, write_reference(folder), progress=False)
    assert [r.status for r in results] == ["loaded", "loaded"], [r.problems for r in results]


# --- the warehouse, for "nothing changed" assertions ---------------------------------------


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every data table and of the load history, sorted."""
    tables = [*DATA_TABLES, load_batch, rejected_row]
    with engine.connect() as conn:
        return {
            t.name: sorted(
                (tuple(row) for row in conn.execute(sa.select(t))), key=lambda r: repr(r)
            )
            for t in tables
        }


def fetch(engine: Engine, query: str, **params: Any) -> list[sa.Row[Any]]:
    with engine.connect() as conn:
        return list(conn.execute(sa.text(query), params))
