"""Hostile and broken files (issue 7, "Integrity first"): each is rejected cleanly, naming the
file, sheet, row, column and value, and changes nothing; the other files of the run load.

Encodings decided per file; spreadsheet cells calamine would read as blank (NaN, formulas
without a cached value, error values); NUL, control, bidi and zero-width characters;
sheets too large to read; numbers and texts the warehouse cannot hold on both backends;
a bug inside one file's load; and what the terminal shows.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from dashboard import cli
from etl import limits
from etl.errors import Problem
from etl.load import FAILED, load_file, load_files
from etl.report import print_results
from tests import filemakers as fm
from tests.helpers import find, rejected

# Row numbers: in ``fm.scores_rows()`` the header is row 1 and leaf 1.1.1 row 2 … 3.2 row 8.


@pytest.fixture
def wh(sqlite_engine, tmp_path):
    fm.load_reference(sqlite_engine, tmp_path / "ref")
    return sqlite_engine


def where(problem: Problem) -> tuple[object, ...]:
    return (problem.sheet, problem.row, problem.column, problem.value)


def scores_csv(tmp_path: Path, change: dict[str, tuple], name: str = "diem.csv") -> Path:
    return fm.write_csv(tmp_path / name, fm.scores_rows(scores=dict(fm.SCORES) | change))


def scores_xlsx(tmp_path: Path, change: dict[str, tuple], name: str = "diem.xlsx") -> Path:
    return fm.write_xlsx(tmp_path / name, fm.scores_rows(scores=dict(fm.SCORES) | change))


def rewrite_sheet(path: Path, edit: Callable[[bytes], bytes]) -> Path:
    """``path`` with its first worksheet's XML passed through ``edit`` (a crafted file)."""
    data = {}
    with zipfile.ZipFile(path) as source:
        for name in source.namelist():
            data[name] = source.read(name)
    data["xl/worksheets/sheet1.xml"] = edit(data["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in data.items():
            target.writestr(name, content)
    return path


def replace_cell(ref: str, xml: bytes) -> Callable[[bytes], bytes]:
    """An edit putting ``xml`` in place of the cell ``ref``."""

    def edit(sheet: bytes) -> bytes:
        pattern = rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)'
        changed, count = re.subn(pattern, xml, sheet, count=1)
        assert count == 1, sheet
        return changed

    return edit


# --- 2. encodings: one per file, never mixed -------------------------------------------------


def test_utf8_file_with_one_windows_1258_byte_is_rejected_naming_line_and_byte(wh, tmp_path):
    path = tmp_path / "diem.csv"
    text = fm.csv_text(fm.scores_rows()).encode("utf-8")
    # row 3 (leaf 1.1.2): its explanation typed in a cp1258 editor: "Báo" with 0xE1 for "á"
    path.write_bytes(text.replace("Báo cáo kết quả".encode(), b"B\xe1o c\xe1o"))
    problem = find(rejected(wh, path), "mixed encodings")
    assert (problem.row, problem.value) == (3, "0xE1")
    assert (
        "dòng 3 có byte 0xE1" in problem.reason_vi and "trộn lẫn hai bảng mã" in problem.reason_vi
    )
    assert "line 3 holds the byte 0xE1" in problem.reason_en
    assert "not one of our file kinds" not in problem.reason_en


def test_units_file_with_vietnamese_headers_and_a_stray_byte_speaks_of_encoding(wh, tmp_path):
    path = tmp_path / "donvi.csv"
    text = fm.csv_text([*fm.units_rows(), ["SCT", "Sở Công Thương", "so_nganh", "Sóc Trăng"]])
    path.write_bytes(text.encode("utf-8").replace("Công Thương".encode(), b"C\xf4ng"))
    problem = rejected(wh, path).problems[0]
    assert "UTF-8" in problem.reason_en and problem.row == 5


def test_pure_windows_1258_still_loads_and_an_undecodable_byte_is_named(wh, tmp_path):
    path = fm.write_csv(tmp_path / "cp.csv", fm.scores_rows(), encoding="cp1258")
    assert load_file(wh, path).status == "loaded"
    bad = tmp_path / "bad.csv"  # ASCII but one byte, 0x81: neither UTF-8 nor Windows-1258
    header = "year,round,unit_code,criterion_code,self_score,appraised_score"
    bad.write_bytes(f"{header}\n2023,2,SNV,1.1.1,1,1 \x81\n".encode("latin-1"))
    problem = find(rejected(wh, bad), "neither UTF-8 nor Windows-1258")
    assert (problem.row, problem.value) == (
        2,
        "0x81",
    ) and "dòng 2 có byte 0x81" in problem.reason_vi


def test_utf8_with_bom_loads(wh, tmp_path):
    path = fm.write_csv(tmp_path / "bom.csv", fm.scores_rows(), encoding="utf-8-sig")
    assert load_file(wh, path).status == "loaded"


# --- 3. cells calamine reads as blank: NaN, formulas without a value, error values ----------


@pytest.mark.parametrize("text", ["NaN", "nan", "inf", "-Infinity"])
def test_nan_and_infinity_as_text_are_not_numbers(wh, tmp_path, text):
    result = rejected(wh, scores_xlsx(tmp_path, {"1.2": (text, 1, 0, None, None)}))
    assert where(find(result, "not a number")) == ("Sheet1", 4, "Điểm tự chấm", text)


def test_float_nan_in_a_score_cell_is_rejected(wh, tmp_path):
    path = rewrite_sheet(scores_xlsx(tmp_path, {}), replace_cell("E4", b'<c r="E4"><v>NaN</v></c>'))
    problem = find(rejected(wh, path), "not a finite number (NaN")
    assert (problem.sheet, problem.row, problem.column) == ("Sheet1", 4, "Điểm tự chấm")


def test_formula_without_cached_value_is_rejected_naming_the_cell(wh, tmp_path):
    from openpyxl import load_workbook

    path = scores_xlsx(tmp_path, {})
    book = load_workbook(path)
    book.active["F4"] = "=1+0.5"  # openpyxl writes formulas without a computed value
    book.save(path)
    problem = find(rejected(wh, path), "Công thức không có giá trị đã tính")
    assert where(problem) == ("Sheet1", 4, "Điểm thẩm định", "=1+0.5")
    assert "hãy mở tệp bằng Excel và lưu lại" in problem.reason_vi
    assert "open the file in Excel and save it again" in problem.reason_en


def test_shared_formula_and_error_value_are_rejected(wh, tmp_path):
    path = scores_xlsx(tmp_path, {})
    rewrite_sheet(path, replace_cell("E5", b'<c r="E5"><f t="shared" si="0"/></c>'))
    rewrite_sheet(path, replace_cell("F6", b'<c r="F6" t="e"><f>1/0</f><v>#DIV/0!</v></c>'))
    result = rejected(wh, path)
    assert where(find(result, "Công thức không có")) == ("Sheet1", 5, "Điểm tự chấm", "=(…)")
    error = find(result, "#DIV/0!")
    assert where(error) == ("Sheet1", 6, "Điểm thẩm định", "#DIV/0!")
    assert "formula =1/0" in error.reason_en


def test_formulas_with_cached_values_load(wh, tmp_path):
    import xlsxwriter

    path = tmp_path / "formulas.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for r, row in enumerate(fm.scores_rows()):
        sheet.write_row(r, 0, row)
    sheet.write_formula(3, 5, "=1+0.5", None, 1.5)  # 1.2 appraised, with its value
    book.close()
    # an explanation computed as empty text, as Excel writes it
    rewrite_sheet(path, replace_cell("H5", b'<c r="H5" t="str"><f>""</f><v></v></c>'))
    result = load_file(wh, path)
    assert result.status == "loaded", result.problems


# --- 4. NUL, 5. control, bidi and zero-width characters -----------------------------------------


def test_nul_after_the_first_4_kb_of_a_csv_is_rejected_naming_row_and_column(wh, tmp_path):
    rows = fm.scores_rows()
    rows[3][7] = "x" * 5000 + "\x00" + "y"  # 1.2, Giải trình
    result = rejected(wh, fm.write_csv(tmp_path / "nul.csv", rows))
    problem = find(result, "NUL")
    assert (problem.row, problem.column) == (4, "H")
    assert problem.value is not None and problem.value.startswith("xxx")


def test_nul_in_a_spreadsheet_text_cell_is_rejected(engine, tmp_path):
    fm.load_reference(engine, tmp_path / "ref")
    result = rejected(engine, scores_xlsx(tmp_path, {"1.2": (2, 1.5, 0, "a\x00b", None)}))
    problem = find(result, "U+0000")
    assert where(problem) == ("Sheet1", 4, "Giải trình", "a\\x00b")


@pytest.mark.parametrize(
    "name",
    ["\u202eụv iộN ởS", "Sở Nội\u200b vụ", "Sở\u2066 Nội vụ", "\ufeffSở Nội vụ", "Sở\x1b[2J"],
)
def test_hidden_characters_in_unit_names_are_rejected(wh, tmp_path, name):
    rows = [*fm.units_rows(), ["SNV9", name, "so_nganh", "Sóc Trăng"]]
    problem = find(rejected(wh, fm.write_csv(tmp_path / "donvi.csv", rows)), "hidden character")
    assert (problem.row, problem.column) == (5, "Tên đơn vị")
    assert "U+" in problem.reason_vi and problem.value is not None
    assert problem.value.isprintable()  # shown escaped, e.g. \u202eụv iộN ởS


@pytest.mark.parametrize("column", [0, 2, 3])  # code, group, province
def test_hidden_characters_in_codes_groups_and_provinces_are_rejected(wh, tmp_path, column):
    row = ["SNV9", "Sở Nội vụ 9", "so_nganh", "Sóc Trăng"]
    row[column] = row[column][:2] + "\u200d" + row[column][2:]
    result = rejected(wh, fm.write_xlsx(tmp_path / "donvi.xlsx", [*fm.units_rows(), row]))
    assert find(result, "zero-width").column == fm.UNITS_HEADER[column]


def test_hidden_characters_in_free_text_are_stripped_and_other_controls_rejected(wh, tmp_path):
    path = scores_xlsx(tmp_path, {"1.2": (2, 1.5, 0, "Báo\u200b cáo\u202e", "dòng 1\vdòng 2")})
    assert load_file(wh, path).status == "loaded"
    [row] = fm.fetch(
        wh, "select explanation, appraisal_note from score_fact where criterion_code='1.2'"
    )
    assert tuple(row) == ("Báo cáo", "dòng 1\ndòng 2")
    scores = dict(fm.SCORES) | {"1.2": (2, 1, 0, "x\x1b[31m", None)}
    bad = fm.write_xlsx(tmp_path / "b.xlsx", fm.scores_rows(round_=2, scores=scores))
    assert where(find(rejected(wh, bad), "U+001B")) == ("Sheet1", 4, "Giải trình", "x\\x1b[31m")


# --- 6, 9. limits, checked before reading ------------------------------------------------------


def run_load(tmp_path: Path, *paths: Path) -> subprocess.CompletedProcess[str]:
    """``cchc load PATHS`` in its own process, into a fresh SQLite warehouse."""
    db = f"sqlite:///{tmp_path / 'w.db'}"
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "load", *map(str, paths), "--db", db],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ | {"COLUMNS": "400"},
        cwd=Path(fm.__file__).resolve().parent.parent,
    )


