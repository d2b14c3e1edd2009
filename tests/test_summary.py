"""The unit summaries stay equal to a fresh sum over score_fact, and the queries read them.

The expected summary is recomputed here in Python from the leaf rows of ``score_fact`` (not
with the ETL's SQL), after real loads on SQLite and PostgreSQL: long files, unit workbooks,
a SQL pull, a newer workbook replacing a unit's round, and rejected files.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Engine, event

from dashboard import queries
from etl.db import get_engine
from etl.kinds import KINDS, SQL_KIND
from etl.kinds.scoring import write_scores
from etl.load import FileResult, load_file
from etl.pull import pull
from etl.schema import SUMMARY_MEASURES, score_fact, unit_field_summary, unit_summary
from etl.summary import SCORE_BATCH_KINDS, rebuild_summary, summary_in_step
from tests import filemakers as fm
from tests.test_queries import SNAPSHOTS
from tests.warehouse_builder import Leaf, build_scenario

Summary = dict[tuple[Any, ...], tuple[Any, ...]]

# --- the expected summary, from the leaf rows --------------------------------------------------


def _milli(points: Any) -> int:
    return int(Decimal(str(points)) * 1000)


def _leaf_measures(leaf: Any) -> dict[str, int]:
    """What one leaf row adds to each measure (the rules of dashboard/metrics.py)."""
    applicable = bool(leaf.applicable)
    own = applicable and leaf.method == "self"  # self-scored and applicable
    has_self, has_appraised = leaf.self_score is not None, leaf.appraised_score is not None
    both = own and has_self and has_appraised
    positive = applicable and has_self and leaf.self_score > 0
    explained = (leaf.explanation or "").strip(" ") != ""
    return {
        "max_all_milli": _milli(leaf.max_points) if applicable else 0,
        "max_self_milli": _milli(leaf.max_points) if own else 0,
        "appraised_all_milli": _milli(leaf.appraised_score) if applicable and has_appraised else 0,
        "appraised_self_milli": _milli(leaf.appraised_score) if own and has_appraised else 0,
        "self_milli": _milli(leaf.self_score) if own and has_self else 0,
        "gap_milli": _milli(leaf.self_score) - _milli(leaf.appraised_score) if both else 0,
        "n_leaves": applicable,
        "n_self_leaves": own,
        "n_self_scored": own and has_self,
        "n_appraised": applicable and has_appraised,
        "n_appraised_self": own and has_appraised,
        "n_both": both,
        "n_evidence_required": own and bool(leaf.evidence_required),
        "n_missing_evidence": positive and bool(leaf.evidence_required) and not leaf.evidence_count,
        "n_self_positive": positive,
        "n_missing_explanation": positive and not explained,
        "n_explained": applicable and explained,
    }


def expected(engine: Engine, with_field: bool) -> Summary:
    """``{(year, round, unit[, field]): (group, max_batch_id, *measures)}`` from score_fact."""
    sums: dict[tuple[Any, ...], dict[str, Any]] = {}
    with engine.connect() as conn:
        for leaf in conn.execute(sa.select(score_fact)):
            key = (leaf.year, leaf.round, leaf.unit_code)
            key = (*key, leaf.field_code) if with_field else key
            row = sums.setdefault(key, {"group": leaf.group_code, "batch": 0})
            row["batch"] = max(row["batch"], leaf.batch_id)
            for name, value in _leaf_measures(leaf).items():
                row[name] = row.get(name, 0) + int(value)
    return {
        key: (row["group"], row["batch"], *(row[m] for m in SUMMARY_MEASURES))
        for key, row in sums.items()
    }


def stored(engine: Engine, table: sa.Table) -> Summary:
    keys = [c.name for c in table.primary_key.columns]
    values = ["group_code", "max_batch_id", *SUMMARY_MEASURES]
    with engine.connect() as conn:
        rows = conn.execute(sa.select(*(table.c[n] for n in keys + values)))
        return {tuple(r[: len(keys)]): tuple(r[len(keys) :]) for r in rows}


def measures(engine: Engine, unit: str, year: int = 2023, round_: int = 1) -> dict[str, Any]:
    """One unit's ``unit_summary`` row by column name."""
    row = stored(engine, unit_summary)[(year, round_, unit)]
    return dict(zip(["group_code", "max_batch_id", *SUMMARY_MEASURES], row, strict=True))


