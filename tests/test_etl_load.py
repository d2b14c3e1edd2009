"""Loading real files into real warehouses: what lands in the tables, and when."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from etl.load import load_file, load_files
from tests import filemakers as fm


@pytest.fixture
def wh(sqlite_engine, tmp_path):
    """A SQLite warehouse holding the tiny province's units and 2023 frameworks."""
    fm.load_reference(sqlite_engine, tmp_path / "ref")
    return sqlite_engine


def scores_of(engine, unit="SNV", round_=1):
    rows = fm.fetch(
        engine,
        "select criterion_code, self_score, appraised_score, evidence_count, explanation,"
        " appraisal_note, applicable, max_points, field_code, group_code, method,"
        " evidence_required from score_fact where unit_code=:u and round=:r"
        " order by criterion_code",
        u=unit,
        r=round_,
    )
    return {r.criterion_code: r for r in rows}


def test_reference_data_loads_tree_with_fields_levels_and_order(sqlite_engine, tmp_path):
    results = load_files(sqlite_engine, fm.write_reference(tmp_path), progress=False)
    assert [(r.kind, r.status, r.rows) for r in results] == [
        ("units", "loaded", 3),
        ("framework", "loaded", 17),
    ]
    rows = fm.fetch(
        sqlite_engine,
        "select code, field_code, level, is_leaf, max_points, method, evidence_required"
        " from criterion where year=2023 and group_code='so_nganh' order by sort_key",
    )
    assert [r.code for r in rows] == [c[0] for c in fm.SO_NGANH]
    by_code = {r.code: r for r in rows}
    assert tuple(by_code["1.1.1"])[1:] == ("1", 3, True, 1, "self", True)
    assert tuple(by_code["1.1"])[1:4] == ("1", 2, False)
    assert by_code["2.1.2"].max_points == 1.5
    assert by_code["3.2"].method == "survey"
    units = fm.fetch(
        sqlite_engine, "select code, name, group_code, province from unit order by code"
    )
    assert [tuple(u) for u in units] == sorted(fm.UNITS)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("cp1258", ";"), ("cp1258", "\t"), ("utf-8", "\t")],
)
def test_long_csv_in_every_encoding_and_delimiter(wh, tmp_path, encoding, delimiter):
    path = fm.write_csv(
        tmp_path / "diem.csv", fm.scores_rows(), encoding=encoding, delimiter=delimiter
    )
    result = load_file(wh, path)
    assert (result.kind, result.status, result.rows) == ("scores", "loaded", 7), result.problems
    stored = scores_of(wh)
    assert stored["1.1.1"].explanation == "Kế hoạch số 12/KH-SNV"
    assert unicodedata.is_normalized("NFC", stored["1.1.1"].appraisal_note)
    assert stored["1.1.1"].appraisal_note == "Thiếu tài liệu kiểm chứng"
    assert stored["2.1.2"].appraised_score == 0.75


def test_score_fact_is_denormalised_blank_is_null_and_survey_has_no_self(wh, tmp_path):
    load_file(wh, fm.write_xlsx(tmp_path / "diem.xlsx", fm.scores_rows()))
    stored = scores_of(wh)
    assert set(stored) == set(fm.SO_NGANH_LEAVES)  # parents are never stored
    leaf = stored["1.1.1"]
    assert (leaf.group_code, leaf.field_code, leaf.method, leaf.max_points) == (
        "so_nganh",
        "1",
        "self",
        1,
    )
    assert bool(leaf.evidence_required) is True
    survey = stored["3.1"]
    assert survey.self_score is None and survey.appraised_score == 1.8
    assert survey.method == "survey" and survey.evidence_count is None