def far_cell_xlsx(path: Path, dimension: bytes | None) -> Path:
    """A small valid scores workbook plus one cell at XFD1048576 (``dimension``: declared)."""
    fm.write_xlsx(path, fm.scores_rows())

    def edit(sheet: bytes) -> bytes:
        far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
        sheet = sheet.replace(b"</sheetData>", far)
        replacement = b"" if dimension is None else b'<dimension ref="' + dimension + b'"/>'
        return re.sub(rb"<dimension [^>]*/>", replacement, sheet)

    return rewrite_sheet(path, edit)


@pytest.mark.parametrize("dimension", [b"A1:XFD1048576", b"A1:I8", None])
def test_one_cell_at_xfd1048576_is_rejected_before_reading(wh, tmp_path, dimension):
    path = far_cell_xlsx(tmp_path / "far.xlsx", dimension)
    assert path.stat().st_size < 10_000
    started = time.perf_counter()
    problem = rejected(wh, path).problems[0]
    assert time.perf_counter() - started < 2
    assert problem.sheet == "Sheet1" and "1.000.000" in problem.reason_vi
    assert "over the limit: the sheet's rows is 1,048,576" in problem.reason_en


def test_far_cell_run_through_the_cli_loads_the_valid_files(tmp_path):
    """The reported case: exit 134 and nothing loaded; now exit 1 and the valid files in."""
    files = fm.write_reference(tmp_path / "ok")
    far = far_cell_xlsx(tmp_path / "far.xlsx", b"A1:XFD1048576")
    run = run_load(tmp_path, *files, far)
    assert run.returncode == 1, run.stderr
    assert "loaded 2, skipped 0, rejected 1" in run.stdout
    assert "the sheet's rows is 1,048,576" in run.stdout