def assert_in_step(engine: Engine) -> None:
    assert stored(engine, unit_summary) == expected(engine, with_field=False)
    assert stored(engine, unit_field_summary) == expected(engine, with_field=True)


# --- loads -------------------------------------------------------------------------------------


def loaded(engine: Engine, path: Path) -> FileResult:
    result = load_file(engine, path)
    assert result.status == "loaded", result.problems
    return result


def _pull_source(tmp_path: Path) -> str:
    """A scoring-software database (SQLite) holding Sở Tư pháp's round 2."""
    url = f"sqlite:///{tmp_path / 'phan_mem.db'}"
    source = sa.create_engine(url)
    fm.write_scoring_source(
        source,
        '"Năm" int, "Lần" int, "Mã đơn vị" text, "Mã tiêu chí" text, "Điểm tự chấm" real,'
        ' "Điểm thẩm định" real, "Số TLKC" int, "Giải trình" text, "Ý kiến thẩm định" text',
    )
    source.dispose()
    return url


HUYEN_SCORES = {
    "1.1": (3, 2.5, 0, "Kế hoạch số 5/KH-UBND", None),
    "1.2": (2, 2, 1, "  ", None),
    "2.1": (None, 4.25, None, None, None),
}


def test_summary_follows_loads_replacements_and_rejections(engine: Engine, tmp_path: Path):
    fm.load_reference(engine, tmp_path / "ref")
    assert_in_step(engine)  # no scores yet: no summary rows
    long_rows = fm.scores_rows() + fm.scores_rows(unit="STP")[1:]
    loaded(engine, fm.write_csv(tmp_path / "diem.csv", long_rows))
    loaded(engine, fm.write_xlsx(tmp_path / "snv_r2.xlsx", fm.workbook_rows(round_=2)))
    huyen = fm.workbook_rows("Huyện Châu Thành", scores=HUYEN_SCORES, group="huyen")
    loaded(engine, fm.write_xlsx(tmp_path / "hct.xlsx", huyen))
    pulled = pull(engine, _pull_source(tmp_path), "select * from ket_qua", label="phan-mem")
    assert pulled.status == "loaded", pulled.problems
    assert_in_step(engine)
    snv = measures(engine, "SNV")
    # maxima 4 + 3 + 3 (self-scored 7); appraised 0.5 + 1 + 1.5 + 1.5 + 0.75 + 1.8 + 0.9
    assert (snv["max_all_milli"], snv["max_self_milli"], snv["appraised_all_milli"]) == (
        10000,
        7000,
        7950,
    )
    assert snv["gap_milli"] == 6500 - 5250 and snv["n_missing_evidence"] == 1  # 1.2: none

    # a newer workbook for the same unit and round replaces it: 1.2 not applicable, 1.1.1 = 1
    rows = fm.workbook_rows_not_applicable(
        dict(fm.SCORES) | {"1.1.1": (1, 1, 3, "Bổ sung tài liệu", "Đạt")}
    )
    replacing = loaded(engine, fm.write_xlsx(tmp_path / "snv_v2.xlsx", rows))
    assert_in_step(engine)
    snv = measures(engine, "SNV")
    assert snv["max_batch_id"] == replacing.batch_id
    # 1.2 (max 2, appraised 1.5, no evidence) left the unit; 1.1.1 appraised +0.5
    assert (snv["max_all_milli"], snv["appraised_all_milli"], snv["n_missing_evidence"]) == (
        8000,
        6950,
        0,
    )
    assert measures(engine, "STP")["appraised_all_milli"] == 7950  # other units untouched

    # rejected files (one half-valid, one with a subtotal that disagrees) change nothing
    before = (stored(engine, unit_summary), stored(engine, unit_field_summary))
    bad = fm.scores_rows(unit="STP", round_=1)
    bad[3][5] = 7  # 1.2 appraised above its maximum 2
    for path in (
        fm.write_xlsx(tmp_path / "bad.xlsx", bad),
        fm.write_xlsx(tmp_path / "bad_total.xlsx", [*rows[:-3], [None, "Tổng cộng", None, 8, 1]]),
    ):
        assert load_file(engine, path, record_rejected=True).status == "rejected"
    assert (stored(engine, unit_summary), stored(engine, unit_field_summary)) == before
    assert_in_step(engine)
    with engine.connect() as conn:  # the recorded rejections do not make the queries doubt it
        assert summary_in_step(conn, unit_summary) and summary_in_step(conn, unit_field_summary)


