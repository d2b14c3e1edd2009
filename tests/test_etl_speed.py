"""The fast paths of a long scores load store exactly what the per-row paths store.

Three shortcuts make a national load fast: ``etl.kinds.fastscores`` reads a clean scores file a
column at a time, ``etl.csvfile`` parses a CSV from its whole text, and ``etl.kinds.summing``
sums the unit summaries from the rows in memory.  Each is compared here with what it
shortcuts (the flags ``fastscores.ENABLED`` and ``csvfile.WHOLE_FILE`` send every file down
the per-row paths; ``etl.summary`` rebuilds the summaries in SQL): the same warehouse, row for
row, on the national demo and on files full of edge cases (with a rejected, an unreadable and
an already loaded file among them), on SQLite and PostgreSQL; the same rejection, naming the
same cell, for a file with one bad cell deep inside.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from demo.national import write_national
from etl import csvfile
from etl.db import get_engine
from etl.errors import FileRejected, show_value
from etl.kinds import fastscores, scores
from etl.kinds.summing import ROW_COLUMNS, summarise
from etl.kinds.writing import insert_columns
from etl.load import FileResult, load_files
from etl.schema import (
    load_batch,
    metadata,
    score_fact,
    unit,
    unit_field_summary,
    unit_summary,
)
from etl.summary import rebuild_summary
from tests import filemakers as fm
from tests.services import create_database

# --- helpers ---------------------------------------------------------------------------------


@contextmanager
def per_row_paths() -> Iterator[None]:
    """Every file read line by line and row by row, as before the fast paths."""
    saved = fastscores.ENABLED, csvfile.WHOLE_FILE
    fastscores.ENABLED, csvfile.WHOLE_FILE = False, False
    try:
        yield
    finally:
        fastscores.ENABLED, csvfile.WHOLE_FILE = saved


@contextmanager
def counting_fast_plans() -> Iterator[list[str]]:
    """The files whose scores the fast path read (a plan, not a give-up)."""
    read: list[str] = []
    original = scores.parse_fast

    def counted(table: Any, ref: Any) -> Any:
        plan = original(table, ref)
        if plan is not None:
            read.append(table.file)
        return plan

    scores.parse_fast = counted
    try:
        yield read
    finally:
        scores.parse_fast = original


def warehouse(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the ETL writes, in key order (``loaded_at`` aside)."""
    out = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name in ("app_user", "audit_log"):
                continue
            columns = [c for c in table.columns if c.name != "loaded_at"]
            order = list(table.primary_key.columns)
            out[table.name] = [tuple(r) for r in conn.execute(sa.select(*columns).order_by(*order))]
    return out


def outcome(results: list[FileResult]) -> list[tuple[Any, ...]]:
    return [
        (
            r.path.name,
            r.kind,
            r.status,
            r.rows,
            r.batch_id,
            r.replaced_batches,
            r.problems,
            r.changes,
        )
        for r in results
    ]


def summaries(engine: Engine) -> list[list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return [
            sorted(tuple(r) for r in conn.execute(sa.select(table)))
            for table in (unit_summary, unit_field_summary)
        ]


def assert_summaries_as_sql(engine: Engine) -> None:
    """The summaries the loads left are those ``etl.summary``'s SQL computes."""
    loaded = summaries(engine)
    rebuild_summary(engine)
    assert summaries(engine) == loaded


def load_twice(
    make_engine: Callable[[str], Engine], runs: list[list[Path]]
) -> tuple[Engine, Engine, list[list[tuple[Any, ...]]]]:
    """Load each run of files with the fast paths and with the per-row paths into two new
    warehouses; both give the same results and the same warehouse.  The fast one is returned
    with the list of the fast results."""
    fast, slow = make_engine("fast"), make_engine("slow")
    fast_results = [outcome(load_files(fast, files, progress=False)) for files in runs]
    with per_row_paths():
        slow_results = [outcome(load_files(slow, files, progress=False)) for files in runs]
    assert fast_results == slow_results
    assert warehouse(fast) == warehouse(slow)
    return fast, slow, fast_results


@pytest.fixture(params=["sqlite", "postgres"])
def make_engine(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[str], Engine]]:
    """New warehouses on one backend."""
    engines: list[Engine] = []
    server = request.getfixturevalue("pg_base_url") if request.param == "postgres" else None

    def make(name: str) -> Engine:
        path = tmp_path / f"{name}.db"
        engines.append(
            get_engine(f"sqlite:///{path}" if server is None else create_database(server))
        )
        return engines[-1]

    yield make
    for engine in engines:
        engine.dispose()