def test_wide_sheet_cells_and_file_size_limits(wh, tmp_path, monkeypatch):
    wide = fm.write_xlsx(tmp_path / "wide.xlsx", [fm.SCORES_HEADER, [None] * 300 + [1]])
    assert "columns is 301, at most 200" in rejected(wh, wide).problems[0].reason_en
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    big = scores_csv(tmp_path, {}, name="big.csv")
    problem = rejected(wh, big).problems[0]
    assert "kích thước tệp (byte)" in problem.reason_vi and "at most 100;" in problem.reason_en


def test_zip_bomb_declaring_a_small_size_is_corrupt(wh, tmp_path):
    path = scores_xlsx(tmp_path, {})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    # the local header and the central directory both claim a smaller inflated size
    for offset in (info.header_offset + 22, data.rfind(info.filename.encode()) - 46 + 24):
        data[offset : offset + 4] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert "corrupt or unreadable" in rejected(wh, path).problems[0].reason_en


def test_truncated_xls_that_makes_calamine_panic_is_corrupt(wh, tmp_path):
    """Found by the property test: python-calamine panics (a BaseException) on this file."""
    data = fm.write_xls(tmp_path / "full.xls", fm.scores_rows()).read_bytes()
    (tmp_path / "cut.xls").write_bytes(data[:4112])
    problem = rejected(wh, tmp_path / "cut.xls").problems[0]
    assert "corrupt or unreadable spreadsheet (PanicException" in problem.reason_en


