"""The terminal summary of a load."""

from __future__ import annotations

from rich.console import Console

from etl.load import load_files
from etl.report import print_results
from tests import filemakers as fm


def test_summary_lists_each_file_and_every_problem(sqlite_engine, tmp_path):
    fm.write_reference(tmp_path)
    scores = dict(fm.SCORES) | {"1.2": ("12,5", 1, 0, None, None)}
    fm.write_csv(tmp_path / "diem.csv", fm.scores_rows(scores=scores), delimiter=";")
    results = load_files(sqlite_engine, [tmp_path], progress=False)
    results += load_files(sqlite_engine, [tmp_path / "units.csv"], progress=False)
    console = Console(record=True, width=250)
    print_results(results, console)
    out = console.export_text()
    assert "Danh sách đơn vị" in out and "Bộ tiêu chí" in out and "Bảng điểm" in out
    assert "Đã nạp" in out and "Bị từ chối" in out and "Đã nạp trước đó" in out
    assert (
        "diem.csv, dòng/row 4, cột/column 'Điểm tự chấm', giá trị/value '12,5': Điểm vượt điểm"
        " tối đa 2 / score above the maximum 2"
    ) in out
    assert "loaded 2, skipped 1, rejected 1" in out


def test_progress_bar_does_not_change_results(sqlite_engine, tmp_path, capsys):
    results = load_files(sqlite_engine, fm.write_reference(tmp_path), progress=True)
    assert [r.status for r in results] == ["loaded", "loaded"]
    assert capsys.readouterr().out == ""  # the bar goes to stderr only
