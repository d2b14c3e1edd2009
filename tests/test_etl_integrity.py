"""No file silently changes a ranking: partial files update only what they carry, the
applicable maximum is the framework's, unfinished units are listed without a rank."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console

from dashboard import queries
from demo import run_demo
from etl import kinds
from etl.kinds.merge import ScoreChange
from etl.load import FileResult, load_file
from etl.report import MAX_CHANGES_SHOWN, print_results
from tests import filemakers as fm


@pytest.fixture(scope="module")
def demo_wh(tmp_path_factory: pytest.TempPathFactory):
    """The province demo warehouse (2021–2023, both rounds), built through the ETL."""
    from etl.db import get_engine

    folder = tmp_path_factory.mktemp("demo-integrity")
    engine = get_engine(f"sqlite:///{folder / 'warehouse.db'}")
    results = run_demo(engine, out_dir=folder / "exports", progress=False)
    assert all(r.status == "loaded" for r in results)
    yield engine
    engine.dispose()


def _report(*results: FileResult) -> str:
    console = Console(record=True, width=200)
    print_results(list(results), console)
    return console.export_text()


def _row(table, unit):
    return table[table["unit_code"] == unit].iloc[0]


SCORES_HEADER = kinds.scores.LAYOUT.headers(*kinds.scores.LAYOUT.required)  # required columns only


def test_one_row_file_changes_one_score_and_not_the_ranking(demo_wh, tmp_path: Path):
    """Issue 7, case 1: a one-row long file for ST-SNV used to replace its 83 scores and
    move it to rank 1 with 100,00.  Now it changes that one leaf and reports old → new."""
    before = queries.rankings(demo_wh, 2023, 2, "so_nganh")
    snv = _row(before, "ST-SNV")
    leaves = fm.fetch(
        demo_wh,
        "select criterion_code, self_score, appraised_score, max_points from score_fact"
        " where unit_code='ST-SNV' and year=2023 and round=2 and applicable"
        " and method='self' order by criterion_code",
    )
    target = next(r for r in leaves if r.appraised_score is not None and r.max_points >= 0.5)
    new_score = 0.5 if target.appraised_score != 0.5 else 0.0
    path = fm.write_csv(
        tmp_path / "mot-dong.csv",
        [SCORES_HEADER, [2023, 2, "ST-SNV", target.criterion_code, 0.5, new_score]],
    )
    result = load_file(demo_wh, path)
    assert result.status == "loaded", result.problems
    changed = {(c.criterion_code, c.column): (c.old, c.new) for c in result.changes}
    assert changed[(target.criterion_code, "appraised_score")] == (
        target.appraised_score,
        new_score,
    )
    report = _report(result)
    assert "đã sửa 1 điểm đã lưu / changed 1 stored scores" in report
    shown = f"{target.criterion_code} · thẩm định / appraised: "
    old_text, new_text = (f"{v:g}".replace(".", ",") for v in (target.appraised_score, new_score))
    assert f"ST-SNV · {shown}{old_text} → {new_text}" in report
    counts = fm.fetch(
        demo_wh,
        "select (select count(*) from score_fact where unit_code='ST-SNV' and year=2023"
        " and round=2) as stored, (select count(*) from criterion where year=2023"
        " and group_code='so_nganh' and is_leaf) as leaves",
    )[0]
    assert counts.stored == counts.leaves  # every leaf kept
    after = queries.rankings(demo_wh, 2023, 2, "so_nganh")
    moved = _row(after, "ST-SNV")
    assert moved["max_points"] == snv["max_points"]  # the maximum never shrinks
    delta = new_score - target.appraised_score
    assert moved["points"] == pytest.approx(snv["points"] + delta)
    assert moved["index"] < 100
    assert abs(moved["rank"] - snv["rank"]) <= 2  # one leaf moves a unit a little, if at all


@pytest.fixture
def wh(sqlite_engine, tmp_path):
    fm.load_reference(sqlite_engine, tmp_path / "ref")
    return sqlite_engine


def test_partial_file_for_a_new_unit_is_listed_unranked_on_the_full_maximum(wh, tmp_path):
    load_file(wh, fm.write_csv(tmp_path / "full.csv", fm.scores_rows("SNV")))
    partial = {"1.1.1": fm.SCORES["1.1.1"]}
    result = load_file(wh, fm.write_csv(tmp_path / "p.csv", fm.scores_rows("STP", scores=partial)))
    assert result.status == "loaded", result.problems
    table = queries.rankings(wh, 2023, 1, "so_nganh")
    full, part = _row(table, "SNV"), _row(table, "STP")
    assert full["rank"] == 1
    assert pd.isna(part["rank"])  # no rank
    assert part["max_points"] == full["max_points"]  # the framework's applicable maximum
    assert (part["scored_leaves"], part["applicable_leaves"]) == (1, full["applicable_leaves"])
    assert list(table["unit_code"]) == ["SNV", "STP"]  # listed after the ranked units
    from dashboard.components.tables import ranking_rows

    rows = ranking_rows(table, "vi").set_index("unit_code")
    total = full["applicable_leaves"]
    assert rows.loc["STP", "rank__text"] == f"Chưa xếp hạng: đã thẩm định 1/{total} tiêu chí"
    assert rows.loc["SNV", "rank__text"] == "1"


def test_partial_file_keeps_the_other_leaves(wh, tmp_path):
    load_file(wh, fm.write_csv(tmp_path / "full.csv", fm.scores_rows("SNV")))
    before = {
        r.criterion_code: (r.self_score, r.appraised_score)
        for r in fm.fetch(wh, "select * from score_fact where unit_code='SNV'")
    }
    one = {"1.1.1": (1.0, 0.5, 1, "Kế hoạch số 12/KH-SNV", None)}
    result = load_file(wh, fm.write_csv(tmp_path / "one.csv", fm.scores_rows("SNV", scores=one)))
    after = {
        r.criterion_code: (r.self_score, r.appraised_score)
        for r in fm.fetch(wh, "select * from score_fact where unit_code='SNV'")
    }
    assert set(after) == set(before)
    assert after["1.1.1"] == (1.0, 0.5)
    assert {k: v for k, v in after.items() if k != "1.1.1"} == {
        k: v for k, v in before.items() if k != "1.1.1"
    }
    old_self, old_appraised = before["1.1.1"]
    expected = {
        (column, old, new)
        for column, old, new in (
            ("self_score", old_self, 1.0),
            ("appraised_score", old_appraised, 0.5),
        )
        if old != new
    }
    assert {(c.column, c.old, c.new) for c in result.changes} == expected
    assert result.replaced_batches == []  # the first batch still holds the other leaves


def test_workbook_lacking_leaves_is_rejected_as_incomplete(wh, tmp_path):
    dropped = next(code for code in fm.SCORES if fm.SCORES[code][0] is None)
    rows = [r for r in fm.workbook_rows() if len(r) < 2 or r[1] != dropped]
    snapshot = fm.snapshot(wh)
    result = load_file(wh, fm.write_xlsx(tmp_path / "thieu.xlsx", rows))
    assert result.status == "rejected"
    text = " ".join(str(p) for p in result.problems)
    assert "Tệp chưa đầy đủ: thiếu 1 tiêu chí" in text and dropped in text
    assert "incomplete export" in text
    assert fm.snapshot(wh) == snapshot


def test_a_long_list_of_changes_is_capped_and_counted():
    changes = [
        ScoreChange(2023, 1, "ST-SYT", f"1.{i}", "self_score", None if i % 2 else 1.0, 0.25)
        for i in range(MAX_CHANGES_SHOWN + 5)
    ]
    result = FileResult(Path("sua.csv"), "scores_long", "loaded", 25, 9, [], [], changes)
    report = _report(result)
    assert "đã sửa 25 điểm đã lưu" in report
    assert "1.0 · tự chấm / self: 1 → 0,25" in report
    assert "1.1 · tự chấm / self: chưa chấm / not scored → 0,25" in report
    assert "1.24 ·" not in report and "… và 5 điểm khác / and 5 more" in report