def test_long_cells_and_long_codes(engine, tmp_path):
    fm.load_reference(engine, tmp_path / "ref")
    long_text = scores_xlsx(tmp_path, {"1.2": (2, 1.5, 0, "a", None)})  # xlsxwriter cuts at 32,767
    cell = b'<c r="H4" t="inlineStr"><is><t>' + b"x" * 40_000 + b"</t></is></c>"
    rewrite_sheet(long_text, replace_cell("H4", cell))
    assert find(rejected(engine, long_text), "too long: 40,000 characters, at most 32,767")
    huge = scores_csv(tmp_path, {"1.2": (2, 1, 0, "y" * 1_000_000, None)}, name="huge.csv")
    problem = find(rejected(engine, huge), "longer than 32,767 characters")
    assert problem.row == 4
    units = [*fm.units_rows(), ["X" * 65, "Sở X", "so_nganh", "T"], ["SX", "Sở X", "g" * 33, "T"]]
    result = rejected(engine, fm.write_csv(tmp_path / "donvi.csv", units))
    assert find(result, "65 characters, at most 64").column == "Mã đơn vị"
    assert find(result, "33 characters, at most 32").column == "Nhóm"
    framework = fm.framework_rows()
    framework[3][2] = "1.1." + "9" * 40  # a criterion code longer than String(32)
    result = rejected(engine, fm.write_xlsx(tmp_path / "khung.xlsx", framework))
    assert find(result, "at most 32").column == "Mã tiêu chí"