def test_the_kinds_that_write_scores_are_the_ones_the_check_watches():
    writers = {name for name, kind in KINDS.items() if kind.write is write_scores}
    assert {*writers, SQL_KIND} == set(SCORE_BATCH_KINDS)


# --- queries: the same answers from the summaries ----------------------------------------------


def _statements(engine: Engine, calls: Callable[[], None]) -> list[str]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        calls()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def _answers(engine: Engine) -> dict[str, Any]:
    queries.configure_cache(None)  # rebuilding keeps the data version: drop cached answers
    out = {name: snapshot(engine) for name, snapshot in SNAPSHOTS.items()}
    out["evidence_by_field"] = queries.evidence_matrix(engine, 2023, 1, level="field")
    out["field_unit_scores"] = queries.unit_scores(engine, 2023, 2, field_code="2")
    out["unit_evidence"] = queries.unit_evidence(engine, 2023, 1, field_code="1")
    out["rankings_2024"] = queries.rankings(engine, 2024, 1)
    return out


def _assert_same(left: dict[str, Any], right: dict[str, Any]) -> None:
    assert left.keys() == right.keys()
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], check_exact=True, obj=name)


def test_queries_answer_the_same_from_the_summaries(engine: Engine):
    build_scenario(engine)  # written around the ETL: the summaries lag, queries read leaves
    from_leaves = _answers(engine)
    rebuild_summary(engine)
    assert_in_step(engine)
    seen = _statements(engine, lambda: _answers(engine))
    assert any("FROM unit_summary" in s for s in seen)
    assert any("FROM unit_field_summary" in s for s in seen)
    _assert_same(from_leaves, _answers(engine))
    queries.configure_cache(None)
    unit_level = _statements(
        engine, lambda: (queries.unit_history(engine, "A"), queries.rankings(engine, 2023, 2))
    )
    assert not [s for s in unit_level if "FROM score_fact" in s]


def test_a_lagging_summary_is_never_read(engine: Engine):
    builder = build_scenario(engine)
    rebuild_summary(engine)
    builder.scores(2024, 1, "B", {"1.1.1": Leaf(4, 3), "1.2": Leaf(10, 9)})  # around the ETL
    queries.configure_cache(None)
    table = queries.rankings(engine, 2024, 1, score="self")
    assert table.set_index("unit_code").loc["B", "index"] == 100.0
    assert stored(engine, unit_summary) != expected(engine, with_field=False)


def test_an_old_warehouse_upgrades_when_opened(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = get_engine(url)
    build_scenario(engine)
    for table in (unit_field_summary, unit_summary):
        table.drop(engine)  # as made before the summaries existed
    with engine.begin() as conn:  # and before migrations
        conn.execute(sa.text("DROP TABLE alembic_version"))
    engine.dispose()
    old = get_engine(url, create=False)  # not upgraded: the queries read the leaves
    queries.configure_cache(None)
    before = queries.unit_history(old, "A")
    assert before["rank"].tolist()[:3] == [1, 5, 4]  # 2022, 2023 rounds 1 and 2
    old.dispose()
    upgraded = get_engine(url)
    assert_in_step(upgraded)
    queries.configure_cache(None)
    pd.testing.assert_frame_equal(queries.unit_history(upgraded, "A"), before, check_exact=True)
    upgraded.dispose()