# --- the national demo -------------------------------------------------------------------------


def test_national_demo_stores_the_same_by_both_paths(tmp_path: Path):
    files = write_national(tmp_path / "files", provinces=1)
    with counting_fast_plans() as read:
        fast, _slow, results = load_twice(
            lambda name: get_engine(f"sqlite:///{tmp_path / f'{name}.db'}"), [files]
        )
    score_files = [name for name, kind, status, *_ in results[0] if kind == "scores"]
    assert score_files and all(status == "loaded" for _n, _k, status, *_ in results[0])
    assert sorted(read) == sorted(score_files)  # the fast path read every one
    assert_summaries_as_sql(fast)


# --- edge cases ------------------------------------------------------------------------------

NFD = unicodedata.normalize("NFD", "Đã ban hành Kế hoạch số 12/KH-SNV, đạt yêu cầu")
EDGE_SCORES: dict[str, tuple[Any, ...]] = {
    "1.1.1": ("0,5", "0.50", "2", NFD, "  Thiếu tài liệu kiểm chứng  "),
    "1.1.2": ("1", "-0", "", "Báo cáo\nkết quả\u200b thực hiện", ""),
    "1.2": ("Không áp dụng", "KAD", "", "", "Không áp dụng cho đơn vị"),
    "2.1.1": ("1,25", "0,0000000001", " 3 ", "Tỷ lệ 98%", None),
    "2.1.2": ("-", "N/A", "0", "\u202aCó văn bản xin lỗi\u202c", None),
    "3.1": ("", "1,8", "", None, None),
    "3.2": ("", "", "", None, None),
}


def edge_rows(unit: str = "SNV", round_: int = 1, *, invisible: bool = True) -> list[list[Any]]:
    """A long scores file full of what the exports hold: decimal commas, not-applicable marks,
    empty cells, NFD text, spaces, line breaks, zero-width and bidi characters, ``-0``, a
    year written ``2023.0``, subtotal rows that add up, blank rows."""
    rows = fm.scores_rows(unit, round_=round_, scores=EDGE_SCORES)
    if not invisible:  # Windows-1258 has no such characters
        rows = [[_visible(cell) for cell in row] for row in rows]
    rows[2][0] = "2023.0"
    rows.insert(3, ["", "", "", "", "", "", "", "", ""])  # a blank row
    rows.append(["2023", str(round_), unit, "1.1", "1,5", "0,5", "", "Cộng 1.1", ""])
    rows.append(["2023", str(round_), unit, "2", "1.25", "", "", "", ""])
    rows.append([" ", "", "", "", "", "", "", "", ""])
    return rows


def _visible(cell: Any) -> Any:
    if not isinstance(cell, str):
        return cell
    return cell.translate({ord(c): None for c in "\u200b\u202a\u202c"})