def test_workbook_total_row_with_a_long_label_still_loads(wh, tmp_path):
    rows = fm.workbook_rows()
    rows[18][1] = "TỔNG CỘNG (I+II+III+IV+V+VI+VII+VIII)"
    assert load_file(wh, fm.write_xlsx(tmp_path / "dv.xlsx", rows)).status == "loaded"


def test_two_million_row_csv_is_rejected_fast(wh, tmp_path):
    header = ",".join(fm.SCORES_HEADER).encode()
    plain = tmp_path / "rows.csv"
    plain.write_bytes(header + b"\n" + b"2023,1,SNV,1.1.1,1,0.5,2,KH 12,\n" * 2_000_000)
    quoted = tmp_path / "quoted.csv"
    quoted.write_bytes(header + b"\n" + b'2023,1,SNV,1.1.1,1,0.5,2,"KH 12, 13",\n' * 2_000_000)
    for path, expected in ((plain, "rows is 2,000,001,"), (quoted, "rows is 1,000,001 or more")):
        started = time.perf_counter()
        problem = rejected(wh, path).problems[0]
        elapsed = time.perf_counter() - started
        print(f"{path.name}: rejected in {elapsed:.2f} s")
        assert expected in problem.reason_en and elapsed < 8


ROWS = 3_000_001


def test_three_million_row_xlsx_is_rejected_fast(wh, tmp_path):
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(2, ROWS))
    for name, dimension in (
        ("declared.xlsx", b'<dimension ref="A1:I3000000"/>'),
        ("bare.xlsx", b""),
    ):

        def edit(sheet: bytes, dimension: bytes = dimension) -> bytes:
            sheet = re.sub(rb"<dimension [^>]*/>", dimension, sheet)
            return re.sub(rb"</row>.*</sheetData>", b"</row>" + rows + b"</sheetData>", sheet)

        path = rewrite_sheet(fm.write_xlsx(tmp_path / name, fm.scores_rows()), edit)
        assert path.stat().st_size < 20_000_000
        started = time.perf_counter()
        problem = rejected(wh, path).problems[0]
        elapsed = time.perf_counter() - started
        print(f"{name} ({path.stat().st_size:,} bytes): rejected in {elapsed:.2f} s")
        assert "the sheet's rows is" in problem.reason_en and elapsed < 8


def test_positional_cells_beyond_the_column_limit_are_measured(wh, tmp_path):
    def edit(sheet: bytes) -> bytes:
        cells = b"<c><v>1</v></c>" * 250  # no r="…": placed one after the other
        return sheet.replace(b"</sheetData>", b"<row>" + cells + b"</row></sheetData>")

    path = rewrite_sheet(fm.write_xlsx(tmp_path / "pos.xlsx", fm.scores_rows()), edit)
    assert "the sheet's columns is" in rejected(wh, path).problems[0].reason_en


# --- 7. numbers the warehouse cannot hold: the same rejection on both backends -----------------


@pytest.mark.parametrize(
    ("change", "column", "fragment"),
    [
        ({"1.2": (2, 1.5, 10**20, None, None)}, "Số TLKC", "out of range"),
        ({"1.2": (2, 1.5, 3e9, None, None)}, "Số TLKC", "out of range"),
        ({"1.2": (2, 1.5, "3000000000", None, None)}, "Số TLKC", "out of range"),
        ({"1.2": (1e7, 1.5, 0, None, None)}, "Điểm tự chấm", "points are below 10,000,000"),
        ({"1.2": (0.3333, 1.5, 0, None, None)}, "Điểm tự chấm", "more than 3 decimals"),
        ({"1.2": ("9" * 400, 1.5, 0, None, None)}, "Điểm tự chấm", "not a finite number"),
    ],
)
def test_numbers_beyond_the_warehouse_columns(engine, tmp_path, change, column, fragment):
    fm.load_reference(engine, tmp_path / "ref")
    problem = find(rejected(engine, scores_csv(tmp_path, change)), fragment)
    assert (problem.row, problem.column) == (4, column)