def test_decimal_comma_not_applicable_and_blank(wh, tmp_path):
    scores = dict(fm.SCORES)
    scores["1.1.1"] = ("0,5", "0,25", "1", "có", None)
    scores["1.2"] = ("Không áp dụng", "KAD", None, None, None)
    scores["2.1.1"] = (None, None, None, None, None)  # not scored yet
    scores["2.1.2"] = ("-", "-", None, None, None)
    path = fm.write_csv(tmp_path / "diem.csv", fm.scores_rows(scores=scores), delimiter=";")
    assert load_file(wh, path).status == "loaded"
    stored = scores_of(wh)
    assert (stored["1.1.1"].self_score, stored["1.1.1"].appraised_score) == (0.5, 0.25)
    for code in ("1.2", "2.1.2"):
        assert not stored[code].applicable
        assert stored[code].self_score is None and stored[code].appraised_score is None
    blank = stored["2.1.1"]
    assert blank.applicable and blank.self_score is None and blank.appraised_score is None
    assert stored["1.1.1"].applicable


def test_nfd_text_is_stored_as_nfc(sqlite_engine, tmp_path):
    nfd = [[unicodedata.normalize("NFD", str(c)) for c in row] for row in fm.units_rows()]
    fm.write_csv(tmp_path / "units.csv", nfd)
    fm.write_xlsx(tmp_path / "framework.xlsx", fm.framework_rows())
    scores = dict(fm.SCORES)
    scores["1.1.1"] = (1, 1, 1, unicodedata.normalize("NFD", "Đã ban hành kế hoạch"), None)
    fm.write_xlsx(tmp_path / "diem.xlsx", fm.scores_rows(scores=scores))
    results = load_files(sqlite_engine, [tmp_path], progress=False)
    assert {r.status for r in results} == {"loaded"}, [r.problems for r in results]
    names = {r.name for r in fm.fetch(sqlite_engine, "select name from unit")}
    assert "Sở Nội vụ" in names and all(unicodedata.is_normalized("NFC", n) for n in names)
    assert scores_of(sqlite_engine)["1.1.1"].explanation == "Đã ban hành kế hoạch"


def test_folder_loads_in_dependency_order(sqlite_engine, tmp_path):
    """Scores named first still load: units and frameworks go before them, submissions last."""
    folder = tmp_path / "in"
    folder.mkdir()
    fm.write_csv(
        folder / "a_submissions.csv",
        [
            fm.SUBMISSIONS_HEADER,
            [2023, 1, "SNV", "04/12/2023 16:20", "có", "x"],
            [2023, 1, "STP", "", "0", ""],
        ],
    )
    fm.write_xlsx(folder / "b_scores.xlsx", fm.scores_rows())
    fm.write_xlsx(
        folder / "c_rounds.xlsx",
        [
            fm.ROUNDS_HEADER,
            [2023, 1, dt.datetime(2023, 10, 2, 7, 30), dt.datetime(2023, 10, 20, 17, 0)],
            [2023, 2, "28/11/2023 07:30", "2023-12-04T17:00:00"],
        ],
    )
    (folder / "notes.txt").write_text("not data")  # ignored inside a folder
    fm.write_reference(folder / "z_reference")
    results = load_files(sqlite_engine, [folder], progress=False)
    assert [r.kind for r in results] == ["units", "framework", "rounds", "scores", "submissions"]
    assert all(r.status == "loaded" for r in results), [r.problems for r in results]
    rounds = fm.fetch(
        sqlite_engine, "select round, opens_at, locks_at from assessment_round order by round"
    )
    assert str(rounds[1].opens_at).startswith("2023-11-28 07:30")
    assert str(rounds[1].locks_at).startswith("2023-12-04 17:00")
    assert str(rounds[0].opens_at).startswith("2023-10-02 07:30")
    subs = {r.unit_code: r for r in fm.fetch(sqlite_engine, "select * from submission")}
    assert str(subs["SNV"].sent_at).startswith("2023-12-04 16:20")
    assert subs["SNV"].report_attached and subs["SNV"].approved
    assert subs["STP"].sent_at is None and not subs["STP"].report_attached


def test_reloading_the_same_file_changes_nothing(wh, tmp_path):
    path = fm.write_xlsx(tmp_path / "diem.xlsx", fm.scores_rows())
    first = load_file(wh, path)
    before = fm.snapshot(wh)
    again = load_files(wh, [path, tmp_path / "diem.xlsx"], progress=False)
    assert [r.status for r in again] == ["already_loaded"]
    assert again[0].batch_id == first.batch_id and again[0].rows == 7
    assert fm.snapshot(wh) == before


