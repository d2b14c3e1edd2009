"""Every reason a file is rejected: the problem names the cell, and nothing is written.

Row numbers are as the user sees them in Excel: in ``fm.scores_rows()`` the header is row 1
and leaf 1.1.1 is row 2; in ``fm.workbook_rows()`` the header is row 6, criterion 1 row 7,
1.1.1 row 9, 1.2 row 11, 2.1 row 13, 3.1 row 17 and ``Tổng cộng`` row 19.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from etl.errors import Problem
from etl.load import load_file, load_files
from tests import filemakers as fm
from tests.helpers import find, rejected


@pytest.fixture
def wh(sqlite_engine, tmp_path):
    fm.load_reference(sqlite_engine, tmp_path / "ref")
    return sqlite_engine


def at(problem: Problem, sheet, row, column, value) -> None:
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        sheet,
        row,
        column,
        value,
    )
    text = str(problem)
    assert problem.file in text and f"dòng/row {row}" in text
    assert f"cột/column '{column}'" in text
    if value is not None:
        assert f"giá trị/value '{value}'" in text


def long_file(tmp_path: Path, change: dict[str, tuple], name="diem.xlsx", **kw) -> Path:
    scores = dict(fm.SCORES) | change
    return fm.write_xlsx(tmp_path / name, fm.scores_rows(scores=scores, **kw))


# --- cell problems in a long scores file -----------------------------------------------------


def test_score_above_maximum_with_decimal_comma(wh, tmp_path):
    scores = dict(fm.SCORES) | {"1.2": ("12,5", 1, 0, None, None)}
    path = fm.write_csv(tmp_path / "diem.csv", fm.scores_rows(scores=scores), delimiter=";")
    problem = find(rejected(wh, path), "vượt điểm tối đa")
    at(problem, None, 4, "Điểm tự chấm", "12,5")
    assert "Điểm vượt điểm tối đa 2" in problem.reason_vi
    assert "score above the maximum 2" in problem.reason_en
    assert str(problem).startswith("diem.csv, dòng/row 4, cột/column 'Điểm tự chấm'")


def test_negative_score(wh, tmp_path):
    result = rejected(wh, long_file(tmp_path, {"2.1.1": (1, -0.5, 0, None, None)}))
    at(find(result, "không được âm"), "Sheet1", 5, "Điểm thẩm định", "-0.5")


def test_text_in_a_number_cell(wh, tmp_path):
    result = rejected(wh, long_file(tmp_path, {"1.1.2": ("một", 1, "hai", None, None)}))
    at(find(result, "điểm phải là số"), "Sheet1", 3, "Điểm tự chấm", "một")
    at(result.problems[1], "Sheet1", 3, "Số TLKC", "hai")
    assert result.problems[1].reason == "Không phải số / not a number"


def test_self_score_on_a_survey_criterion(wh, tmp_path):
    result = rejected(wh, long_file(tmp_path, {"3.1": (1.5, 1.8, None, None, None)}))
    at(find(result, "survey criterion"), "Sheet1", 7, "Điểm tự chấm", "1.5")


def test_unknown_unit_and_unknown_criterion(wh, tmp_path):
    rows = fm.scores_rows()
    rows[2][2] = "SXX"
    rows[3][3] = "9.9"
    result = rejected(wh, fm.write_xlsx(tmp_path / "diem.xlsx", rows))
    at(find(result, "unknown unit code"), "Sheet1", 3, "Mã đơn vị", "SXX")
    at(find(result, "unknown criterion code"), "Sheet1", 4, "Mã tiêu chí", "9.9")


def test_duplicate_key_in_a_file(wh, tmp_path):
    rows = fm.scores_rows()
    rows.append(list(rows[1]))
    result = rejected(wh, fm.write_xlsx(tmp_path / "diem.xlsx", rows))
    problem = find(result, "Trùng lặp")
    at(problem, "Sheet1", 9, "Mã tiêu chí", "1.1.1")
    assert "dòng 2" in problem.reason_vi


def test_parent_subtotal_mismatch_in_long_file(wh, tmp_path):
    rows = fm.scores_rows()
    rows.append([2023, 1, "SNV", "1.1", 2, 1.25, None, None, None])  # leaves give 1.5
    result = rejected(wh, fm.write_xlsx(tmp_path / "diem.xlsx", rows))
    problem = find(result, "add up to")
    at(problem, "Sheet1", 9, "Điểm thẩm định", "1.25")
    assert "1,5" in problem.reason_vi and "1.5" in problem.reason_en


def test_missing_required_columns(wh, tmp_path):
    rows = [row[:5] + row[6:] for row in fm.scores_rows()]  # no "Điểm thẩm định"
    result = rejected(wh, fm.write_xlsx(tmp_path / "diem.xlsx", rows))
    problem = find(result, "Thiếu cột bắt buộc")
    assert "Điểm thẩm định" in problem.reason_vi and "appraised_score" in problem.reason_en
    assert (problem.sheet, problem.row) == ("Sheet1", 1)


def test_year_without_a_framework(wh, tmp_path):
    result = rejected(wh, long_file(tmp_path, {}, year=2019))
    problem = find(result, "load it first")
    assert "2019" in problem.reason_vi and "so_nganh" in problem.reason_vi
    at(problem, "Sheet1", 2, "Năm", "2019")


def test_many_problems_are_capped_with_a_count(wh, tmp_path):
    rows = [fm.SCORES_HEADER] + [[2023, 1, f"X{i}", "1.1.1", 1, 1] for i in range(250)]
    result = rejected(wh, fm.write_csv(tmp_path / "diem.csv", rows))
    assert len(result.problems) == 201
    assert "50 lỗi khác" in result.problems[-1].reason_vi
    assert "250 in all" in result.problems[-1].reason_en


# --- unit workbooks --------------------------------------------------------------------------


def workbook(tmp_path: Path, rows: list[list], name="export.xlsx") -> Path:
    return fm.write_xlsx(tmp_path / name, rows)


def test_workbook_subtotal_and_total_mismatch(wh, tmp_path):
    rows = fm.workbook_rows()
    rows[7][4] = 1.5  # criterion 1.1 self subtotal; its leaves give 2
    rows[18][5] = 9.99  # Tổng cộng, appraised
    result = rejected(wh, workbook(tmp_path, rows))
    at(find(result, "sub-criteria add up to 2,"), "Sheet1", 8, "Điểm tự chấm", "1.5")
    at(find(result, "the criteria add up to"), "Sheet1", 19, "Điểm thẩm định", "9.99")


def test_workbook_maximum_differs_from_framework(wh, tmp_path):
    rows = fm.workbook_rows()
    rows[8][3] = 2  # leaf 1.1.1 has maximum 1
    result = rejected(wh, workbook(tmp_path, rows))
    at(find(result, "framework's (1)"), "Sheet1", 9, "Điểm tối đa", "2")


def test_workbook_unknown_and_ambiguous_unit_names(wh, tmp_path):
    rows = fm.workbook_rows(unit_name="Sở Ngoại vụ")
    at(
        find(rejected(wh, workbook(tmp_path, rows)), "no unit of this name"),
        "Sheet1",
        2,
        "Đơn vị:",
        "Sở Ngoại vụ",
    )
    fm.write_csv(
        tmp_path / "more_units.csv", [fm.UNITS_HEADER, ["SNV2", "SỞ NỘI VỤ", "huyen", "X"]]
    )
    assert load_file(wh, tmp_path / "more_units.csv").status == "loaded"
    problem = find(rejected(wh, workbook(tmp_path, fm.workbook_rows(), "b.xlsx")), "several")
    assert "SNV, SNV2" in problem.reason_vi


def test_workbook_missing_year_in_header_block(wh, tmp_path):
    rows = fm.workbook_rows()
    rows[2] = ["Ghi chú:", "bản nháp"]
    problem = find(rejected(wh, workbook(tmp_path, rows)), "'Năm:' is missing")
    assert problem.sheet == "Sheet1"


@pytest.mark.parametrize(
    ("line", "value", "reason"),
    [(3, 0, "out of range: from 1 to 20"), (3, 9223372036854775296, "out of range: from 1 to 20"),
     (2, 20233, "out of range: from 1,990 to 2,100"), (3, "hai", "not a number")],
)  # fmt: skip
def test_workbook_header_year_and_round_are_checked(wh, tmp_path, line, value, reason):
    rows = fm.workbook_rows()
    rows[line] = [rows[line][0], value]
    problem = find(rejected(wh, workbook(tmp_path, rows)), reason)
    assert problem.sheet == "Sheet1" and problem.row == line + 1


def test_workbook_year_or_round_column_contradicting_header(wh, tmp_path):
    rows = fm.workbook_rows(round_=2)
    rows[5] = [*rows[5], "Lần"]
    for row in rows[6:18]:
        row.extend([None] * (9 - len(row)) + [2])
    rows[10][9] = 1  # criterion 1.2 says round 1
    result = rejected(wh, workbook(tmp_path, rows))
    problem = find(result, "contradicts 'Lần: 2'")
    at(problem, "Sheet1", 11, "Lần", "1")


def test_workbook_without_a_header_block(wh, tmp_path):
    rows = fm.workbook_rows()[5:]
    problem = find(rejected(wh, workbook(tmp_path, rows)), "unit name ('Đơn vị:') is missing")
    assert problem.sheet == "Sheet1"


# --- frameworks ------------------------------------------------------------------------------


def framework_file(tmp_path: Path, rows: list[list], name="framework.xlsx") -> Path:
    return fm.write_xlsx(tmp_path / name, rows)


def test_framework_parent_max_differs_from_children(sqlite_engine, tmp_path):
    rows = fm.framework_rows()
    rows[2][5] = 2.5  # 1.1 = 1.1.1 + 1.1.2 = 2
    result = rejected(sqlite_engine, framework_file(tmp_path, rows))
    at(find(result, "sum of its children (2)"), "Sheet1", 3, "Điểm tối đa", "2.5")


def test_framework_unknown_parent_cycle_duplicate_and_method(sqlite_engine, tmp_path):
    rows = fm.framework_rows()
    rows[3][3] = "1.9"  # 1.1.1 -> unknown parent
    rows[9][2] = "2.1.1"  # 2.1.2 written as 2.1.1: a duplicate code
    rows[12][7] = "phỏng vấn"  # 3.2: bad method
    rows.append([2023, "huyen", "9", "9.1", "Vòng", 1, 0, "self"])
    rows.append([2023, "huyen", "9.1", "9", "Vòng", 1, 0, "self"])
    result = rejected(sqlite_engine, framework_file(tmp_path, rows))
    at(find(result, "unknown parent code"), "Sheet1", 4, "Mã cha", "1.9")
    at(find(result, "Trùng lặp"), "Sheet1", 10, "Mã tiêu chí", "2.1.1")
    at(find(result, "method must be"), "Sheet1", 13, "Phương thức", "phỏng vấn")
    at(find(result, "cycle"), "Sheet1", 19, "Mã cha", "9.1")


def test_framework_replacement_that_drops_scored_leaves(wh, tmp_path):
    assert load_file(wh, long_file(tmp_path, {})).status == "loaded"
    rows = [r for r in fm.framework_rows() if r[2] not in ("1.1.2",)]
    rows[2][5] = 1  # keep 1.1 consistent: only 1.1.1 remains
    rows[1][5] = 3
    result = rejected(wh, framework_file(tmp_path, rows, "framework_v2.xlsx"))
    problem = find(result, "cannot replace it")
    assert "1.1.2" in problem.reason_vi and "2023" in problem.reason_en


# --- reference data and submissions ----------------------------------------------------------


def test_units_cannot_change_group_once_scored(wh, tmp_path):
    assert load_file(wh, long_file(tmp_path, {})).status == "loaded"
    rows = fm.units_rows()
    rows[1][2] = "huyen"
    result = rejected(wh, fm.write_csv(tmp_path / "units_v2.csv", rows))
    at(find(result, "group cannot change"), None, 2, "Nhóm", "huyen")


def test_rounds_bad_date_and_lock_before_open(sqlite_engine, tmp_path):
    rows = [
        fm.ROUNDS_HEADER,
        [2023, 1, "31/02/2023", ""],
        [2023, 2, "04/12/2023 17:00", "28/11/2023 07:30"],
    ]
    result = rejected(sqlite_engine, fm.write_csv(tmp_path / "rounds.csv", rows))
    at(find(result, "not a date"), None, 2, "Bắt đầu", "31/02/2023")
    at(find(result, "locks before it opens"), None, 3, "Khóa", "28/11/2023 07:30")


def test_submissions_unknown_unit_and_bad_boolean(wh, tmp_path):
    rows = [
        fm.SUBMISSIONS_HEADER,
        [2023, 1, "SNV", "04/12/2023 16:20", "có lẽ", 1],
        [2023, 1, "ABC", "", 0, 0],
    ]
    result = rejected(wh, fm.write_csv(tmp_path / "gui.csv", rows))
    at(find(result, "yes/no"), None, 2, "Có báo cáo", "có lẽ")
    at(find(result, "unknown unit"), None, 3, "Mã đơn vị", "ABC")


# --- whole files -----------------------------------------------------------------------------


def test_empty_files_and_header_only(wh, tmp_path):
    for name in ("empty.xlsx", "empty.csv"):
        (tmp_path / name).write_bytes(b"")
        assert "empty file" in rejected(wh, tmp_path / name).problems[0].reason_en
    header_only = fm.write_xlsx(tmp_path / "header.xlsx", [fm.SCORES_HEADER])
    problem = find(rejected(wh, header_only), "no data rows")
    assert (problem.sheet, problem.row) == ("Sheet1", 1)
    blank = fm.write_xlsx(tmp_path / "blank.xlsx", [[]])
    find(rejected(wh, blank), "holds no data")


def test_files_that_are_not_spreadsheets(wh, tmp_path):
    (tmp_path / "notes.xlsx").write_text("Năm,Lần\n2023,1\n", encoding="utf-8")
    find(rejected(wh, tmp_path / "notes.xlsx"), "not a spreadsheet: its content is a text file")
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    (tmp_path / "chart.xlsx").write_bytes(png)
    find(rejected(wh, tmp_path / "chart.xlsx"), "a PNG image")
    (tmp_path / "web.xls").write_text("<html><table><tr><td>Năm</td></tr></table></html>")
    find(rejected(wh, tmp_path / "web.xls"), "an HTML/XML page")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4\n")
    find(rejected(wh, tmp_path / "report.pdf"), "unsupported format '.pdf'")


def test_corrupt_xlsx(wh, tmp_path):
    good = fm.write_xlsx(tmp_path / "good.xlsx", fm.scores_rows())
    data = good.read_bytes()
    (tmp_path / "broken.xlsx").write_bytes(data[: len(data) // 2])
    find(rejected(wh, tmp_path / "broken.xlsx"), "corrupt or unreadable")
    with zipfile.ZipFile(tmp_path / "hollow.xlsx", "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    find(rejected(wh, tmp_path / "hollow.xlsx"), "corrupt or unreadable")
    (tmp_path / "hollow.xlsb").write_bytes((tmp_path / "hollow.xlsx").read_bytes())
    problem = find(rejected(wh, tmp_path / "hollow.xlsb"), "save it as .xlsx")
    assert "chưa hỗ trợ, hãy lưu lại thành .xlsx" in problem.reason_vi


def test_not_one_of_our_kinds_names_the_kinds(wh, tmp_path):
    path = fm.write_openpyxl(
        tmp_path / "inventory.xlsx",
        {
            "Kho": [["Item", "Type", "Quantity"], [1, "Apple", 50]],
            "Giá": [["Item", "Price"], [1, 0.85]],
        },
    )
    problem = rejected(wh, path).problems[0]
    assert "not one of our file kinds" in problem.reason_en
    for kind in ("framework", "units", "scores", "workbook", "submissions", "rounds"):
        assert kind in problem.reason_en
    assert "Bộ tiêu chí" in problem.reason_vi and "'Kho', 'Giá'" in problem.reason_vi


def test_record_rejected_keeps_the_problems(wh, tmp_path):
    path = long_file(tmp_path, {"1.2": (5, 1, 0, None, None)})
    before = fm.snapshot(wh)
    result = load_file(wh, path, record_rejected=True)
    assert result.status == "rejected" and result.batch_id is not None
    after = fm.snapshot(wh)
    for table in ("unit", "criterion", "assessment_round", "score_fact", "submission"):
        assert after[table] == before[table]
    batch = fm.fetch(
        wh, "select kind, status, rows, file_name from load_batch where id=:i", i=result.batch_id
    )[0]
    assert tuple(batch) == ("scores", "rejected", 0, "diem.xlsx")
    rows = fm.fetch(
        wh,
        'select sheet, row, "column", value, reason from rejected_row where batch_id=:i',
        i=result.batch_id,
    )
    assert [tuple(r)[:4] for r in rows] == [("Sheet1", 4, "Điểm tự chấm", "5")]
    assert "score above the maximum 2" in rows[0].reason
    # a rejected file is not "already loaded": fixed and loaded again, it goes in
    fixed = long_file(tmp_path, {}, name="diem.xlsx")
    assert load_files(wh, [fixed], progress=False, record_rejected=True)[0].status == "loaded"


@pytest.mark.postgres
def test_rejection_writes_nothing_on_postgres(pg_engine, tmp_path):
    fm.load_reference(pg_engine, tmp_path / "ref")
    assert load_file(pg_engine, long_file(tmp_path, {}, name="ok.xlsx")).status == "loaded"
    rows = fm.scores_rows(round_=2)
    rows[3][5] = 7  # 1.2 appraised above its maximum 2
    result = rejected(pg_engine, fm.write_xlsx(tmp_path / "bad.xlsx", rows))
    at(find(result, "maximum 2"), "Sheet1", 4, "Điểm thẩm định", "7")