@pytest.mark.parametrize("round_", [9223372036854775296, 3_000_000_000, 21, 0])
def test_round_out_of_range(engine, tmp_path, round_):
    fm.load_reference(engine, tmp_path / "ref")
    result = rejected(engine, fm.write_csv(tmp_path / "d.csv", fm.scores_rows(round_=round_)))
    assert result.problems[0].column == "Lần" and result.problems[0].row == 2


# --- 7. a bug inside one file's load: reported, the run goes on, exit 3 -------------------------


def boom_on(monkeypatch, module: str, name: str, file: str) -> None:
    """Make ``module.name`` raise ZeroDivisionError for ``file`` (a stand-in for a bug)."""
    import importlib

    target = importlib.import_module(module)
    original = getattr(target, name)

    def broken(*args, **kwargs):
        if any(getattr(a, "name", a) == file for a in args):
            raise ZeroDivisionError("simulated bug")
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, broken)


def test_internal_error_fails_one_file_and_the_others_load(sqlite_engine, tmp_path, monkeypatch):
    files = fm.write_reference(tmp_path)
    scores = scores_csv(tmp_path, {}, name="boom.csv")
    boom_on(monkeypatch, "etl.load", "detect", "boom.csv")
    results = load_files(sqlite_engine, [*files, scores], progress=False)
    assert [r.status for r in results] == ["loaded", "loaded", FAILED]
    problem = results[-1].problems[0]
    assert problem.reason_vi.startswith("Lỗi nội bộ của chương trình")
    assert "ZeroDivisionError: simulated bug" in problem.reason_en
    assert fm.fetch(sqlite_engine, "select count(*) from score_fact")[0][0] == 0


def test_kind_order_never_crashes_and_cli_exits_3(tmp_path, monkeypatch, capsys):
    files = fm.write_reference(tmp_path)
    scores = scores_csv(tmp_path, {}, name="boom.csv")
    boom_on(monkeypatch, "etl.load", "read_sheets", "boom.csv")  # _kind_order and the load
    code = cli.main(["load", *map(str, [scores, *files]), "--db", f"sqlite:///{tmp_path / 'w.db'}"])
    out = capsys.readouterr().out
    assert code == cli.EXIT_INTERNAL == 3
    assert "Lỗi nội bộ" in out and "internal errors: 1" in out
    assert "loaded 2, skipped 0, rejected 0" in out


def test_cli_help_documents_exit_code_3(capsys):
    assert cli.main(["load", "--help"]) == 0
    assert "3  lỗi nội bộ" in capsys.readouterr().out


# --- 10. the terminal: control characters and markup in names and values ---------------------


def test_report_escapes_control_characters_and_markup(wh, tmp_path):
    bad = scores_xlsx(tmp_path, {"1.2": ("\x1b[2J\x1b[31mhai", 1, 0, None, None)})
    marked = bad.rename(tmp_path / "[reverse]diem\x1b[5m.xlsx")
    results = [load_file(wh, marked)]
    console = Console(record=True, width=300, force_terminal=False)
    print_results(results, console)
    out = console.export_text(styles=False)
    assert "\x1b" not in out
    assert "[reverse]diem\\x1b[5m.xlsx" in out
    assert "giá trị/value '\\x1b[2J\\x1b[31mhai'" in out


def test_cli_output_holds_no_raw_escape(tmp_path):
    rows = [*fm.units_rows(), ["S\x1b[31mX", "Sở\u202e X", "so_nganh", "T"]]
    path = fm.write_csv(tmp_path / "[bold]donvi.csv", rows)
    run = run_load(tmp_path, path)
    assert run.returncode == 1
    assert "\x1b" not in run.stdout and "\u202e" not in run.stdout
    assert "[bold]donvi.csv" in run.stdout and "S\\x1b[31mX" in run.stdout
