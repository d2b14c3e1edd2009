"""Reading cells as a user means them: encodings, delimiters, numbers, dates, yes/no."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from etl.cells import NOT_APPLICABLE, CellError, to_bool, to_datetime, to_int, to_score
from etl.errors import Problem, ProblemLog
from etl.readers import read_sheets, sniff_delimiter
from tests import filemakers as fm


def test_problem_reads_like_the_readme_example():
    problem = Problem(
        "diem.xlsx",
        "Sheet1",
        12,
        "Điểm tự chấm",
        "12,5",
        "Điểm vượt điểm tối đa 10",
        "score above the maximum 10",
    )
    assert str(problem) == (
        "diem.xlsx, sheet 'Sheet1', dòng/row 12, cột/column 'Điểm tự chấm', giá trị/value"
        " '12,5': Điểm vượt điểm tối đa 10 / score above the maximum 10"
    )
    whole_file = Problem("a.xlsx", None, None, None, None, "Tệp rỗng", "empty file")
    assert str(whole_file) == "a.xlsx: Tệp rỗng / empty file"


def test_problem_log_shows_values_as_written_and_caps():
    log = ProblemLog("x.csv", cap=2)
    for value in (12.0, 2.5, "abc"):
        log.add("lỗi", "problem", row=1, value=value)
    problems = log.problems()
    assert [p.value for p in problems[:2]] == ["12", "2.5"]
    assert len(log) == 3 and "1 more" in problems[-1].reason_en


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_csv_encodings_decode_to_nfc(tmp_path, encoding):
    rows = [["Tên đơn vị", "Ghi chú"], ["Sở Lao động - Thương binh và Xã hội", "Điểm thẩm định"]]
    path = fm.write_csv(tmp_path / "a.csv", rows, encoding=encoding)
    if encoding == "cp1258":  # as Windows writes it: tone marks as combining characters
        assert not unicodedata.is_normalized("NFC", path.read_bytes().decode("cp1258"))
    [sheet] = read_sheets(path)
    assert sheet.rows[1] == rows[1]
    assert all(unicodedata.is_normalized("NFC", c) for row in sheet.rows for c in row)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_sniffed_even_with_decimal_commas(delimiter):
    lines = fm.csv_text(
        fm.scores_rows(scores={"1.1.1": ("0,5", "0,25", 1, "a, b", None)}), delimiter
    ).splitlines()
    assert sniff_delimiter(lines) == delimiter


def test_spreadsheet_row_numbers_count_leading_empty_rows(tmp_path):
    path = fm.write_xlsx(tmp_path / "a.xlsx", [["x", 1]], start_row=4)
    [sheet] = read_sheets(path)
    assert sheet.number(4) == 5 and sheet.rows[4][:2] == ["x", 1.0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28/11/2023 07:30", dt.datetime(2023, 11, 28, 7, 30)),
        ("04/12/2023", dt.datetime(2023, 12, 4)),
        ("07:30 28/11/2023", dt.datetime(2023, 11, 28, 7, 30)),
        ("2023-11-28T07:30:00", dt.datetime(2023, 11, 28, 7, 30)),
        ("2023-11-28 07:30", dt.datetime(2023, 11, 28, 7, 30)),
        (dt.datetime(2023, 11, 28, 7, 30), dt.datetime(2023, 11, 28, 7, 30)),
        (dt.date(2023, 11, 28), dt.datetime(2023, 11, 28)),
        (45258.3125, dt.datetime(2023, 11, 28, 7, 30)),  # an Excel serial date
        ("", None),
    ],
)
def test_dates(text, expected):
    assert to_datetime(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, True),
        ("0", False),
        ("có", True),
        ("Không", False),
        ("x", True),
        ("X", True),
        ("", None),
        ("TRUE", True),
        ("false", False),
        ("yes", True),
        ("no", False),
        (1.0, True),
    ],
)
def test_booleans(value, expected):
    assert to_bool(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2,5", 2.5),
        ("2.5", 2.5),
        (2.5, 2.5),
        (" 1 ", 1.0),
        ("", None),
        ("Không áp dụng", NOT_APPLICABLE),
        ("KAD", NOT_APPLICABLE),
        ("-", NOT_APPLICABLE),
        ("1.234,5", 1234.5),
    ],
)
def test_scores(value, expected):
    assert to_score(value) == expected


def test_bad_cells_raise_bilingual_reasons():
    with pytest.raises(CellError) as err:
        to_score("hai")
    assert "Không phải số" in err.value.reason_vi and "not a number" in err.value.reason_en
    with pytest.raises(CellError):
        to_int("2023,5")
    with pytest.raises(CellError):
        to_datetime("31/02/2023")
    assert to_int(2023.0) == 2023 and to_int("2") == 2