def edge_files(folder: Path) -> list[list[Path]]:
    """Runs of files: reference data; the edge file in UTF-8, cp1258 and as .xlsx; then a
    partial reload that changes, keeps and adds scores (the change report, the history)."""
    folder.mkdir()
    other = [r[:] for r in fm.scores_rows("STP", round_=2)]
    documents = [
        [*r[:6], r[6] if i == 0 else "QĐ 12/QĐ-STP\nKH 3/KH-STP", *r[7:]]
        for i, r in enumerate(fm.scores_rows("STP", round_=3))
    ]
    documents[0][6] = "Tài liệu kiểm chứng"
    documents[1][7] = "Kế hoạch số 12/KH-STP "  # NFC and printable, but a space at the end
    partial = fm.scores_rows(
        "SNV", scores={"1.1.1": (1, 1, 3, "Bổ sung", "Đạt"), "1.2": (2, 2, 1, None, None)}
    )
    bad = edge_rows("STP", 5)
    bad[6][5] = "2,5x"  # not a number
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    edge = fm.write_csv(folder / "edge.csv", edge_rows())
    return [
        fm.write_reference(folder / "ref"),
        [
            edge,
            fm.write_csv(
                folder / "edge_1258.csv", edge_rows("STP", invisible=False), encoding="cp1258"
            ),
            fm.write_csv(
                folder / "edge_bom.csv", edge_rows("STP", 4), encoding="utf-8-sig", delimiter=";"
            ),
            fm.write_csv(folder / "bad.csv", bad),
            folder / "broken.xlsx",
            fm.write_xlsx(folder / "other.xlsx", other),
            fm.write_csv(folder / "documents.csv", documents),
            fm.write_csv(folder / "edge_again.csv", edge_rows()),  # the same bytes: skipped
        ],
        [fm.write_csv(folder / "partial.csv", partial)],
    ]


def test_edge_files_store_the_same_by_both_paths(make_engine, tmp_path: Path):
    runs = edge_files(tmp_path / "files")
    with counting_fast_plans() as read:
        fast, _slow, results = load_twice(make_engine, runs)
    statuses = {name: status for run in results for name, _k, status, *_ in run}
    assert statuses.pop("bad.csv") == statuses.pop("broken.xlsx") == "rejected"
    assert statuses.pop("edge_again.csv") == "already_loaded"
    assert set(statuses.values()) == {"loaded"}, statuses
    assert {"edge.csv", "edge_1258.csv", "edge_bom.csv", "other.xlsx", "partial.csv"} <= set(read)
    assert results[2][0][-1], "the partial reload reports the scores it changed"
    assert_summaries_as_sql(fast)


# --- a bad cell deep inside: the same message --------------------------------------------------

BAD_CELLS = {
    "not a number": (4, "2,5x"),
    "above the maximum": (5, "99"),
    "unknown unit": (2, "P01-KHONG-CO"),
    "unknown criterion": (3, "9.9.9"),
    "empty required cell": (1, ""),
    "hidden character": (2, "P01\u202e-VPUB"),
    "implausible year": (0, "1789"),
    "negative count": (6, "-1"),
}


@pytest.mark.parametrize("case", BAD_CELLS)
def test_one_bad_cell_deep_inside_is_named_as_before(tmp_path: Path, case: str):
    files = write_national(tmp_path / "files", provinces=1)
    reference = [f for f in files if "diem_" not in f.name and "submissions" not in f.name]
    target = next(f for f in files if "diem_" in f.name)
    rows = csvfile.read_csv(target)
    deep = len(rows) - 123  # far from the start
    column, value = BAD_CELLS[case]
    rows[deep][column] = value
    bad = fm.write_csv(tmp_path / "bad.csv", rows)
    engine = get_engine(f"sqlite:///{tmp_path / 'w.db'}")
    assert {r.status for r in load_files(engine, reference, progress=False)} == {"loaded"}
    before = warehouse(engine)
    fast = load_files(engine, [bad], progress=False)[0]
    with per_row_paths():
        slow = load_files(engine, [bad], progress=False)[0]
    assert fast.status == slow.status == "rejected"
    assert fast.problems == slow.problems
    assert warehouse(engine) == before
    problem = fast.problems[0]
    header = rows[0][column]
    assert (problem.file, problem.row, problem.column) == ("bad.csv", deep + 1, header)
    assert problem.value == show_value(value) and problem.reason_vi and problem.reason_en


# --- the CSV reader: the whole text gives the same rows or the same rejection -----------------

