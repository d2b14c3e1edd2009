"""Pulling score rows from a real PostgreSQL source into a SQLite warehouse."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from etl.pull import pull
from tests import filemakers as fm
from tests.services import create_database

pytestmark = pytest.mark.postgres

QUERY = """
select nam as "Năm", lan as "Lần", ma_dv as "Mã đơn vị", ma_tc as "Mã tiêu chí",
       tu_cham as "Điểm tự chấm", tham_dinh as "Điểm thẩm định", so_tlkc as "Số TLKC",
       giai_trinh as "Giải trình", y_kien as "Ý kiến thẩm định"
from ket_qua order by ma_dv, ma_tc
"""


@pytest.fixture
def source(pg_base_url):
    """The scoring software's database: a table of scores with NUMERIC columns."""
    url = create_database(pg_base_url)
    engine = sa.create_engine(url)
    fm.write_scoring_source(
        engine,
        "nam int, lan int, ma_dv text, ma_tc text, tu_cham numeric(6,2), tham_dinh numeric(6,2),"
        " so_tlkc int, giai_trinh text, y_kien text",
    )
    yield url, engine
    engine.dispose()


@pytest.fixture
def wh(sqlite_engine, tmp_path):
    fm.load_reference(sqlite_engine, tmp_path / "ref")
    return sqlite_engine


def test_pull_loads_like_a_long_file_and_is_idempotent(wh, source):
    url, _engine = source
    result = pull(wh, url, QUERY, label="phan-mem-cham-diem")
    assert (result.kind, result.status, result.rows) == ("sql", "loaded", 7), result.problems
    rows = {
        r.criterion_code: r
        for r in fm.fetch(wh, "select * from score_fact where unit_code='STP' and round=2")
    }
    assert rows["2.1.2"].appraised_score == 0.75 and rows["3.1"].self_score is None
    assert rows["1.1.1"].explanation == "Kế hoạch số 12/KH-SNV"
    batch = fm.fetch(
        wh,
        "select kind, file_name, year, round, unit_code from load_batch where id=:i",
        i=result.batch_id,
    )[0]
    assert tuple(batch) == ("sql", "phan-mem-cham-diem", 2023, 2, "STP")
    before = fm.snapshot(wh)
    again = pull(wh, url, QUERY, label="phan-mem-cham-diem")
    assert again.status == "already_loaded" and again.batch_id == result.batch_id
    assert fm.snapshot(wh) == before


def test_pull_changed_rows_replace_the_round(wh, source):
    url, engine = source
    first = pull(wh, url, QUERY, label="src")
    with engine.begin() as conn:
        conn.execute(sa.text("update ket_qua set tham_dinh = 1 where ma_tc = '1.1.1'"))
    second = pull(wh, url, QUERY, label="src")
    assert second.status == "loaded" and second.replaced_batches == [first.batch_id]
    value = fm.fetch(wh, "select appraised_score from score_fact where criterion_code='1.1.1'")
    assert [v.appraised_score for v in value] == [1]


def test_pull_validates_rows_and_writes_nothing(wh, source):
    url, engine = source
    with engine.begin() as conn:
        conn.execute(sa.text("update ket_qua set tu_cham = 9 where ma_tc = '1.2'"))
    before = fm.snapshot(wh)
    result = pull(wh, url, QUERY, label="src")
    assert result.status == "rejected"
    problem = result.problems[0]
    # rows are numbered as in the query result (1 = first row); 1.2 is the third by code
    assert (problem.row, problem.column, problem.value) == (3, "Điểm tự chấm", "9")
    assert "score above the maximum 2" in problem.reason_en
    assert fm.snapshot(wh) == before


def test_pull_reports_a_failing_query_and_missing_columns(wh, source):
    url, _engine = source
    failed = pull(wh, url, "select * from khong_co_bang", label="src")
    assert failed.status == "rejected" and "query failed" in failed.problems[0].reason_en
    partial = pull(
        wh, url, "select nam as year, lan as round, ma_dv as unit_code from ket_qua", label="src"
    )
    assert partial.status == "rejected"
    assert any("criterion_code" in p.reason_en for p in partial.problems)
    empty = pull(wh, url, QUERY.replace("order by", "where false order by"), label="src")
    assert empty.status == "rejected" and "no rows" in empty.problems[0].reason_en