def test_newer_export_replaces_the_units_round_and_history_keeps_both(wh, tmp_path):
    old = load_file(wh, fm.write_xlsx(tmp_path / "snv_v1.xlsx", fm.workbook_rows()))
    other = load_file(
        wh, fm.write_xlsx(tmp_path / "stp.xlsx", fm.workbook_rows(unit_name="Sở Tư pháp"))
    )
    scores = dict(fm.SCORES)
    scores["1.1.1"] = (1, 1, 3, "Bổ sung tài liệu", "Đạt")
    new = load_file(wh, fm.write_xlsx(tmp_path / "snv_v2.xlsx", fm.workbook_rows(scores=scores)))
    assert new.status == "loaded" and new.replaced_batches == [old.batch_id]
    assert scores_of(wh)["1.1.1"].appraised_score == 1
    assert scores_of(wh, "STP")["1.1.1"].appraised_score == 0.5  # other units untouched
    history = {r.id: r.status for r in fm.fetch(wh, "select id, status from load_batch")}
    assert history[old.batch_id] == "replaced"
    assert history[new.batch_id] == "loaded" and history[other.batch_id] == "loaded"
    batches = fm.fetch(wh, "select distinct batch_id from score_fact where unit_code='SNV'")
    assert [b.batch_id for b in batches] == [new.batch_id]
    # the older export again: already in the history, so nothing changes
    assert load_file(wh, tmp_path / "snv_v1.xlsx").status == "already_loaded"
    assert scores_of(wh)["1.1.1"].appraised_score == 1


def test_workbook_header_values_in_the_same_cell_and_messy_unit_name(wh, tmp_path):
    rows = fm.workbook_rows(round_=2)
    rows[1:4] = [["Đơn vị:  sở   NỘI VỤ"], ["Năm: 2023"], ["Lần:", "2"]]
    nfd_rows = [
        [unicodedata.normalize("NFD", c) if isinstance(c, str) else c for c in row] for row in rows
    ]
    result = load_file(wh, fm.write_xlsx(tmp_path / "export.xlsx", nfd_rows))
    assert (result.kind, result.status, result.rows) == ("workbook", "loaded", 7), result.problems
    batch = fm.fetch(
        wh, "select year, round, unit_code from load_batch where id=:i", i=result.batch_id
    )[0]
    assert tuple(batch) == (2023, 2, "SNV")
    assert scores_of(wh, round_=2)["2.1.1"].self_score == 1.5


def test_workbook_with_not_applicable_leaf_and_reduced_maxima(wh, tmp_path):
    """A not-applicable leaf may leave its parents' and the total's printed maximum."""
    rows = fm.workbook_rows_not_applicable()
    result = load_file(wh, fm.write_xlsx(tmp_path / "export.xlsx", rows))
    assert result.status == "loaded", result.problems
    assert not scores_of(wh)["1.2"].applicable


def test_workbook_total_row_named_in_the_criterion_column(wh, tmp_path):
    rows = fm.workbook_rows()
    total = rows[18]
    total[1], total[2] = None, "TỔNG CỘNG (I + II + III)"
    rows.append([None, "9.9", "Ghi chú sau bảng: không phải tiêu chí", None, None, None])
    result = load_file(wh, fm.write_xlsx(tmp_path / "export.xlsx", rows))
    assert (result.status, result.rows) == ("loaded", 7), result.problems
    total[5] = 1  # now the total disagrees with the leaves: it was checked
    assert load_file(wh, fm.write_xlsx(tmp_path / "bad.xlsx", rows)).status == "rejected"


@pytest.mark.parametrize("writer", [fm.write_xls, fm.write_ods])
def test_old_excel_and_opendocument_files(wh, tmp_path, writer):
    suffix = ".xls" if writer is fm.write_xls else ".ods"
    result = load_file(wh, writer(tmp_path / f"export{suffix}", fm.workbook_rows()))
    assert (result.kind, result.status, result.rows) == ("workbook", "loaded", 7), result.problems
    assert scores_of(wh)["2.1.2"].self_score == 1