CSV_BYTES = {
    "NFD and CRLF": fm.csv_text([["a", NFD], ["b", "Sở Nội vụ"]]).encode(),
    "a line starting with a combining mark": "a,b\n\u0301x,y\r\u0323z,w\n".encode(),
    "quoted line breaks": b'a,"x\r\ny"\r\nb,"\rz"\n',
    "BOM and semicolons": "\ufeffNăm;Lần\n2023;1\n".encode(),
    "Windows-1258": fm.cp1258_bytes("Năm,Giải trình\n2023,Kế hoạch\n"),
    "blank and ragged lines": b"a,b,c\n\n,,\nx\n",
    "a NUL": b"a,b\nc,\x00d\n",
    "a row too wide": b"a,b\n" + b",".join([b"x"] * 201) + b"\n",
    "a cell too long": b'a,"' + b"x" * 40_000 + b'"\n',
    "an open quote": b'a,"b\nc,d\n',
}


@pytest.mark.parametrize("case", CSV_BYTES)
def test_whole_text_csv_reads_as_line_by_line(tmp_path: Path, case: str):
    path = tmp_path / "file.csv"
    path.write_bytes(CSV_BYTES[case])

    def read() -> object:
        try:
            return csvfile.read_csv(path)
        except FileRejected as rejection:
            return rejection.problems

    whole = read()
    with per_row_paths():
        assert read() == whole


# --- the summaries summed in memory are the SQL's ---------------------------------------------

ODD_POINTS = [2.0005, 1.0004999, 0.0000000001, 3.0, 0.1 + 0.2, 1234567.0005, -1.0005, None]
ODD_TEXTS = [None, "", " ", "  x  ", "\t", "Giải trình"]


def test_summaries_in_memory_equal_the_sql(engine: Engine):
    """Rows such as a load writes, and odder ones written around it (four decimals, negative
    points, explanations of spaces or a tab): ``summarise`` of the rows as the load holds them
    equals ``etl.summary``'s SQL over the rows as the database stores them."""
    n = 96
    columns: dict[str, list[Any]] = {
        "year": [2023] * n,
        "round": [1 + i % 2 for i in range(n)],
        "unit_code": ["SNV" if i % 3 else "STP" for i in range(n)],
        "criterion_code": [f"c{i}" for i in range(n)],
        "group_code": ["so_nganh"] * n,
        "field_code": [str(i % 4) for i in range(n)],
        "method": ["survey" if i % 5 == 0 else "self" for i in range(n)],
        "evidence_required": [i % 2 == 0 for i in range(n)],
        "max_points": [ODD_POINTS[(i + 3) % 6] for i in range(n)],
        "applicable": [i % 7 != 0 for i in range(n)],
        "self_score": [ODD_POINTS[i % 8] for i in range(n)],
        "appraised_score": [ODD_POINTS[(i * 5) % 8] for i in range(n)],
        "evidence_count": [(None, 0, 2)[i % 3] for i in range(n)],
        "explanation": [ODD_TEXTS[i % 6] for i in range(n)],
        "appraisal_note": [None] * n,
        "batch_id": [1 + i % 2 for i in range(n)],
    }
    assert tuple(columns) == ROW_COLUMNS
    with engine.begin() as conn:
        conn.execute(
            unit.insert(),
            [
                {"code": c, "name": c, "group_code": "so_nganh", "province": "P"}
                for c in ("SNV", "STP")
            ],
        )
        conn.execute(
            load_batch.insert(),
            [
                {
                    "id": b,
                    "file_name": "f",
                    "sha256": "s",
                    "kind": "scores",
                    "rows": 1,
                    "status": "loaded",
                    "loaded_at": dt.datetime(2024, 1, 1),
                }
                for b in (1, 2)
            ],
        )
        insert_columns(conn, score_fact, columns)
    rebuild_summary(engine)
    summed = summarise(columns, engine.dialect.name)
    assert summed is not None
    by_field, by_unit = summed
    assert summaries(engine) == [sorted(by_unit), sorted(by_field)]
    columns["group_code"] = ["huyen" if i == 4 else "so_nganh" for i in range(n)]
    assert summarise(columns, engine.dialect.name) is None  # a unit in two groups: the SQL's
