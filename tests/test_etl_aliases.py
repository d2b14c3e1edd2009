"""Exports from other versions of the scoring software: other header wordings, evidence as a
list of documents instead of a count."""

from __future__ import annotations

import pytest

import tests.filemakers as fm
from etl import kinds
from etl.kinds import KINDS
from etl.load import load_file
from tests.test_etl_load import scores_of

OTHER_HEADERS = [
    "Số TT", "Mã tiêu chí", "Nội dung", "Điểm tối đa", "Tự chấm", "Thẩm định",
    "Tài liệu kiểm chứng", "Giải trình của đơn vị", "Ý kiến của cơ quan thẩm định",
]  # fmt: skip


@pytest.fixture
def wh(sqlite_engine, tmp_path):
    fm.load_reference(sqlite_engine, tmp_path / "ref")
    return sqlite_engine


def test_other_header_wordings_and_listed_evidence_documents(wh, tmp_path):
    rows = fm.workbook_rows()
    header = rows.index(next(r for r in rows if r and r[0] == "STT"))
    rows[header] = OTHER_HEADERS
    documents = {
        "1.1.1": "KH số 12/KH-SNV.pdf\nQĐ số 5/QĐ-SNV.pdf",
        "1.1.2": "BC 45/BC-SNV.pdf; Phụ lục 1.xlsx; Phụ lục 2.xlsx",
        "1.2": None,
    }
    for row in rows[header + 1 :]:
        if len(row) > 6 and row[1] in documents:
            row[6] = documents[row[1]]
    result = load_file(wh, fm.write_xlsx(tmp_path / "export.xlsx", rows))
    assert (result.kind, result.status) == ("workbook", "loaded"), result.problems
    scores = scores_of(wh)
    assert scores["1.1.1"].evidence_count == 2
    assert scores["1.1.2"].evidence_count == 3
    assert scores["1.2"].evidence_count is None  # blank: no document, missing evidence
    assert scores["1.1.1"].self_score == 1 and scores["1.1.1"].appraised_score == 0.5
    assert scores["1.1.1"].explanation == "Kế hoạch số 12/KH-SNV"
    assert scores["1.1.1"].appraisal_note == "Thiếu tài liệu kiểm chứng"


def test_text_in_the_evidence_count_column_is_still_rejected(wh, tmp_path):
    rows = fm.workbook_rows()
    header = rows.index(next(r for r in rows if r and r[0] == "STT"))
    for row in rows[header + 1 :]:
        if len(row) > 6 and row[1] == "1.1.1":
            row[6] = "hai"
    result = load_file(wh, fm.write_xlsx(tmp_path / "export.xlsx", rows))
    assert result.status == "rejected"
    assert any(p.column == "Số TLKC" and p.value == "hai" for p in result.problems)


def test_two_row_header_with_merged_score_cells(wh, tmp_path):
    """`Điểm` over two sub-columns `Tự chấm | Thẩm định`, as exported under merged cells."""
    rows = fm.workbook_rows()
    header = rows.index(next(r for r in rows if r and r[0] == "STT"))
    top = ["STT", "Mã tiêu chí", "Tiêu chí", "Điểm tối đa", "Điểm", None, "Số TLKC",
           "Giải trình", "Ý kiến thẩm định"]  # fmt: skip
    below = [None, None, None, None, "Tự chấm", "Thẩm định", None, None, None]
    rows[header : header + 1] = [top, below]
    result = load_file(wh, fm.write_xlsx(tmp_path / "export.xlsx", rows))
    assert (result.kind, result.status) == ("workbook", "loaded"), result.problems
    scores = scores_of(wh)
    assert (scores["1.1.1"].self_score, scores["1.1.1"].appraised_score) == (1, 0.5)
    assert scores["1.1.1"].evidence_count == 2


def test_two_row_header_problems_name_the_sub_header(wh, tmp_path):
    rows = fm.workbook_rows()
    header = rows.index(next(r for r in rows if r and r[0] == "STT"))
    rows[header : header + 1] = [
        ["STT", "Mã tiêu chí", "Tiêu chí", "Điểm tối đa", "Điểm", None, "Số TLKC"],
        [None, None, None, None, "Tự chấm", "Thẩm định", None],
    ]
    for row in rows[header + 2 :]:
        if len(row) > 4 and row[1] == "1.1.1":
            row[4] = 7
    result = load_file(wh, fm.write_xlsx(tmp_path / "export.xlsx", rows))
    assert result.status == "rejected"
    assert any(p.column == "Tự chấm" and p.value == "7" for p in result.problems), result.problems


def test_header_block_in_other_wordings(wh, tmp_path):
    rows = fm.workbook_rows(round_=2)
    rows[1:4] = [["Cơ quan, đơn vị:", "Sở Nội vụ"], ["Năm đánh giá:", 2023], ["Lần đánh giá:", 2]]
    result = load_file(wh, fm.write_xlsx(tmp_path / "export.xlsx", rows))
    assert (result.kind, result.status) == ("workbook", "loaded"), result.problems
    assert scores_of(wh, round_=2)["1.1.1"].self_score == 1


@pytest.mark.parametrize("name", sorted(KINDS))
def test_each_kinds_header_row_reads_back_as_its_own_columns(name):
    """``HEADERS`` (what the demo and these tests write) is matched column by column."""
    module = getattr(kinds, name)
    found = module.LAYOUT.match(module.HEADERS)
    assert sorted(found.values()) == list(range(len(module.HEADERS)))
    assert module.LAYOUT.recognises(found)


def test_a_header_row_takes_only_a_kinds_columns_and_their_real_names():
    layout = kinds.workbook.LAYOUT
    assert layout.headers("stt", "name", name="Tiêu chí") == ("STT", "Tiêu chí")
    with pytest.raises(ValueError, match="not a header of the column 'name'"):
        layout.headers("stt", "name", name="Tên đơn vị")
    with pytest.raises(ValueError, match="unit_code"):
        layout.headers("unit_code")
    with pytest.raises(ValueError, match="name"):
        layout.headers("stt", name="Tiêu chí")  # a wording for a column not in the row