def test_english_headers_in_any_case(wh, tmp_path):
    header = [
        "YEAR",
        "Round",
        "unit_code",
        "Criterion_Code",
        "self_score",
        "APPRAISED_SCORE",
        "evidence_count",
        "Explanation",
        "appraisal_note",
    ]
    rows = fm.scores_rows()
    rows[0] = header
    result = load_file(wh, fm.write_csv(tmp_path / "long.csv", rows))
    assert result.status == "loaded", result.problems


def test_parent_subtotal_rows_in_long_file_are_checked_not_stored(wh, tmp_path):
    rows = fm.scores_rows()
    rows.append([2023, 1, "SNV", "1.1", 2, 1.5, None, None, None])
    result = load_file(wh, fm.write_csv(tmp_path / "long.csv", rows))
    assert (result.status, result.rows) == ("loaded", 7)
    assert "1.1" not in scores_of(wh)


def test_framework_reload_with_same_leaves_replaces_it(wh, tmp_path):
    load_file(wh, fm.write_xlsx(tmp_path / "diem.xlsx", fm.scores_rows()))
    rows = fm.framework_rows()
    rows[1][4] = "Công tác chỉ đạo, điều hành cải cách hành chính"  # a renamed field
    result = load_file(wh, fm.write_csv(tmp_path / "framework_v2.csv", rows))
    assert result.status == "loaded", result.problems
    names = fm.fetch(wh, "select name from criterion where code='1' and group_code='so_nganh'")
    assert names[0].name == "Công tác chỉ đạo, điều hành cải cách hành chính"


@pytest.mark.postgres
def test_same_loads_on_postgres(engine, tmp_path):
    """Reference data, a long file, a workbook replacing it, an idempotent reload."""
    fm.load_reference(engine, tmp_path / "ref")
    first = load_file(engine, fm.write_csv(tmp_path / "long.csv", fm.scores_rows(), delimiter=";"))
    assert first.status == "loaded", first.problems
    scores = dict(fm.SCORES)
    scores["1.2"] = ("KAD", "KAD", None, None, None)
    rows = fm.workbook_rows(scores=scores)
    second = load_file(engine, fm.write_xlsx(tmp_path / "export.xlsx", rows))
    assert second.status == "loaded" and second.replaced_batches == [first.batch_id]
    stored = scores_of(engine)
    assert not stored["1.2"].applicable and stored["2.1.2"].appraised_score == 0.75
    before = fm.snapshot(engine)
    assert load_file(engine, tmp_path / "export.xlsx").status == "already_loaded"
    assert fm.snapshot(engine) == before


def test_result_paths_are_the_files(wh, tmp_path):
    path = fm.write_csv(tmp_path / "long.csv", fm.scores_rows())
    assert load_files(wh, [str(path)], progress=False)[0].path == Path(str(path))


def test_units_and_rounds_are_upserted(wh, tmp_path):
    rows = fm.units_rows()
    rows[1][1] = "Sở Nội vụ tỉnh Sóc Trăng"
    rows.append(["HMT", "Huyện Mỹ Tú", "huyen", "Sóc Trăng"])
    assert load_file(wh, fm.write_csv(tmp_path / "units_v2.csv", rows)).status == "loaded"
    units = {r.code: r.name for r in fm.fetch(wh, "select code, name from unit")}
    assert units["SNV"] == "Sở Nội vụ tỉnh Sóc Trăng" and units["HMT"] == "Huyện Mỹ Tú"
    assert len(units) == 4
    header = fm.ROUNDS_HEADER
    fm.write_csv(tmp_path / "r1.csv", [header, [2023, 1, "02/10/2023 07:30", ""]])
    fm.write_csv(tmp_path / "r2.csv", [header, [2023, 1, "02/10/2023 07:30", "20/10/2023 17:00"]])
    load_files(wh, [tmp_path / "r1.csv", tmp_path / "r2.csv"], progress=False)
    [stored] = fm.fetch(wh, "select locks_at from assessment_round")
    assert str(stored.locks_at).startswith("2023-10-20 17:00")
